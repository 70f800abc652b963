// Paired three-way check of the token wrapper against a loopback Anthropic server: the plain client, the client
// with a pass-through fetch (what withOptions alone costs), and the tracked client. `npx node scripts/tokens-overhead-3way.ts`
import Anthropic from '@anthropic-ai/sdk'
import { createLedger, trackClient } from '../src/tokens/index.ts'
import { startLoopback } from '../test/tokens/loopback.ts'
import { anthropicMessage } from '../test/tokens/wire.ts'
const lb = await startLoopback({ keepSeen: false })
lb.route('/v1/messages', { body: anthropicMessage({ input_tokens: 1200, output_tokens: 300, cache_read_input_tokens: 4096, cache_creation_input_tokens: 0 }) })
const ask = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'plan' }] }
const raw = new Anthropic({ apiKey: 'k', baseURL: lb.url, maxRetries: 0 })
const viaGlobal = raw.withOptions({ fetch: (i: any, o: any) => globalThis.fetch(i, o) })
const ledger = createLedger()
const tracked = trackClient(raw, ledger)
const clients = { raw, viaGlobal, tracked } as const
const times: Record<string, number[]> = { raw: [], viaGlobal: [], tracked: [] }
const names = Object.keys(clients) as (keyof typeof clients)[]
for (let i = 0; i < 1500; i++) {
  for (const n of (i % 2 ? names : names.toReversed())) { const t = performance.now(); await clients[n].messages.create(ask); times[n]!.push(performance.now() - t) }
  if (i % 200 === 0) ledger.clear()
}
const med = (xs: number[]) => xs.slice(300).sort((a, b) => a - b)[(xs.length - 300) >> 1]!
for (const n of names) console.log(n, (med(times[n]!) * 1000).toFixed(0), 'µs')
await lb.close()
