// What the token wrapper costs per call: the same real SDK calls to the same loopback server with and
// without tracking (target: < 1%), and the Response-level fallback's own cost against an in-memory fetch.
// The machine is shared and noisy, so the SDK comparison is paired: every iteration makes one untracked and
// one tracked call, alternating which goes first, and the overhead is the median of the paired differences
// relative to the median untracked call. scripts/tokens-overhead.ts measures the same over several processes.
import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll } from 'vitest'
import { stats, test } from '../src/index.ts'
import { createLedger, trackClient, trackFetch } from '../src/tokens/index.ts'
import { startLoopback, type Loopback } from '../test/tokens/loopback.ts'
import { anthropicMessage, anthropicStream } from '../test/tokens/wire.ts'

// Every figure of this file is `info` (the wrapper's cost is gated nowhere): runs sized for medians of hundreds of
// pairs, not for more digits (SDK pairs: 500 ms, was 750 ms; in-memory: 100 ms blocks and 500 pairs, were 200 ms, 1,000).
const PAIRS = 500
const ask = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'plan' }] }
const body = anthropicMessage({ input_tokens: 1200, output_tokens: 300, cache_read_input_tokens: 4096, cache_creation_input_tokens: 0 })
let lb: Loopback
beforeAll(async () => {
  lb = await startLoopback({ keepSeen: false }) // an ever-growing request log would slow later runs
  lb.route('/v1/messages', { body })
  lb.route('/stream/v1/messages', { chunks: anthropicStream({ input_tokens: 1200, cache_read_input_tokens: 4096, output_tokens: 1 }, { output_tokens: 300 }, { tool: true }) })
})
afterAll(async () => { await lb.close() })

/** One bench whose iterations each time an untracked and a tracked call, in alternating order. */
function paired(call: (tracked: boolean) => Promise<void>, between: () => void) {
  const plain: number[] = [], withTracking: number[] = []
  let flip = false
  const timeOne = async (tracked: boolean) => { const t0 = performance.now(); await call(tracked); return performance.now() - t0 }
  const fn = async () => {
    flip = !flip
    const a = await timeOne(flip), b = await timeOne(!flip)
    const [t, u] = flip ? [a, b] : [b, a]
    plain.push(u); withTracking.push(t)
    between()
  }
  // the one overhead estimator: medians of the per-pair ratios and differences
  return { fn, result: () => ({ untrackedMs: stats.median(plain), ...stats.pairedOverhead(plain, withTracking) }) }
}

/** `n` pairs of (untracked, tracked) calls in alternating order, timed one by one. */
async function pairedCalls(n: number, untracked: () => Promise<unknown>, tracked: () => Promise<unknown>): Promise<stats.PairedOverhead> {
  const u: number[] = [], t: number[] = []
  const time = async (f: () => Promise<unknown>) => { const t0 = performance.now(); await f(); return performance.now() - t0 }
  for (let i = 0; i < n; i++) {
    if (i % 2) { u.push(await time(untracked)); t.push(await time(tracked)) } else { t.push(await time(tracked)); u.push(await time(untracked)) }
  }
  return stats.pairedOverhead(u, t)
}

async function pairedTest(name: string, baseURL: string, stream: boolean, ctx: { bench: any; metric: any }) {
  const raw = new Anthropic({ apiKey: 'k', baseURL, maxRetries: 0 })
  const ledger = createLedger()
  const tracked = trackClient(raw, ledger)
  let pairs = 0
  const p = paired(async (t) => {
    const c = t ? tracked : raw
    if (stream) { for await (const _ of await c.messages.create({ ...ask, stream: true })) { /* consume */ } }
    else await c.messages.create(ask)
  }, () => {
    // Read the ledger outside the timed calls, as a benchmark does when it reports; reading parses what queued.
    if (++pairs % 200 === 0) { ledger.take(); ledger.clear() }
  })
  await ctx.bench(name, p.fn).run({ time: 500, warmupTime: 100 })
  const r = p.result()
  // measured against the loopback stand-in API server (test/tokens/loopback.ts), so the call itself is a stand-in's
  const provenance = { kind: 'stand-in', how: 'loopback server on this machine speaking the Anthropic wire format' } as const
  await ctx.metric('overhead.ratio', r.ratio, { unit: 'ratio', better: 'lower', kind: 'info', bench: name, provenance })
  await ctx.metric('overhead.us_per_call', r.difference * 1000, { unit: 'µs', better: 'lower', kind: 'info', bench: name, provenance })
  await ctx.metric('overhead.untracked_call_ms', r.untrackedMs, { unit: 'ms', better: 'lower', kind: 'info', bench: name, provenance })
}

test('wrapper overhead: SDK call to a loopback server, paired tracked vs untracked', async ({ bench, metric }) => {
  await pairedTest('json call pair', lb.url, false, { bench, metric })
})

test('wrapper overhead: streamed SDK call (SSE), paired tracked vs untracked', async ({ bench, metric }) => {
  await pairedTest('stream call pair', `${lb.url}/stream`, true, { bench, metric })
})

test('wrapper cost in isolation: in-memory fetch, tracked vs untracked', async ({ bench, metric }) => {
  const text = JSON.stringify(body)
  const memFetch = async () => new Response(text, { headers: { 'content-type': 'application/json' } })
  const ledger = createLedger()
  const tracked = trackFetch(ledger, memFetch)
  const url = 'http://127.0.0.1/v1/messages', init = { method: 'POST', body: '{}' }
  const untrackedCall = async () => { await (await memFetch()).json() }
  const trackedCall = async () => { await (await tracked(url, init)).json(); if (ledger.entries().length > 1000) ledger.clear() }
  await bench.compare(bench('in-memory untracked', untrackedCall), bench('in-memory tracked', trackedCall), { time: 100, warmupTime: 50 })
  const o = await pairedCalls(PAIRS, untrackedCall, trackedCall)
  await metric('overhead.us_per_call', o.difference * 1000, { unit: 'µs', better: 'lower', kind: 'info', bench: 'in-memory tracked', provenance: 'measured' })
})

test('wrapper cost in isolation: in-memory SSE stream, tracked vs untracked', async ({ bench, metric }) => {
  const text = anthropicStream({ input_tokens: 1200, cache_read_input_tokens: 4096, output_tokens: 1 }, { output_tokens: 300 }, { tool: true }).join('')
  const memFetch = async () => new Response(text, { headers: { 'content-type': 'text/event-stream' } })
  const ledger = createLedger()
  const tracked = trackFetch(ledger, memFetch)
  const url = 'http://127.0.0.1/v1/messages', init = { method: 'POST', body: '{}' }
  const drain = async (res: Response) => { const r = res.body!.getReader(); while (!(await r.read()).done) { /* consume */ } }
  const untrackedCall = async () => { await drain(await memFetch()) }
  const trackedCall = async () => { await drain(await tracked(url, init)); if (ledger.entries().length > 1000) ledger.clear() }
  await bench.compare(bench('in-memory stream untracked', untrackedCall), bench('in-memory stream tracked', trackedCall), { time: 100, warmupTime: 50 })
  const o = await pairedCalls(PAIRS, untrackedCall, trackedCall)
  await metric('overhead.us_per_call', o.difference * 1000, { unit: 'µs', better: 'lower', kind: 'info', bench: 'in-memory stream tracked', provenance: 'measured' })
})
