// What the token wrapper costs per call, side by side: a real SDK client calling a loopback server that speaks
// the API's wire format, plain, with a pass-through fetch (what any custom fetch costs), and tracked.
//
// Each round makes one call with each client, cycling through every order of the clients: a call's time depends
// on which call came just before it, and a merely rotating order biased whichever client came last. The
// overhead is the median of the per-round differences against the plain client, relative to the median plain
// call; the first fifth of the rounds is warm-up. A process's figure moves by a few µs from one process to the
// next (JIT and memory layout), more than within one, so --processes runs several and reports their median.
//
// The tracked client leaves its parsing to when the ledger is read; that deferred work is timed separately
// (µs per response, hot) and reported too, since a benchmark pays it once, when it reports.
//
// --response picks what the loopback answers:
// - minimal: the test suite's bodies (a 463-byte message; a stream of 11 events with two text deltas) and only
//   Node's own headers. Their usage claims 300 output tokens that the text does not contain.
// - realistic: consistent with that usage and with what the APIs send: ~1,200 characters of text for the 300
//   output tokens (about four characters a token), streamed as ~100 deltas of three tokens, and the documented
//   response headers (request id, organization, rate-limit state) that every real response carries.
//
// --tracker compares, in alternating processes, swarmbench's tracking with stand-ins that record nothing usable
// (scripts/overhead-stand-ins.ts): what the least interception costs here. --server separate runs the loopback
// server in its own process, as a real API server would be, instead of in the measuring one.
//
//   npx node scripts/tokens-overhead.ts [--api anthropic|openai] [--stream] [--response minimal|realistic]
//                                       [--tracker swarmbench,references,diagnostics] [--server in-process|separate]
//                                       [--calls 2000] [--processes 7] [--json out.json]
import { spawn, spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { createLedger, trackClient } from '../src/tokens/index.ts'
import { median } from '../src/compare/stats/index.ts'
import { diagnosticsDispatcher, kept, referencesDispatcher } from './overhead-stand-ins.ts'
import { sse, startLoopback, type Loopback } from '../test/tokens/loopback.ts'
import { anthropicMessage, anthropicStream } from '../test/tokens/wire.ts'

const { values } = parseArgs({
  options: {
    api: { type: 'string', default: 'anthropic' },
    stream: { type: 'boolean', default: false },
    response: { type: 'string', default: 'minimal' },
    calls: { type: 'string', default: '2000' },
    processes: { type: 'string', default: '1' },
    tracker: { type: 'string', default: 'swarmbench' },
    server: { type: 'string', default: 'in-process' },
    json: { type: 'string' },
    child: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
  },
})
const calls = Number(values.calls), processes = Number(values.processes)
const fail = (msg: string) => { console.error(`tokens-overhead: ${msg}`); process.exit(2) }
if (!Number.isInteger(calls) || calls < 12) fail(`--calls takes a whole number ≥ 12, got '${values.calls}'`)
if (!Number.isInteger(processes) || processes < 1) fail(`--processes takes a whole number ≥ 1, got '${values.processes}'`)
if (values.api !== 'anthropic' && values.api !== 'openai') fail(`--api is anthropic or openai, got '${values.api}'`)
if (values.response !== 'minimal' && values.response !== 'realistic') fail(`--response is minimal or realistic, got '${values.response}'`)
if (values.server !== 'in-process' && values.server !== 'separate') fail(`--server is in-process or separate, got '${values.server}'`)
const TRACKERS = ['swarmbench', 'references', 'diagnostics'] as const
type Tracker = typeof TRACKERS[number]
const trackers = values.tracker!.split(',') as Tracker[]
for (const t of trackers) if (!TRACKERS.includes(t)) fail(`--tracker takes a comma-separated list of ${TRACKERS.join(', ')}; got '${t}'`)

const NAMES = ['plain', 'passThrough', 'tracked'] as const
type Name = typeof NAMES[number]
interface ProcessResult { tracker: Tracker; plainUs: number; deltaUs: Record<Name, number>; deferredUsPerResponse: number; requests: number }


const ANTHROPIC_HEADERS = {
  'request-id': 'req_011CVexample0000000000000', 'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
  ...Object.fromEntries(['requests', 'tokens', 'input-tokens', 'output-tokens'].flatMap(k => [
    [`anthropic-ratelimit-${k}-limit`, '4000000'], [`anthropic-ratelimit-${k}-remaining`, '3999000'], [`anthropic-ratelimit-${k}-reset`, '2026-11-22T03:00:00Z']])),
}
const OPENAI_HEADERS = {
  'x-request-id': 'req_0123456789abcdef0123456789abcdef', 'openai-organization': 'org-example', 'openai-processing-ms': '420', 'openai-version': '2020-10-01',
  'x-ratelimit-limit-requests': '10000', 'x-ratelimit-limit-tokens': '30000000', 'x-ratelimit-remaining-requests': '9999',
  'x-ratelimit-remaining-tokens': '29994704', 'x-ratelimit-reset-requests': '6ms', 'x-ratelimit-reset-tokens': '10ms',
}
/** ~1,200 characters: what 300 output tokens of English come to. */
const TEXT = Array.from({ length: 20 }, (_, i) => `Step ${i + 1}: the planner hands part ${i + 1} of the task to an agent. `).join('').slice(0, 1200)
const pieces = (text: string, size: number) => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size))

