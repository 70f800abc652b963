// The PR comment's trend chart per gating regression (issue 19): the figure's median per run over the newest
// runs of the history, as a Mermaid block placed under the regressions table by renderComment's seam.
import type { ComparisonRow } from '../compare/types.ts'
import { rowKey, shapeTrends } from '../report/html/trends-data.ts'
import { MERMAID_POINTS, mermaidTrend } from '../report/mermaid.ts'
import type { HistoryStore } from '../store/store.ts'

/** Reads the trends of these rows now (the history need be open only for this call) and returns the seam's function. */
export async function regressionTrends(store: HistoryStore, rows: readonly ComparisonRow[], name?: (id: string) => string): Promise<(row: ComparisonRow) => string | undefined> {
  const runs = await store.trendRuns({ runs: MERMAID_POINTS })
  const ids = runs.map(r => r.id)
  const charts = new Map<string, string | undefined>()
  for (const row of rows) {
    const k = rowKey(row.id, row.metric)
    if (charts.has(k)) continue
    const values = (await store.trendValues(ids, row.id)).filter(v => v.key === row.id && v.metric === row.metric)
    const series = shapeTrends(runs, values, { bases: new Map(), changes: [] }).series[0]
    charts.set(k, series ? mermaidTrend(row, series.points.map(p => ({ runId: runs[p.at]!.id, value: p.value })), name) : undefined)
  }
  return row => charts.get(rowKey(row.id, row.metric))
}
