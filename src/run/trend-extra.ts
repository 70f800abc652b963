// The PR comment's trend chart per gating regression (issue 19): the figure's median per run over the newest
// runs of the history, as a Mermaid block placed under the regressions table by renderComment's seam. One
// definition for both comments: diff.md (the run was just stored, so it is the newest point) and the gate's
// gate.md (its head is usually not in the history, so its value is drawn as the last point, "head").
import type { ComparisonRow } from '../compare/types.ts'
import { rowKey, shapeTrends } from '../report/html/trends-data.ts'
import { MERMAID_POINTS, mermaidTrend, type TrendPointLike } from '../report/mermaid.ts'
import type { RunMeta } from '../schema/baseline.ts'
import type { HistoryStore } from '../store/store.ts'
import type { TrendRun } from '../store/trends.ts'

export interface RegressionTrendOptions {
  /** How the chart names a benchmark (the comment drops a common project). */
  name?: (id: string) => string
  /** Only runs of this branch (the gate's --branch). */
  branch?: string
  /**
   * The compared head, when it may not be in the history (the gate): unless a run of the history is that run
   * (same moment, commit, branch and environment), each row's head value is drawn after the history's runs.
   */
  head?: Pick<RunMeta, 'createdAt' | 'git' | 'env'>
}

/** Whether a run of the history is this run, as far as the trend rows can tell. */
function sameRun(r: TrendRun, run: Pick<RunMeta, 'createdAt' | 'git' | 'env'>): boolean {
  return Date.parse(r.createdAt) === Date.parse(run.createdAt) && r.sha === run.git.sha && r.branch === run.git.branch
    && r.node === run.env.node && r.os === run.env.os && r.cpuModel === run.env.cpuModel
}

/** Reads the trends of these rows now (the history need be open only for this call) and returns the seam's function. */
export async function regressionTrends(store: HistoryStore, rows: readonly ComparisonRow[], o: RegressionTrendOptions = {}): Promise<(row: ComparisonRow) => string | undefined> {
  const runs = await store.trendRuns({ runs: MERMAID_POINTS, ...(o.branch !== undefined ? { branch: o.branch } : {}) })
  const ids = runs.map(r => r.id)
  const head = o.head
  const appendHead = head !== undefined && !runs.some(r => sameRun(r, head))
  const charts = new Map<string, string | undefined>()
  for (const row of rows) {
    const k = rowKey(row.id, row.metric)
    if (charts.has(k)) continue
    const values = (await store.trendValues(ids, row.id)).filter(v => v.key === row.id && v.metric === row.metric)
    const series = shapeTrends(runs, values, { bases: new Map(), changes: [] }).series[0]
    const points: TrendPointLike[] = series ? series.points.map(p => ({ runId: runs[p.at]!.id, value: p.value })) : []
    if (appendHead && row.head !== null) points.push({ head: true, value: row.head })
    charts.set(k, mermaidTrend(row, points, o.name))
  }
  return row => charts.get(rowKey(row.id, row.metric))
}