function routeResponses(lb: Loopback, realistic: boolean): void {
  const usage = { input_tokens: 1200, output_tokens: 300, cache_read_input_tokens: 4096, cache_creation_input_tokens: 0 }
  const chatUsage = { prompt_tokens: 5296, completion_tokens: 300, total_tokens: 5596, prompt_tokens_details: { cached_tokens: 4096 } }
  const chatChunk = (content: string) => ({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4.1', choices: [{ index: 0, delta: { content }, finish_reason: null }] })
  const chat = (content: string) => ({ id: 'c', object: 'chat.completion', created: 1, model: 'gpt-4.1', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }], usage: chatUsage })
  const chatEnd: Array<[undefined, unknown]> = [[undefined, { ...chatChunk(''), choices: [], usage: chatUsage }], [undefined, '[DONE]']]
  if (!realistic) {
    lb.route('/v1/messages', { body: anthropicMessage(usage) })
    lb.route('/stream/v1/messages', { chunks: anthropicStream({ ...usage, output_tokens: 1 }, { output_tokens: 300 }, { tool: true }) })
    lb.route('/v1/chat/completions', { body: chat('A plan in three steps.') })
    lb.route('/stream/v1/chat/completions', { chunks: sse([...['A ', 'plan ', 'in ', 'three ', 'steps', '.'].map(t => [undefined, chatChunk(t)] as [undefined, unknown]), ...chatEnd]) })
    return
  }
  const message = anthropicMessage(usage)
  lb.route('/v1/messages', { headers: ANTHROPIC_HEADERS, body: { ...message, content: [{ type: 'text', text: TEXT, citations: null }] } })
  lb.route('/stream/v1/messages', { headers: ANTHROPIC_HEADERS, chunks: sse([
    ['message_start', { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
    ['ping', { type: 'ping' }],
    ...pieces(TEXT, 12).map(t => ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: t } }] as [string, unknown]),
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 300 } }],
    ['message_stop', { type: 'message_stop' }],
  ]) })
  lb.route('/v1/chat/completions', { headers: OPENAI_HEADERS, body: chat(TEXT) })
  lb.route('/stream/v1/chat/completions', { headers: OPENAI_HEADERS, chunks: sse([...pieces(TEXT, 12).map(t => [undefined, chatChunk(t)] as [undefined, unknown]), ...chatEnd]) })
}

async function serve(): Promise<Loopback> {
  const lb = await startLoopback({ keepSeen: false })
  routeResponses(lb, values.response === 'realistic')
  return lb
}

