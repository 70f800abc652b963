// Reads the between-run noise model's data from the history: per timing row, one summary per earlier
// single-process run of the same benchmark in the same environment (and on the same branch when known).
// Written against the HistoryStore interface, so every backend serves it.
import { environmentMismatches } from '../compare/environment.ts'
import { noiseKey, type NoiseHistory } from '../compare/noise-history.ts'
import type { RunMeta } from '../schema/baseline.ts'
import type { HistoryStore } from './store.ts'

export interface NoiseQuery {
  /** Only runs made before this moment (ISO 8601): the run being judged and later ones are left out. */
  before: string
  /** The environment the judged run ran in; runs elsewhere are left out. */
  env: RunMeta['env']
  /** Only runs on this branch, when given. */
  branch?: string | null
  maxRuns: number
  summary: 'median' | 'min'
}

/** Runs listed before the filters; far more than any maxRuns a user sets. */
const SCAN_LIMIT = 500

export async function loadNoiseHistory(store: HistoryStore, q: NoiseQuery): Promise<NoiseHistory> {
  const listed = await store.listRuns({ ...(q.branch ? { branch: q.branch } : {}), limit: SCAN_LIMIT })
  const candidates = listed.filter(r => r.rounds === 1 && r.createdAt < q.before).sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id)
  const series = new Map<string, number[]>()
  const push = (key: string, v: number) => { let s = series.get(key); if (!s) series.set(key, s = []); s.push(v) }
  let runs = 0
  for (const c of candidates) { // newest first
    if (runs >= q.maxRuns) break
    const run = await store.loadRun({ id: c.id }, { samples: false })
    if (environmentMismatches(run.run.env, q.env).length > 0) continue
    runs++
    for (const e of Object.values(run.entries)) {
      const r = e.rounds[0]
      if (r) push(noiseKey(e.id, 'latency'), q.summary === 'min' ? r.latency.min : r.latency.p50)
      for (const [name, m] of Object.entries(e.metrics)) if ((m.kind === 'timing' || m.kind === 'memory') && m.rounds[0]) push(noiseKey(e.id, name), m.rounds[0].value)
    }
  }
  const scope = `${q.branch ? `branch ${q.branch}` : 'any branch'}, same Node major, CPU, OS and module runner`
  return { runs, scope, summary: q.summary, series }
}
