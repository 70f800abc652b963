// Issue 21's benchmark: the same run ingested into a SQLite history and into a PostgreSQL history, side by side
// (A B A B), and `history list` over a history of 10,000 runs on both. A measurement, not a test.
//   npx node scripts/store-ingest.ts [--benchmarks 1000] [--samples 1000] [--pairs 3] [--runs 10000]
// PostgreSQL: a throwaway cluster of Debian's postgresql package with its default settings (fsync on), or the
// server in SWARMBENCH_HISTORY_URL (a fresh ?schema= per measurement is used there, and left behind).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { median } from '../src/compare/stats/describe.ts'
import { openStore } from '../src/store/open.ts'
import type { HistoryStore } from '../src/store/store.ts'
import { startCluster } from '../test/helpers/postgres-cluster.ts'
import { syntheticRun } from '../test/store/synthetic.ts'

const { values } = parseArgs({ options: {
  benchmarks: { type: 'string', default: '1000' }, samples: { type: 'string', default: '1000' },
  pairs: { type: 'string', default: '3' }, runs: { type: 'string', default: '10000' },
} })
const benchmarks = Number(values.benchmarks), samples = Number(values.samples), pairs = Number(values.pairs), runs = Number(values.runs)
const dir = mkdtempSync(join(tmpdir(), 'swarmbench-ingest-'))
const cluster = process.env.SWARMBENCH_HISTORY_URL ? undefined : await startCluster()
const server = process.env.SWARMBENCH_HISTORY_URL ?? cluster!.url
if (cluster) console.log(`PostgreSQL cluster (Debian package, default settings) ready in ${Math.round(cluster.setupMs)} ms`)
let n = 0
const location = (backend: 'sqlite' | 'postgres') => backend === 'sqlite' ? join(dir, `h${++n}.sqlite`) : `${server}${server.includes('?') ? '&' : '?'}schema=ingest_${process.pid}_${++n}`

try {
  const run = syntheticRun({ writer: 0, index: 0, benchmarks, samples })
  const rows = 1 + benchmarks * 4 + Object.values(run.entries).filter(e => Object.keys(e.metrics).length).length // runs, benchmarks, members, results, samples, metrics
  const ingest: Record<'sqlite' | 'postgres', number[]> = { sqlite: [], postgres: [] }
  for (let p = 0; p < pairs; p++) {
    for (const backend of ['sqlite', 'postgres'] as const) {
      const store = await openStore(location(backend))
      try {
        const began = performance.now()
        await store.saveRun(run)
        ingest[backend].push(performance.now() - began)
      } finally { await store.close() }
    }
  }
  console.log(`\ningest of one run: ${benchmarks} benchmarks × ${samples} samples (${rows.toLocaleString('en-US')} rows, ${(benchmarks * samples * 8 / 1e6).toFixed(1)} MB of samples), ${pairs} pairs A B A B, fresh history each time (measured)`)
  for (const backend of ['sqlite', 'postgres'] as const) {
    const ms = median(ingest[backend])
    console.log(`  ${backend.padEnd(8)} median ${Math.round(ms)} ms (${ingest[backend].map(Math.round).join(', ')} ms) · ${Math.round(rows / (ms / 1000)).toLocaleString('en-US')} rows/s`)
  }
  console.log(`  PostgreSQL / SQLite: ${(median(ingest.postgres) / median(ingest.sqlite)).toFixed(2)}×`)

  console.log(`\nhistory list (20 newest; and filtered by branch) over ${runs.toLocaleString('en-US')} runs of 5 benchmarks each (measured, median of 5)`)
  const list: Record<string, number> = {}
  for (const backend of ['sqlite', 'postgres'] as const) {
    const store = await openStore(location(backend))
    try {
      const filled = performance.now()
      await fill(store, runs)
      const fillMs = performance.now() - filled
      const time = async (fn: () => Promise<unknown>) => {
        const t: number[] = []
        for (let i = 0; i < 5; i++) { const began = performance.now(); await fn(); t.push(performance.now() - began) }
        return median(t)
      }
      const latest = await time(() => store.listRuns({ limit: 20 }))
      const branch = await time(() => store.listRuns({ limit: 20, branch: 'writer-3' }))
      const bench = await time(() => store.listRuns({ limit: 20, bench: 'case 3' }))
      list[backend] = latest
      console.log(`  ${backend.padEnd(8)} list ${latest.toFixed(1)} ms · --branch ${branch.toFixed(1)} ms · --bench ${bench.toFixed(1)} ms (filled in ${(fillMs / 1000).toFixed(1)} s)`)
    } finally { await store.close() }
  }
} finally {
  cluster?.stop()
  rmSync(dir, { recursive: true, force: true })
}

/** `count` small runs from 8 writers at once (one at a time for SQLite, whose writes are serial anyway). */
async function fill(store: HistoryStore, count: number): Promise<void> {
  const writers = store.backend === 'postgres' ? 8 : 1
  const extra = store.backend === 'postgres' ? await Promise.all(Array.from({ length: writers - 1 }, () => openStore(store.location.startsWith('postgres') ? locationOf(store) : store.location))) : []
  const all = [store, ...extra]
  try {
    await Promise.all(all.map(async (s, w) => {
      for (let i = w; i < count; i += all.length) await s.saveRun(syntheticRun({ writer: i % 16, index: i, benchmarks: 5, samples: 20 }))
    }))
  } finally { await Promise.all(extra.map(s => s.close())) }
}

/** The store's URL again with its password: the displayed location has none, the server's URL may. */
function locationOf(store: HistoryStore): string {
  const shown = new URL(store.location)
  const u = new URL(server)
  for (const [k, v] of shown.searchParams) u.searchParams.set(k, v)
  return u.toString()
}