/** The loopback server in a child process of its own; it prints its URL and serves until killed. */
async function separateServer(): Promise<{ url: string; close(): Promise<void> }> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--serve', '--response', values.response!]
  // Its stdin is a pipe from here: when this process ends, however it ends, the server sees it close and exits.
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] })
  const url = await new Promise<string>((ok, ko) => {
    child.stdout.once('data', (d: Buffer) => ok(d.toString().trim()))
    child.once('exit', code => ko(new Error(`the loopback server exited (${code}) before serving`)))
  })
  return { url, close: async () => { child.kill() } }
}

function track<C extends Anthropic | OpenAI>(client: C, ledger: ReturnType<typeof createLedger>, tracker: Tracker): C {
  if (tracker === 'swarmbench') return trackClient(client as Anthropic, ledger) as unknown as C
  const dispatcher = tracker === 'references' ? referencesDispatcher() : diagnosticsDispatcher()
  return client.withOptions({ fetchOptions: { dispatcher } } as never) as C
}

async function measureOneProcess(tracker: Tracker): Promise<ProcessResult> {
  const lb = values.server === 'separate' ? await separateServer() : await serve()
  const baseURL = values.stream ? `${lb.url}/stream${values.api === 'openai' ? '/v1' : ''}` : `${lb.url}${values.api === 'openai' ? '/v1' : ''}`
  const ledger = createLedger()
  let call: Record<Name, () => Promise<void>>
  if (values.api === 'anthropic') {
    const raw = new Anthropic({ apiKey: 'k', baseURL, maxRetries: 0 })
    const ask = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'plan' }] }
    const make = (c: Anthropic) => values.stream
      ? async () => { for await (const _ of await c.messages.create({ ...ask, stream: true })) { /* consume */ } }
      : async () => { await c.messages.create(ask) }
    call = { plain: make(raw), passThrough: make(raw.withOptions({ fetch: (i, o) => globalThis.fetch(i, o) })), tracked: make(track(raw, ledger, tracker)) }
  } else {
    const raw = new OpenAI({ apiKey: 'k', baseURL, maxRetries: 0 })
    const ask = { model: 'gpt-4.1', messages: [{ role: 'user' as const, content: 'plan' }] }
    const make = (c: OpenAI) => values.stream
      ? async () => { for await (const _ of await c.chat.completions.create({ ...ask, stream: true, stream_options: { include_usage: true } })) { /* consume */ } }
      : async () => { await c.chat.completions.create(ask) }
    call = { plain: make(raw), passThrough: make(raw.withOptions({ fetch: (i, o) => globalThis.fetch(i, o) })), tracked: make(track(raw, ledger, tracker)) }
  }

  const orders = (xs: number[]): number[][] => xs.length <= 1 ? [xs] : xs.flatMap((x, i) => orders([...xs.slice(0, i), ...xs.slice(i + 1)]).map(p => [x, ...p]))
  const ORDERS = orders(NAMES.map((_, i) => i))
  const times: Record<Name, number[]> = { plain: [], passThrough: [], tracked: [] }
  const deferred: number[] = []
  let requests = 0
  for (let i = 0; i < calls; i++) {
    for (const k of ORDERS[i % ORDERS.length]!) {
      const n = NAMES[k]!
      const t = performance.now()
      await call[n]()
      times[n].push(performance.now() - t)
    }
    // A benchmark reads its ledger once, after its iterations: do the same every 200 rounds, and time it.
    if (i % 200 === 199 || i === calls - 1) {
      const queued = ledger.queued()
      const t = performance.now()
      const taken = ledger.take()
      if (tracker !== 'swarmbench' && kept.length === 0) throw new Error(`the ${tracker} stand-in saw no response`)
      kept.length = 0
      if (queued > 0) deferred.push(1000 * (performance.now() - t) / queued)
      requests += taken.length
      if (taken.some(e => e.error)) throw new Error(`a tracked call failed: ${taken.find(e => e.error)!.error}`)
    }
  }
  await lb.close()
  const skip = Math.floor(calls / 5)
  const plain = times.plain.slice(skip)
  const deltaUs = Object.fromEntries(NAMES.map(n => [n, 1000 * median(times[n].slice(skip).map((x, i) => x - plain[i]!))])) as Record<Name, number>
  return { tracker, plainUs: 1000 * median(plain), deltaUs, deferredUsPerResponse: median(deferred), requests }
}

