// What the token wrapper costs per call: the same real SDK calls to the same loopback server with and
// without tracking (target: < 1%), and the wrapper's own cost in isolation against an in-memory fetch,
// where nothing else varies, expressed as a fraction of a loopback call.
import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll } from 'vitest'
import { test } from '../src/index.ts'
import { createLedger, trackClient, trackFetch } from '../src/tokens/index.ts'
import { startLoopback, type Loopback } from '../test/tokens/loopback.ts'
import { anthropicMessage, anthropicStream } from '../test/tokens/wire.ts'

const RUN = { time: 500, warmupTime: 100 } as const
const ask = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'plan' }] }
const body = anthropicMessage({ input_tokens: 1200, output_tokens: 300, cache_read_input_tokens: 4096, cache_creation_input_tokens: 0 })
let lb: Loopback
beforeAll(async () => {
  lb = await startLoopback()
  lb.route('/v1/messages', { body })
  lb.route('/stream/v1/messages', { chunks: anthropicStream({ input_tokens: 1200, cache_read_input_tokens: 4096, output_tokens: 1 }, { output_tokens: 300 }, { tool: true }) })
})
afterAll(async () => { await lb.close() })

const ratio = (a: number, b: number) => a / b - 1

test('wrapper overhead: SDK call to a loopback server, tracked vs untracked', async ({ bench, metric }) => {
  const raw = new Anthropic({ apiKey: 'k', baseURL: lb.url, maxRetries: 0 })
  const ledger = createLedger()
  const tracked = trackClient(raw, ledger)
  const r = await bench.compare(
    bench('untracked', async () => { await raw.messages.create(ask) }),
    bench('tracked', async () => { await tracked.messages.create(ask); if (ledger.entries().length > 10_000) ledger.clear() }),
    RUN,
  )
  await metric('overhead.ratio', ratio(r.get('tracked').latency.mean, r.get('untracked').latency.mean), { unit: 'ratio', better: 'lower', kind: 'info', bench: 'tracked' })
})

test('wrapper overhead: streamed SDK call (SSE), tracked vs untracked', async ({ bench, metric }) => {
  const raw = new Anthropic({ apiKey: 'k', baseURL: `${lb.url}/stream`, maxRetries: 0 })
  const ledger = createLedger()
  const tracked = trackClient(raw, ledger)
  const drain = async (c: Anthropic) => { for await (const _ of await c.messages.create({ ...ask, stream: true })) { /* consume */ } }
  const r = await bench.compare(
    bench('untracked stream', () => drain(raw)),
    bench('tracked stream', async () => { await drain(tracked); if (ledger.entries().length > 10_000) ledger.clear() }),
    RUN,
  )
  await metric('overhead.ratio', ratio(r.get('tracked stream').latency.mean, r.get('untracked stream').latency.mean), { unit: 'ratio', better: 'lower', kind: 'info', bench: 'tracked stream' })
})

test('wrapper cost in isolation: in-memory fetch, tracked vs untracked', async ({ bench, metric }) => {
  const text = JSON.stringify(body)
  const memFetch = async () => new Response(text, { headers: { 'content-type': 'application/json' } })
  const ledger = createLedger()
  const tracked = trackFetch(ledger, memFetch)
  const url = 'http://127.0.0.1/v1/messages', init = { method: 'POST', body: '{}' }
  const r = await bench.compare(
    bench('in-memory untracked', async () => { await (await memFetch()).json() }),
    bench('in-memory tracked', async () => { await (await tracked(url, init)).json(); if (ledger.entries().length > 10_000) ledger.clear() }),
    RUN,
  )
  const us = (r.get('in-memory tracked').latency.mean - r.get('in-memory untracked').latency.mean) * 1000
  await metric('overhead.us_per_call', us, { unit: 'µs', better: 'lower', kind: 'info', bench: 'in-memory tracked' })
  // Against the cost of one real SDK call to the loopback server, measured here too.
  const raw = new Anthropic({ apiKey: 'k', baseURL: lb.url, maxRetries: 0 })
  const call = await bench('loopback SDK call', async () => { await raw.messages.create(ask) }).run({ time: 300, warmupTime: 100 })
  await metric('overhead.ratio_of_loopback_call', us / 1000 / call.latency.mean, { unit: 'ratio', better: 'lower', kind: 'info', bench: 'in-memory tracked' })
})
