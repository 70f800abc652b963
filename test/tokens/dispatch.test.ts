// The undici-level observer: every kind of response handler undici may be given, the deferred parsing, and the
// paths that choose it (trackClient through fetchOptions, trackFetch with its fallback).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { dispatchTracked, globalDispatcher, trackingDispatcher, type Dispatcher } from '../../src/tokens/dispatch.ts'
import { createLedger, DEFER_LIMIT, trackClient, trackFetch, type Ledger } from '../../src/tokens/index.ts'
import { startLoopback, type Loopback } from './loopback.ts'
import { anthropicMessage, anthropicStream } from './wire.ts'

let lb: Loopback
let ledger: Ledger
beforeAll(async () => { lb = await startLoopback() })
afterAll(async () => { await lb.close() })
beforeEach(() => { ledger = createLedger(); lb.seen.length = 0 })

const ask = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'plan' }] }
const origin = () => lb.url
const post = (path: string) => ({ origin: origin(), path, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })

/** Dispatch straight into undici with `handler`, resolving with what the handler saw. */
function dispatchWith(handler: (done: (seen: { status: number; body: string; error?: Error }) => void) => object, path = '/v1/messages') {
  return new Promise<{ status: number; body: string; error?: Error }>(resolve => {
    dispatchTracked(ledger, globalDispatcher(), post(path), handler(resolve))
  })
}

describe('dispatchTracked: every handler interface undici may pass', () => {
  it("replaces the methods of fetch's own handler object in place, and reads the body as it passes", async () => {
    lb.script({ body: anthropicMessage({ input_tokens: 11, output_tokens: 7, cache_read_input_tokens: 300 }) })
    const res = await fetch(`${lb.url}/v1/messages`, { method: 'POST', body: '{}', dispatcher: trackingDispatcher(ledger) } as RequestInit)
    expect((await res.json() as { usage: { input_tokens: number } }).usage.input_tokens).toBe(11)
    expect(ledger.queued()).toBe(1) // parsed only when the ledger is read
    expect(ledger.entries()).toMatchObject([{ provider: 'anthropic', input: 11, output: 7, cacheRead: 300, requests: 1 }])
    expect(ledger.queued()).toBe(0)
    expect(ledger.entries()[0]!.latencyMs).toBeGreaterThan(0)
  })

  it('wraps a handler of the original interface whose methods live on a class', async () => {
    lb.script({ body: anthropicMessage({ input_tokens: 3, output_tokens: 2 }) })
    class Collect {
      status = 0; parts: Buffer[] = []
      done: (s: { status: number; body: string }) => void
      constructor(done: (s: { status: number; body: string }) => void) { this.done = done }
      onConnect() {}
      onHeaders(status: number) { this.status = status; return true }
      onData(chunk: Buffer) { this.parts.push(chunk); return true }
      onComplete() { this.done({ status: this.status, body: Buffer.concat(this.parts).toString() }) }
      onError(error: Error) { this.done({ status: this.status, body: '', error } as never) }
    }
    const seen = await dispatchWith(done => new Collect(done))
    expect(seen.status).toBe(200)
    expect(JSON.parse(seen.body).usage.input_tokens).toBe(3)
    expect(ledger.totals()).toMatchObject({ input: 3, output: 2, requests: 1 })
  })

  it("wraps a handler of undici 7's controller-first interface", async () => {
    lb.script({ chunks: anthropicStream({ input_tokens: 21, output_tokens: 1 }, { output_tokens: 9 }) })
    const seen = await dispatchWith(done => {
      let status = 0, body = ''
      return {
        onRequestStart() {},
        onResponseStart(_c: unknown, s: number) { status = s },
        onResponseData(_c: unknown, chunk: Buffer) { body += chunk.toString() },
        onResponseEnd() { done({ status, body }) },
        onResponseError(_c: unknown, error: Error) { done({ status, body, error }) },
      }
    })
    expect(seen.body).toContain('message_stop')
    expect(ledger.totals()).toMatchObject({ input: 21, output: 9, requests: 1, failedRequests: 0 })
  })

  it('passes requests to other endpoints through untouched', async () => {
    lb.route('/v1/models', { body: { data: [] } })
    const handler = { onConnect() {}, onHeaders: () => true, onData: () => true, onComplete: () => {}, onError: () => {} }
    const before = handler.onData
    await new Promise<void>(resolve => {
      handler.onComplete = () => resolve()
      dispatchTracked(ledger, globalDispatcher(), { ...post('/v1/models'), method: 'GET', body: undefined as never }, handler)
    })
    expect(handler.onData).toBe(before)
    expect(ledger.entries()).toHaveLength(0)
  })

  it('records a request that never got an answer', async () => {
    const closed = createServer()
    await new Promise<void>(ok => closed.listen(0, '127.0.0.1', ok))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>(ok => closed.close(() => ok()))
    const c = trackClient(new Anthropic({ apiKey: 'k', baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 }), ledger)
    await expect(c.messages.create(ask)).rejects.toThrow(/Connection error/)
    await ledger.settled()
    expect(ledger.entries()).toMatchObject([{ provider: 'anthropic', error: expect.stringMatching(/^request failed: /) }])
  })
})

