// Record once against a (loopback) API, replay offline with identical counts; nothing secret on disk.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLedger, openCassette, readCassette, requestKey, trackFetch, type Ledger } from '../../src/tokens/index.ts'
import { startLoopback, type Loopback } from './loopback.ts'
import { anthropicMessage, anthropicStream, chatCompletion } from './wire.ts'

const KEY = 'sk-ant-api03-SECRET-KEY-DO-NOT-STORE'
const PROMPT = 'Confidential roadmap: merge agents Alpha and Beta before Q3'
let lb: Loopback
const dir = mkdtempSync(join(tmpdir(), 'swarmbench-cassette-'))
beforeAll(async () => { lb = await startLoopback() })
afterAll(async () => { await lb.close() })

const claude = (ledger: Ledger, file: string, mode: 'record' | 'replay', extra: object = {}, baseURL = lb.url) => {
  const c = openCassette(file, { mode, ...extra })
  return { client: new Anthropic({ apiKey: mode === 'replay' ? 'replay' : KEY, baseURL, maxRetries: 0, fetch: trackFetch(ledger, c.fetch, { latency: mode === 'record' }) }), c }
}
const ask = { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user' as const, content: PROMPT }] }

describe('cassette', () => {
  it('records without key, auth headers or prompt, and replays offline with identical counts', async () => {
    const file = join(dir, 'a.json')
    lb.script(
      { body: anthropicMessage({ input_tokens: 21, output_tokens: 40, cache_creation_input_tokens: 3000, cache_read_input_tokens: 0 }) },
      { chunks: anthropicStream({ input_tokens: 21, cache_read_input_tokens: 3000, cache_creation_input_tokens: 0, output_tokens: 1 }, { output_tokens: 38 }) },
    )
    const live = createLedger()
    const { client, c } = claude(live, file, 'record')
    await client.messages.create(ask)
    for await (const _ of await client.messages.create({ ...ask, messages: [{ role: 'user', content: PROMPT + ' (again)' }], stream: true })) { /* drain */ }
    expect(c.mode).toBe('record')
    expect(c.used).toBe(2)
    expect(lb.seen.at(-1)!.headers['authorization'] ?? lb.seen.at(-1)!.headers['x-api-key']).toContain(KEY) // the key did go over the wire…
    const text = readFileSync(file, 'utf8')
    for (const secret of [KEY, 'x-api-key', 'authorization', 'Confidential roadmap']) expect(text.toLowerCase()).not.toContain(secret.toLowerCase())
    expect(readCassette(file).interactions.map(i => i.response.status)).toEqual([200, 200])

    const replayed = createLedger()
    const r = claude(replayed, file, 'replay', {}, 'http://127.0.0.1:9') // nothing listens there: offline
    const msg = await r.client.messages.create(ask)
    expect(msg.usage.cache_creation_input_tokens).toBe(3000)
    for await (const _ of await r.client.messages.create({ ...ask, messages: [{ role: 'user', content: PROMPT + ' (again)' }], stream: true })) { /* drain */ }
    const strip = (l: Ledger) => l.entries().map(({ latencyMs: _, ...e }) => e)
    expect(strip(replayed)).toEqual(strip(live))
    expect(replayed.entries().every(e => e.latencyMs === undefined)).toBe(true)
    // Repeated identical requests cycle through their recordings (bench iterations).
    await r.client.messages.create(ask)
    expect(replayed.totals().cacheWrite).toBe(6000)
  })

  it('records each request once: repeats are served from the cassette, failures are asked again', async () => {
    const file = join(dir, 'once.json')
    lb.seen.length = 0
    lb.script({ status: 429, headers: { 'retry-after': '0.01' }, body: { type: 'error', error: { type: 'rate_limit_error', message: 'x' } } },
      { body: anthropicMessage({ input_tokens: 8, output_tokens: 2 }) })
    const c = openCassette(file, { mode: 'record' })
    const client = new Anthropic({ apiKey: KEY, baseURL: lb.url, maxRetries: 1, fetch: c.fetch })
    for (let i = 0; i < 3; i++) await client.messages.create(ask)
    expect(lb.seen).toHaveLength(2) // the 429 and its retry; the two repeats never reached the server
    expect(readCassette(file).interactions.map(i => i.response.status)).toEqual([429, 200])
  })

  it('stores prompts only when explicitly enabled', async () => {
    const file = join(dir, 'b.json')
    lb.script({ body: chatCompletion({ prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 }) })
    const c = openCassette(file, { mode: 'record', storeRequestBodies: true })
    const oa = new OpenAI({ apiKey: 'sk-openai-SECRET', baseURL: `${lb.url}/v1`, maxRetries: 0, fetch: c.fetch })
    await oa.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: PROMPT }] })
    const text = readFileSync(file, 'utf8')
    expect(text).toContain('Confidential roadmap')
    expect(text).not.toContain('sk-openai-SECRET')
  })

  it('explains a request that was not recorded, a missing cassette and a malformed one', async () => {
    const file = join(dir, 'a.json')
    const { client } = claude(createLedger(), file, 'replay', {}, 'http://127.0.0.1:9')
    const err = await client.messages.create({ ...ask, max_tokens: 65 }).catch((e: Error) => e) as Error
    expect((err.cause as Error).message).toMatch(/a\.json: no recorded response for POST \/v1\/messages .*SWARMBENCH_RECORD=1/)
    const saved = { ...process.env }
    delete process.env['ANTHROPIC_API_KEY']; delete process.env['OPENAI_API_KEY']; delete process.env['SWARMBENCH_RECORD']
    try {
      expect(() => openCassette(join(dir, 'missing.json'))).toThrow(/does not exist and no API key is set/)
      process.env['ANTHROPIC_API_KEY'] = 'set'
      expect(openCassette(join(dir, 'missing.json')).mode).toBe('record')
      expect(openCassette(file).mode).toBe('replay')
    } finally { process.env = saved }
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ format: 'swarmbench-token-cassette', version: 1, origin: 'recorded', createdAt: 'x', interactions: [{ method: 'POST', path: 'v1', response: { status: 200, body: '' } }] }))
    expect(() => readCassette(bad)).toThrow(/bad.json: field 'interactions.0.path'/)
    writeFileSync(bad, '{')
    expect(() => readCassette(bad)).toThrow(/cannot read it as JSON/)
  })

  it('matches requests regardless of JSON key order; keyless interactions match by path', async () => {
    expect(requestKey('post', '/v1/messages', '{"a":1,"b":[{"y":2,"x":1}]}')).toBe(requestKey('POST', '/v1/messages', '{"b":[{"x":1,"y":2}],"a":1}'))
    expect(requestKey('POST', '/v1/messages', '{"a":1}')).not.toBe(requestKey('POST', '/v1/messages', '{"a":2}'))
    const file = join(dir, 'keyless.json')
    writeFileSync(file, JSON.stringify({ format: 'swarmbench-token-cassette', version: 1, origin: 'authored', createdAt: '2026-11-21', interactions: [
      { method: 'POST', path: '/v1/messages', response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(anthropicMessage({ input_tokens: 1, output_tokens: 2 })) } },
      { method: 'POST', path: '/v1/messages', response: { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(anthropicMessage({ input_tokens: 3, output_tokens: 4 })) } },
    ] }))
    const l = createLedger()
    const { client } = claude(l, file, 'replay', {}, 'http://127.0.0.1:9')
    for (let i = 0; i < 3; i++) await client.messages.create(ask)
    expect(l.entries().map(e => e.input)).toEqual([1, 3, 1])
  })
})
