// Paired three-way check of the token wrapper against a loopback Anthropic server: the plain client, the client
// with a pass-through fetch (what a custom fetch alone costs), and the tracked client. Each round makes one call
// with each; the overhead is the median of the per-round differences, relative to the median plain call. The
// first fifth of the rounds is warm-up and is dropped.
// Rounds cycle through every order of the three clients: a call's time depends on which call came just before
// it (by ~30 µs here), and a merely rotating order always put the same client just before the plain one.
//   npx node scripts/tokens-overhead-3way.ts [--stream] [--calls 4000]
import { parseArgs } from 'node:util'
import Anthropic from '@anthropic-ai/sdk'
import { createLedger, trackClient } from '../src/tokens/index.ts'
import { startLoopback } from '../test/tokens/loopback.ts'
import { anthropicMessage, anthropicStream } from '../test/tokens/wire.ts'

const { values } = parseArgs({ options: { stream: { type: 'boolean', default: false }, calls: { type: 'string', default: '4000' } } })
const calls = Number(values.calls)
if (!Number.isInteger(calls) || calls < 12) { console.error(`tokens-overhead-3way: --calls takes a whole number ≥ 12, got '${values.calls}'`); process.exit(2) }
const lb = await startLoopback({ keepSeen: false })
lb.route('/v1/messages', { body: anthropicMessage({ input_tokens: 1200, output_tokens: 300, cache_read_input_tokens: 4096, cache_creation_input_tokens: 0 }) })
lb.route('/stream/v1/messages', { chunks: anthropicStream({ input_tokens: 1200, cache_read_input_tokens: 4096, output_tokens: 1 }, { output_tokens: 300 }, { tool: true }) })
const ask = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'plan' }] }
const raw = new Anthropic({ apiKey: 'k', baseURL: values.stream ? `${lb.url}/stream` : lb.url, maxRetries: 0 })
const ledger = createLedger()
const clients = { plain: raw, passThrough: raw.withOptions({ fetch: (i: any, o: any) => globalThis.fetch(i, o) }), tracked: trackClient(raw, ledger) }
const names = Object.keys(clients) as (keyof typeof clients)[]
const orders = (xs: number[]): number[][] => xs.length <= 1 ? [xs] : xs.flatMap((x, i) => orders([...xs.slice(0, i), ...xs.slice(i + 1)]).map(p => [x, ...p]))
const ORDERS = orders(names.map((_, i) => i))
const times: Record<string, number[]> = { plain: [], passThrough: [], tracked: [] }
for (let i = 0; i < calls; i++) {
  for (const k of ORDERS[i % ORDERS.length]!) {
    const n = names[k]!
    const t = performance.now()
    if (values.stream) { for await (const _ of await clients[n].messages.create({ ...ask, stream: true })) { /* consume */ } }
    else await clients[n].messages.create(ask)
    times[n]!.push(performance.now() - t)
  }
  if (i % 200 === 0) ledger.clear()
}
await lb.close()
const skip = Math.floor(calls / 5)
const median = (xs: number[]) => { const s = xs.toSorted((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2 }
const plainMed = median(times.plain!.slice(skip))
const pairedDiff = (n: string) => median(times[n]!.slice(skip).map((x, i) => x - times.plain![i + skip]!))
console.log(`${values.stream ? 'streamed (SSE, 11 events)' : 'JSON'} calls to a loopback server, ${calls - skip} paired rounds after ${skip} warm-up`)
for (const n of names) {
  const d = pairedDiff(n)
  console.log(`${n.padEnd(12)} median ${(median(times[n]!.slice(skip)) * 1000).toFixed(0).padStart(6)} µs   paired Δ vs plain ${(d * 1000).toFixed(1).padStart(7)} µs = ${(100 * d / plainMed).toFixed(2).padStart(6)}%`)
}
const t = ledger.totals()
console.log(`ledger (last block): ${t.requests} requests, ${t.input} input, ${t.output} output, ${t.cacheRead} cache-read tokens`)
