// Comparisons built from literal rows, for tests of the renderers and the counts.
import type { Comparison, ComparisonRow } from '../../src/compare/types.ts'

export const row = (over: Partial<ComparisonRow>): ComparisonRow => ({
  id: 'bench › a.bench.ts › t › x', metric: 'latency', unit: 'ms', better: 'lower', kind: 'timing', base: 1, head: 1.5, changePct: 50, verdict: 'regressed', gating: true, ...over,
})

export const cmp = (rows: ComparisonRow[], extra: Partial<Comparison> = {}): Comparison => {
  const summary = { regressed: 0, improved: 0, unchanged: 0, inconclusive: 0, new: 0, missing: 0 }
  for (const r of rows) summary[r.verdict]++
  return { environment: { mismatches: [], timingGated: true }, rows, warnings: [], summary, ...extra }
}
