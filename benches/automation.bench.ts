// Task pool costs and scaling. 10 ms tasks are real timer waits: they stand for I/O-bound agent calls
// (the pool's job is scheduling them, not computing), so the pool's overhead shows as extra wall time.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from '../src/index.ts'
import { createPool, retryAfterFromHeaders } from '../src/automation/index.ts'

const wait = (ms: number) => new Promise<void>(r => setTimeout(r, ms))
const TASKS = 64, CONCURRENCY = 8, TASK_MS = 10

/** The baseline: Promise.all over CONCURRENCY workers pulling from a shared index. */
async function bare(n: number, c: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: c }, async () => { while (next < n) await fn(next++) }))
}

async function pooled(n: number, c: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  const pool = createPool({ concurrency: c, timeoutMs: 60_000 })
  await Promise.all(Array.from({ length: n }, (_, i) => pool.run({ id: `t${i}`, run: () => fn(i) })))
}

test('pool overhead vs bare Promise.all (64 × 10 ms tasks, concurrency 8)', async ({ bench, metric }) => {
  const task = () => wait(TASK_MS)
  const opts = { time: 300, iterations: 4, warmupIterations: 1, warmupTime: 0 }
  await bench.compare(
    bench('bare Promise.all', () => bare(TASKS, CONCURRENCY, task)),
    bench('pool (timeout + retry policy)', () => pooled(TASKS, CONCURRENCY, task)),
    opts,
  )
  // Paired, interleaved rounds: machine noise hits both sides of each pair alike.
  // Order alternates so neither side always runs first.
  const ratios: number[] = [], bs: number[] = [], ps: number[] = []
  for (let r = 0; r < 16; r++) {
    const timeIt = async (fn: () => Promise<void>) => { const t = performance.now(); await fn(); return performance.now() - t }
    const runBare = () => timeIt(() => bare(TASKS, CONCURRENCY, task)), runPool = () => timeIt(() => pooled(TASKS, CONCURRENCY, task))
    const [b, p] = r % 2 ? [await runBare(), await runPool()] : ([await runPool(), await runBare()].reverse() as [number, number])
    bs.push(b); ps.push(p); ratios.push(p / b - 1)
  }
  await metric('pool.overhead_ratio', ratios, { unit: 'ratio', better: 'lower', kind: 'timing', bench: 'pool (timeout + retry policy)' })
  // Noise on a shared machine only ever adds time, so the fastest rounds show the pool's own cost best.
  await metric('pool.overhead_ratio_min', Math.min(...ps) / Math.min(...bs) - 1, { unit: 'ratio', better: 'lower', kind: 'timing', bench: 'pool (timeout + retry policy)' })
  const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[xs.length >> 1]!
  const perTaskMs = (median(ps) - median(bs)) / TASKS
  await metric('pool.overhead_per_task', perTaskMs, { unit: 'ms', better: 'lower', kind: 'timing', bench: 'pool (timeout + retry policy)' })
})

test('pool CPU cost per task (no-op tasks)', async ({ bench, metric }) => {
  // With nothing to wait on, all that is left is the pool's own bookkeeping.
  const n = 1000
  const noop = () => Promise.resolve()
  const cmp = await bench.compare(
    bench('bare, 1000 no-op tasks', () => bare(n, CONCURRENCY, noop)),
    bench('pool, 1000 no-op tasks', () => pooled(n, CONCURRENCY, noop)),
    { time: 300, warmupTime: 50 },
  )
  const extraUs = (cmp.get('pool, 1000 no-op tasks').latency.mean - cmp.get('bare, 1000 no-op tasks').latency.mean) * 1000 / n
  await metric('pool.cpu_per_task', extraUs, { unit: 'µs', better: 'lower', kind: 'timing', bench: 'pool, 1000 no-op tasks' })
})

/** Loopback HTTP server: each response waits `latencyMs` (a stand-in for a remote API's latency), optionally capped in concurrency with 429s. */
async function startServer(latencyMs: number, maxInFlight = Infinity): Promise<{ url: string; server: Server; rejected: () => number }> {
  let inFlight = 0, rejected = 0
  const server = createServer((req, res) => {
    if (inFlight >= maxInFlight) {
      rejected++
      res.writeHead(429, { 'retry-after-ms': '15', 'content-type': 'application/json' }).end('{"error":"rate_limited"}')
      return
    }
    inFlight++
    setTimeout(() => {
      inFlight--
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url, ok: true }))
    }, latencyMs)
  })
  server.keepAliveTimeout = 5000
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, rejected: () => rejected }
}

async function call(url: string, signal: AbortSignal): Promise<unknown> {
  const res = await fetch(url, { signal })
  const body = await res.json()
  if (res.status === 429 || res.status >= 500) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status, retryAfterMs: retryAfterFromHeaders(res.headers as never) })
  return body
}

test('throughput scaling with concurrency 1..16 (loopback HTTP, 5 ms server latency)', async ({ bench, metric }) => {
  const { url, server } = await startServer(5)
  const N = 48
  const levels = [1, 2, 4, 8, 16]
  const run = (c: number) => async () => {
    const pool = createPool({ concurrency: c, timeoutMs: 10_000 })
    await Promise.all(Array.from({ length: N }, (_, i) => pool.run({ id: `r${i}`, run: ({ signal }) => call(`${url}/item/${i}`, signal) })))
  }
  try {
    const cmp = await bench.compare(...levels.map(c => bench(`concurrency ${c}`, run(c))), { time: 250, iterations: 3, warmupIterations: 1, warmupTime: 0 })
    // Median iteration: one stalled iteration on a shared machine should not set the figure.
    const tput = (c: number) => N / (cmp.get(`concurrency ${c}`).latency.p50 / 1000)
    for (const c of levels) await metric(`throughput.c${c}`, tput(c), { unit: 'req/s', better: 'higher', kind: 'timing', bench: `concurrency ${c}` })
    await metric('throughput.speedup_16_vs_1', tput(16) / tput(1), { unit: 'x', better: 'higher', kind: 'timing', bench: 'concurrency 16' })
  } finally { server.close(); server.closeAllConnections() }
})

test('retries against a rate-limited API (server admits 4 in flight, answers 429 + retry-after-ms)', async ({ bench, metric }) => {
  const { url, server, rejected } = await startServer(5, 4)
  const N = 48
  let retries = 0, runs = 0, failures = 0
  try {
    await bench('pool c=16 vs 4-slot API', async () => {
      const pool = createPool({ concurrency: 16, seed: runs++, retry: { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 200 } })
      const out = await Promise.all(Array.from({ length: N }, (_, i) => pool.settle({ id: `r${i}`, run: ({ signal }) => call(url, signal) })))
      failures += out.filter(s => !s.ok).length
      retries += pool.stats().retries
    }).run({ time: 300, iterations: 4, warmupIterations: 0, warmupTime: 0 })
    // Counts that depend on scheduling: informative, not gated.
    await metric('retries.per_batch', retries / runs, { unit: 'retries', better: 'lower', kind: 'info' })
    await metric('retries.http_429', rejected() / runs, { unit: 'responses', better: 'lower', kind: 'info' })
    await metric('retries.failed_tasks', failures, { unit: 'tasks', better: 'lower', kind: 'deterministic' })
    if (failures > 0) throw new Error(`${failures} task(s) exhausted their retries against the rate-limited server`)
  } finally { server.close(); server.closeAllConnections() }
})
