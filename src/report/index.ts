// Renders a Comparison three ways: a colored terminal table, Markdown for pull-request comments, JSON.
import chalk, { type ChalkInstance } from 'chalk'
import type { Comparison, ComparisonRow } from '../compare/types.ts'
import { escapeMarkdown } from './markdown.ts'
import { formatChange, formatCi, formatValue, verdictLabel } from './format.ts'

export { formatValue, formatChange, formatDuration, formatBytes, verdictLabel } from './format.ts'

export interface RenderContext {
  /** e.g. "baseline 2026-11-21 (abc1234, main) → current (def5678, feature)" */
  title?: string
}

const HEADERS = ['benchmark', 'metric', 'baseline', 'current', 'change', 'verdict', 'details']

function cells(row: ComparisonRow): string[] {
  const details = [formatCi(row) && `CI ${formatCi(row)}`, row.pAdjusted !== undefined ? `p=${row.pAdjusted.toPrecision(2)}` : '',
    row.mdePct !== undefined ? `detects ≥${row.mdePct.toFixed(1)}%` : '', row.estimate ? `estimate: ${row.estimate}` : '',
    row.provenance ? `${row.provenance.kind}${row.provenance.how ? `: ${row.provenance.how}` : ''}` : '', row.note ?? '',
    row.gating ? '' : 'not gated'].filter(Boolean).join('; ')
  return [row.id, row.metric, formatValue(row.base, row.unit), formatValue(row.head, row.unit), formatChange(row.changePct), verdictLabel(row), details]
}

function colorFor(row: ComparisonRow, c: ChalkInstance): (s: string) => string {
  switch (row.verdict) {
    case 'regressed': return row.gating ? c.red.bold : c.red
    case 'improved': return c.green
    case 'inconclusive': return c.yellow
    case 'new': return c.cyan
    case 'missing': return c.magenta
    default: return c.dim
  }
}

function summaryLine(cmp: Comparison): string {
  return Object.entries(cmp.summary).filter(([, n]) => n > 0).map(([v, n]) => `${n} ${v}`).join(', ') || 'nothing to compare'
}

/** Beyond this many, benchmarks missing from the run (usually filtered out) are summed up in one line. */
export const MAX_MISSING_LISTED = 5
/** The terminal table cuts the details column here; the Markdown and JSON keep all of it. */
const MAX_DETAILS_CHARS = 110

function collapseMissing(cmp: Comparison): { rows: ComparisonRow[]; missingNote?: string } {
  const missingIds = [...new Set(cmp.rows.filter(r => r.verdict === 'missing' && r.metric === 'latency').map(r => r.id))]
  if (missingIds.length <= MAX_MISSING_LISTED) return { rows: cmp.rows }
  const hidden = new Set(missingIds)
  return {
    rows: cmp.rows.filter(r => !(hidden.has(r.id) && r.verdict === 'missing')),
    missingNote: `${missingIds.length} benchmarks of the baseline did not run this time (filtered out, or removed), e.g. ${missingIds.slice(0, 3).join('; ')}`,
  }
}

export function renderTable(cmp: Comparison, ctx: RenderContext = {}, c: ChalkInstance = chalk): string {
  const { rows: shownRows, missingNote } = collapseMissing(cmp)
  const rows = shownRows.map(cells).map(r => r.map((s, i) => (i === 6 && s.length > MAX_DETAILS_CHARS ? `${s.slice(0, MAX_DETAILS_CHARS - 1)}…` : s)))
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map(r => r[i]!.length)))
  const pad = (s: string, i: number) => (i >= 2 && i <= 4 ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))
  const lines: string[] = []
  if (ctx.title) lines.push(c.bold(ctx.title))
  for (const m of cmp.environment.mismatches) lines.push(c.yellow(`⚠ environment differs: ${m}${cmp.environment.timingGated ? '' : ' — timing is shown but not gated'}`))
  for (const w of cmp.warnings) lines.push(c.yellow(`⚠ ${w}`))
  if (missingNote) lines.push(c.magenta(`… ${missingNote}`))
  lines.push(c.bold(HEADERS.map(pad).join('  ')))
  let lastId = ''
  shownRows.forEach((row, k) => {
    const r = rows[k]!
    const shown = row.id === lastId ? r.map((s, i) => (i === 0 ? '' : s)) : r
    lastId = row.id
    const color = colorFor(row, c)
    lines.push(shown.map((s, i) => (i === 5 ? color(pad(s, i)) : pad(s, i))).join('  ').trimEnd())
  })
  lines.push(c.bold(`summary: ${summaryLine(cmp)}`))
  return lines.join('\n')
}

export function renderMarkdown(cmp: Comparison, ctx: RenderContext = {}): string {
  const icon: Record<string, string> = { regressed: '🔴', improved: '🟢', unchanged: '⚪', inconclusive: '🟡', new: '🆕', missing: '❔' }
  const out: string[] = [`## swarmbench${ctx.title ? `: ${escapeMarkdown(ctx.title)}` : ''}`, '']
  for (const m of cmp.environment.mismatches) out.push(`> ⚠️ Environment differs: ${escapeMarkdown(m)}${cmp.environment.timingGated ? '' : ' — timing is shown but not gated.'}`)
  for (const w of cmp.warnings) out.push(`> ⚠️ ${escapeMarkdown(w)}`)
  const { rows: shownRows, missingNote } = collapseMissing(cmp)
  if (missingNote) out.push(`> ${escapeMarkdown(missingNote)}`)
  if (cmp.environment.mismatches.length || cmp.warnings.length || missingNote) out.push('')
  out.push(`**Summary:** ${summaryLine(cmp)}`, '')
  out.push(`| ${HEADERS.join(' | ')} |`, `|${HEADERS.map((_, i) => (i >= 2 && i <= 4 ? ' ---: ' : ' --- ')).join('|')}|`)
  for (const row of shownRows) {
    const r = cells(row).map(escapeMarkdown)
    r[5] = `${icon[row.verdict]} ${r[5]}`
    out.push(`| ${r.join(' | ')} |`)
  }
  return `${out.join('\n')}\n`
}

export function renderJson(cmp: Comparison): string {
  return `${JSON.stringify(cmp, null, 2)}\n`
}

export type OutputFormat = 'table' | 'markdown' | 'json'

export function render(cmp: Comparison, format: OutputFormat, ctx: RenderContext = {}, c: ChalkInstance = chalk): string {
  if (format === 'json') return renderJson(cmp)
  if (format === 'markdown') return renderMarkdown(cmp, ctx)
  return renderTable(cmp, ctx, c)
}
