// Everything the report shows, read from the history in one place (the only part of src/report/html that
// touches the store): the newest run, the comparison it got when it ran and the base it was compared with,
// the two distributions behind each diff row, the trends of the selected runs, and the run's swarm matrix.
import type { Comparison, ComparisonRow } from '../../compare/types.ts'
import type { RunMeta } from '../../schema/baseline.ts'
import type { HistoryStore, StoredComparison } from '../../store/store.ts'
import { DEFAULT_TREND_RUNS, type TrendQuery } from '../../store/trends.ts'
import { roundsOf, sideValues, type SideValues } from './distributions.ts'
import { swarmMatrices, type SwarmMatrix } from './matrix-data.ts'
import { rowKey, shapeTrends, type TrendsData } from './trends-data.ts'

export interface ReportQuery extends TrendQuery {
  /** When the page was made (shown on it); a parameter so that tests can fix it. */
  now?: Date
}

export interface ReportData {
  generatedAt: string
  /** The history's file, or its URL without the password. */
  historyFile: string
  query: { runs: number; branch?: string; bench?: string }
  /** The newest selected run; absent when the history holds none. */
  latest?: { runId: number; run: RunMeta }
  /** What the newest run was compared with when it ran; absent for a first run. */
  base?: StoredComparison['base'] & { run?: RunMeta }
  /** The newest run's comparison, rows filtered by `bench`. */
  comparison?: Comparison
  /** Per diff row (rowKey): the values each side rested on, when both sides are in the history. */
  distributions: Map<string, { base?: SideValues; head?: SideValues }>
  trends: TrendsData
  swarm: SwarmMatrix[]
}

export const DEFAULT_RUNS = DEFAULT_TREND_RUNS

/** Reads through the store interface, so a SQLite file and a PostgreSQL history give the same report. */
export async function loadReportData(store: HistoryStore, q: ReportQuery = {}): Promise<ReportData> {
  const runs = await store.trendRuns({ runs: q.runs ?? DEFAULT_RUNS, ...(q.branch !== undefined ? { branch: q.branch } : {}) })
  const { bases, changes } = await store.loadChanges(runs.map(r => r.id))
  const newestCompared = runs.findLast(r => bases.has(r.id))
  const latestStored = newestCompared ? (await store.loadComparisons([newestCompared.id])).get(newestCompared.id) : undefined
  const latestVerdicts = new Map(latestStored?.comparison.rows.map(r => [rowKey(r.id, r.metric), r.verdict]) ?? [])
  const data: ReportData = {
    generatedAt: (q.now ?? new Date()).toISOString(), historyFile: store.location,
    query: { runs: q.runs ?? DEFAULT_RUNS, ...(q.branch !== undefined ? { branch: q.branch } : {}), ...(q.bench ? { bench: q.bench } : {}) },
    distributions: new Map(),
    trends: shapeTrends(runs, await store.trendValues(runs.map(r => r.id), q.bench), { bases, changes, latest: latestVerdicts }),
    swarm: [],
  }
  const newest = runs.at(-1)
  if (!newest) return data
  const head = await store.loadRun({ id: newest.id })
  data.latest = { runId: newest.id, run: head.run }
  data.swarm = swarmMatrices(head, q.bench)
  const stored = newestCompared === newest ? latestStored : undefined
  if (!stored) return data
  const base = stored.base.runId !== null ? await store.loadRun({ id: stored.base.runId }) : undefined
  data.base = { ...stored.base, ...(base ? { run: base.run } : {}) }
  const rows = q.bench ? stored.comparison.rows.filter(r => r.id.includes(q.bench!)) : stored.comparison.rows
  data.comparison = { ...stored.comparison, rows, summary: summarise(rows) }
  for (const r of rows) {
    const b = base?.entries[r.id], h = head.entries[r.id]
    const byRounds = roundsOf(b, r.metric) >= 2 && roundsOf(h, r.metric) >= 2
    const sides = { base: sideValues(b, r.metric, byRounds), head: sideValues(h, r.metric, byRounds) }
    if (sides.base || sides.head) data.distributions.set(rowKey(r.id, r.metric), { ...(sides.base ? { base: sides.base } : {}), ...(sides.head ? { head: sides.head } : {}) })
  }
  return data
}

function summarise(rows: readonly ComparisonRow[]): Comparison['summary'] {
  const s: Comparison['summary'] = { regressed: 0, improved: 0, unchanged: 0, inconclusive: 0, new: 0, missing: 0 }
  for (const r of rows) s[r.verdict]++
  return s
}