const pct = (us: number, base: number) => `${(100 * us / base).toFixed(2)}%`
const what = `${values.api} ${values.stream ? 'streamed' : 'JSON'} calls to a loopback server (${values.response} responses, server ${values.server})`

const signedUs = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(1)} µs`
const range = (xs: number[]) => `${median(xs).toFixed(2)}%  [${Math.min(...xs).toFixed(2)}% – ${Math.max(...xs).toFixed(2)}%]`

if (values.serve) {
  const lb = await serve()
  process.stdin.on('end', () => process.exit(0)).resume()
  process.stdout.write(`${lb.url}\n`)
} else if (values.child) {
  process.stdout.write(JSON.stringify(await measureOneProcess(trackers[0]!)) + '\n')
} else {
  const results: ProcessResult[] = []
  const alone = processes === 1 && trackers.length === 1
  // Trackers take turns process by process, so that a slow spell of the machine falls on all of them.
  for (let p = 0; p < processes; p++) for (const tracker of trackers) {
    let r: ProcessResult
    if (alone) r = await measureOneProcess(tracker)
    else {
      // Separate processes: that is where the spread is. Arguments as an array, no shell.
      const args = [...process.execArgv, fileURLToPath(import.meta.url), '--child', '--tracker', tracker, '--server', values.server!,
        '--api', values.api!, '--response', values.response!, '--calls', String(calls), ...(values.stream ? ['--stream'] : [])]
      const out = spawnSync(process.execPath, args, { encoding: 'utf8' })
      if (out.status !== 0) fail(`measuring process ${p + 1} (${tracker}) failed:\n${out.stderr}`)
      r = JSON.parse(out.stdout.trim().split('\n').at(-1)!) as ProcessResult
      r.deferredUsPerResponse ??= NaN // JSON has no NaN: a run that deferred nothing
    }
    results.push(r)
    console.log(`process ${p + 1}/${processes} ${tracker}: plain ${r.plainUs.toFixed(0)} µs; passThrough ${r.deltaUs.passThrough.toFixed(1)} µs (${pct(r.deltaUs.passThrough, r.plainUs)}); tracked ${r.deltaUs.tracked.toFixed(1)} µs (${pct(r.deltaUs.tracked, r.plainUs)}); deferred parse ${r.deferredUsPerResponse.toFixed(1)} µs/response`)
  }
  const rounds = calls - Math.floor(calls / 5)
  console.log(`\n${what}: ${processes} process(es) per tracker × ${rounds} paired rounds after ${Math.floor(calls / 5)} warm-up; median over processes [min – max]`)
  console.log(`plain call              ${median(results.map(r => r.plainUs)).toFixed(0)} µs`)
  console.log(`passThrough fetch       ${signedUs(median(results.map(r => r.deltaUs.passThrough)))} = ${range(results.map(r => 100 * r.deltaUs.passThrough / r.plainUs))}`)
  for (const tracker of trackers) {
    const mine = results.filter(r => r.tracker === tracker)
    const label = tracker === 'swarmbench' ? 'tracked' : `${tracker} (stand-in)`
    console.log(`${label.padEnd(24)}${signedUs(median(mine.map(r => r.deltaUs.tracked)))} = ${range(mine.map(r => 100 * r.deltaUs.tracked / r.plainUs))}`)
  }
  if (trackers.includes('swarmbench')) {
    console.log(`deferred parse          ${median(results.filter(r => r.tracker === 'swarmbench').map(r => r.deferredUsPerResponse)).toFixed(1)} µs per response, when the ledger is read`)
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ what, calls, processes, trackers, results }, null, 2) + '\n')
}
