// One set of counts per comparison. The terminal, the Markdown and the gate's exit code all read it, so what a
// report says ("gating: 1 regression · 2 improvements; not gated: 29 changes") and what the gate does cannot
// disagree. Pure.
import type { Comparison, ComparisonRow } from '../compare/types.ts'
import { provenanceKind } from './format.ts'

export interface Tally {
  /** Rows that may fail a gate, by verdict. */
  gating: { regressions: number; improvements: number; unchanged: number; inconclusive: number; new: number; missing: number }
  /** Rows shown for information only (info metrics, timing whose between-process noise is unknown, …). */
  notGated: { changes: number; unchanged: number; inconclusive: number; new: number; missing: number }
  rows: number
  benchmarks: number
  /** Rows whose figure was not measured here, by provenance kind (simulated, replayed, estimate, …). */
  notMeasured: Record<string, number>
}

export function tally(c: Comparison): Tally {
  const t: Tally = {
    gating: { regressions: 0, improvements: 0, unchanged: 0, inconclusive: 0, new: 0, missing: 0 },
    notGated: { changes: 0, unchanged: 0, inconclusive: 0, new: 0, missing: 0 },
    rows: c.rows.length, benchmarks: new Set(c.rows.map(r => r.id)).size, notMeasured: {},
  }
  for (const r of c.rows) {
    if (r.gating) {
      const g = t.gating
      if (r.verdict === 'regressed') g.regressions++
      else if (r.verdict === 'improved') g.improvements++
      else g[r.verdict]++
    } else {
      const n = t.notGated
      if (r.verdict === 'regressed' || r.verdict === 'improved') n.changes++
      else n[r.verdict]++
    }
    const kind = provenanceKind(r)
    if (kind) t.notMeasured[kind] = (t.notMeasured[kind] ?? 0) + 1
  }
  return t
}

/** Gating rows with a verdict of their own: the gate passes only on at least one of these. */
export function judged(t: Tally): number {
  return t.gating.unchanged + t.gating.improvements + t.gating.regressions
}

/** The gate's exit code: 1 on any gating regression, 2 when no gating row could be judged, else 0. */
export function gateExitCode(t: Tally): 0 | 1 | 2 {
  if (t.gating.regressions > 0) return 1
  return t.gating.unchanged + t.gating.improvements === 0 ? 2 : 0
}

export const VERDICT_WORD = { 0: 'PASS', 1: 'FAIL', 2: 'NO VERDICT' } as const

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/** "gating: 1 regression · 2 improvements · 830 unchanged; not gated: 29 changes" */
export function tallyLine(t: Tally): string {
  const g = t.gating, n = t.notGated
  const gating = [plural(g.regressions, 'regression'), g.improvements && plural(g.improvements, 'improvement'),
    g.unchanged && `${g.unchanged.toLocaleString('en-US')} unchanged`, g.inconclusive && `${g.inconclusive.toLocaleString('en-US')} inconclusive`,
    g.new && `${g.new.toLocaleString('en-US')} new`, g.missing && `${g.missing.toLocaleString('en-US')} missing`].filter(Boolean).join(' · ')
  return `gating: ${gating}${n.changes ? `; not gated: ${plural(n.changes, 'change')}` : ''}`
}

/** "120 simulated · 14 replayed", or '' when every figure was measured here. */
export function notMeasuredLine(t: Tally): string {
  return Object.entries(t.notMeasured).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`).join(' · ')
}

export function isChange(r: ComparisonRow): boolean {
  return r.verdict === 'regressed' || r.verdict === 'improved'
}
