// A small trend chart per gating regression in the PR comment: a Mermaid `xychart-beta` block (GitHub draws
// Mermaid in comments) of the figure's value over the last runs of the history. Names cannot leave the chart:
// quotes, backticks, angle brackets and line breaks are dropped from every label. Pure.
import type { ComparisonRow } from '../compare/types.ts'
import { escapeMarkdown } from './markdown.ts'

/** A point of the chart: a run of the history (its id on the axis), or a head that is not in the history (the gate's). */
export type TrendPointLike = { runId: number; value: number } | { head: true; value: number }

/** At most this many points per chart (the newest), which keeps each block well under 1,000 bytes. */
export const MERMAID_POINTS = 30

/** A label safe inside a Mermaid quoted string and a Markdown code fence. */
export function mermaidLabel(text: string, max = 80): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]+/gu, ' ').replace(/["`<>\\]/g, "'").replace(/\s+/g, ' ').trim()
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`
}

/** The chart, or undefined with fewer than two points (a line needs two). */
export function mermaidTrend(row: Pick<ComparisonRow, 'id' | 'metric' | 'unit'>, points: readonly TrendPointLike[], name: (id: string) => string = id => id): string | undefined {
  const shown = points.slice(-MERMAID_POINTS)
  if (shown.length < 2) return undefined
  const stored = shown.filter(p => !('head' in p)).length
  const values = shown.map(p => Number(p.value.toPrecision(4)))
  const lo = Math.min(...values), hi = Math.max(...values)
  const pad = hi > lo ? (hi - lo) * 0.1 : Math.abs(hi) * 0.1 || 1
  const unit = mermaidLabel(row.unit || 'value', 20)
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${mermaidLabel(`${name(row.id)} · ${row.metric}`)}"`,
    `    x-axis [${shown.map(p => ('head' in p ? '"head"' : `"#${p.runId}"`)).join(', ')}]`,
    `    y-axis "${unit}" ${axisNumber(Math.max(lo >= 0 ? 0 : -Infinity, lo - pad))} --> ${axisNumber(hi + pad)}`,
    `    line [${values.join(', ')}]`,
    '```',
    `<sub>${escapeMarkdown(mermaidLabel(row.metric, 40))} over the last ${stored} runs in the history (run ids on the axis)${stored < shown.length ? ', then the head compared here (not in the history)' : ''}</sub>`,
  ].join('\n')
}

function axisNumber(v: number): string {
  return String(Number(v.toPrecision(3)))
}