describe('deferred parsing', () => {
  it('runs at once when the queue passes its limit, and keeps entries in the order they happened', async () => {
    const saved = { ...DEFER_LIMIT }
    DEFER_LIMIT.responses = 2
    try {
      lb.script({ body: anthropicMessage({ input_tokens: 1, output_tokens: 1 }) })
      const c = trackClient(new Anthropic({ apiKey: 'k', baseURL: lb.url, maxRetries: 0 }), ledger)
      await c.messages.create(ask)
      expect(ledger.queued()).toBe(1)
      await c.messages.create(ask)
      expect(ledger.queued()).toBe(0) // the second reached the limit
      ledger.record({ provider: 'manual', input: 99 })
      await c.messages.create(ask)
      expect(ledger.entries().map(e => e.input)).toEqual([1, 1, 99, 1])
    } finally { Object.assign(DEFER_LIMIT, saved) }
  })

  it('settled() waits for a response still arriving', async () => {
    let finish!: () => void
    const slow = createServer((req, res) => {
      req.resume()
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const [first, ...rest] = anthropicStream({ input_tokens: 5, output_tokens: 1 }, { output_tokens: 2 })
      res.write(first)
      finish = () => { for (const c of rest) res.write(c); res.end() }
    })
    await new Promise<void>(ok => slow.listen(0, '127.0.0.1', ok))
    try {
      const c = trackClient(new Anthropic({ apiKey: 'k', baseURL: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`, maxRetries: 0 }), ledger)
      const stream = await c.messages.create({ ...ask, stream: true })
      const consumed = (async () => { for await (const _ of stream) { /* consume */ } })()
      let settled = false
      const waiting = ledger.settled().then(() => { settled = true })
      await new Promise(r => setTimeout(r, 30))
      expect(settled).toBe(false)
      finish()
      await waiting
      await consumed
      expect(ledger.totals()).toMatchObject({ input: 5, output: 2, failedRequests: 0 })
    } finally { slow.closeAllConnections(); slow.close() }
  })

  it('records a stream the consumer stops reading as cancelled, with what arrived', async () => {
    // ~1 MB of deltas after message_start: more than can have arrived when the consumer stops at the first event.
    const [start, ...rest] = anthropicStream({ input_tokens: 44, output_tokens: 1 }, { output_tokens: 9 })
    const delta = `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${'x'.repeat(200)}"}}\n\n`
    lb.script({ chunks: [start!, ...Array(4000).fill(delta), ...rest] })
    const c = trackClient(new Anthropic({ apiKey: 'k', baseURL: lb.url, maxRetries: 0 }), ledger)
    const stream = await c.messages.create({ ...ask, stream: true })
    for await (const ev of stream) if (ev.type === 'message_start') break
    expect(await ledger.settled(2000)).toBe(true)
    expect(ledger.entries()).toMatchObject([{ input: 44, error: 'body cancelled by the consumer' }])
  })
})

describe('which path a client takes', () => {
  it("keeps a dispatcher the client already had (a proxy agent, say), inside the tracking one", async () => {
    lb.script({ body: anthropicMessage({ input_tokens: 8, output_tokens: 2 }) })
    let throughOwn = 0
    const own: Dispatcher = { dispatch: (o, h) => { throughOwn++; return globalDispatcher().dispatch(o, h) } }
    const raw = new Anthropic({ apiKey: 'k', baseURL: lb.url, maxRetries: 0, fetchOptions: { dispatcher: own } as never })
    await trackClient(raw, ledger).messages.create(ask)
    expect(throughOwn).toBe(1)
    expect(ledger.totals()).toMatchObject({ input: 8, requests: 1 })
  })

  it('trackFetch over an undici fetch records once, through the dispatcher, with or without latency', async () => {
    lb.script({ body: anthropicMessage({ input_tokens: 6, output_tokens: 1 }) })
    const f = trackFetch(ledger)
    const res = await f(`${lb.url}/v1/messages`, { method: 'POST', body: '{}' })
    await res.json()
    const untimed = trackFetch(ledger, fetch, { latency: false })
    await (await untimed(`${lb.url}/v1/messages`, { method: 'POST', body: '{}' })).text()
    const [timed, notTimed] = ledger.entries()
    expect(ledger.entries()).toHaveLength(2)
    expect(timed!.latencyMs).toBeGreaterThan(0)
    expect(notTimed!.latencyMs).toBeUndefined()
    expect(Object.hasOwn(res, 'json')).toBe(false) // the Response itself was left alone
  })

  it('a fetch that does not go through undici falls back to reading the Response', async () => {
    const body = JSON.stringify(anthropicMessage({ input_tokens: 12, output_tokens: 3 }))
    const f = trackFetch(ledger, async () => new Response(body, { headers: { 'content-type': 'application/json' } }))
    await (await f(`${lb.url}/v1/messages`, { method: 'POST', body: '{}' })).json()
    expect(ledger.entries()).toMatchObject([{ input: 12, output: 3 }])
  })
})

describe('endpointKind', () => {
  it('picks out the tracked endpoints, with or without a query, in any method case', async () => {
    const { endpointKind } = await import('../../src/tokens/stream.ts')
    expect(endpointKind('POST', '/v1/messages')).toBe('anthropic.messages')
    expect(endpointKind('post', '/v1/messages?beta=true')).toBe('anthropic.messages')
    expect(endpointKind('POST', '/openai/deployments/x/chat/completions?api-version=2025-01-01')).toBe('openai.chat')
    expect(endpointKind('POST', '/v1/responses')).toBe('openai.responses')
    expect(endpointKind('POST', '/v1/messages?next=/responses')).toBe('anthropic.messages') // the query is not the path
    expect(endpointKind('GET', '/v1/messages/batches/msgbatch_1/results')).toBe('anthropic.batch-results')
    expect(endpointKind('get', '/v1/messages/batches/msgbatch_1/results?x=1')).toBe('anthropic.batch-results')
    for (const [m, p] of [['POST', '/v1/messages/count_tokens'], ['GET', '/v1/messages'], ['POST', '/v1/messages/batches'],
      ['GET', '/v1/files/results'], ['DELETE', '/v1/responses'], ['POST', '/v1/embeddings'], ['POST', '/v1/models?next=/messages']] as const) {
      expect(endpointKind(m, p), `${m} ${p}`).toBeUndefined()
    }
  })
})

describe('a dispatcher that throws', () => {
  it('ends the request in the ledger, so settled() does not wait for it forever', async () => {
    const broken: Dispatcher = { dispatch: () => { throw new Error('no route to host') } }
    const handler = { onConnect() {}, onHeaders: () => true, onData: () => true, onComplete: () => {}, onError: () => {} }
    expect(() => dispatchTracked(ledger, broken, post('/v1/messages'), handler)).toThrow('no route to host')
    await ledger.settled()
    expect(ledger.entries()).toMatchObject([{ provider: 'anthropic', error: 'request failed: Error' }])
  })
})
