// The complete table as Markdown (diff-full.md): every row with every detail, for reading after the
// comment's summary. Unbounded: it is a file, not a comment.
import type { Comparison, ComparisonRow } from '../compare/types.ts'
import { formatChange, formatCi, formatRowChange, formatValue, gatesLabel, judgedOnText, provenanceText, verdictLabel } from './format.ts'
import { escapeMarkdown } from './markdown.ts'
import { gateExitCode, notMeasuredLine, tally, tallyLine, VERDICT_WORD } from './tally.ts'

const ICON: Record<ComparisonRow['verdict'], string> = { regressed: '🔴', improved: '🟢', unchanged: '⚪', inconclusive: '🟡', new: '🆕', missing: '❔' }

export function details(row: ComparisonRow): string {
  return [judgedOnText(row), formatCi(row) && `CI ${formatCi(row)}`, row.pAdjusted !== undefined ? `p=${row.pAdjusted.toPrecision(2)}` : '',
    row.mdePct !== undefined ? `detects ≥${formatChange(row.mdePct).replace('+', '')}` : '', provenanceText(row), row.note ?? ''].filter(Boolean).join('; ')
}

export function renderMarkdownFull(cmp: Comparison, ctx: { title?: string } = {}): string {
  const t = tally(cmp)
  const out = [`## swarmbench: ${VERDICT_WORD[gateExitCode(t)]} · ${tallyLine(t)} (every row)`, '']
  if (ctx.title) out.push(escapeMarkdown(ctx.title), '')
  for (const m of cmp.environment.mismatches) out.push(`> ⚠️ environment differs: ${escapeMarkdown(m)}${cmp.environment.timingGated ? '' : '; timing is shown but not gated'}`)
  for (const w of cmp.warnings) out.push(`> ⚠️ ${escapeMarkdown(w)}`)
  const notMeasured = notMeasuredLine(t)
  if (notMeasured) out.push(`> Not measured here: ${notMeasured} rows`)
  if (cmp.environment.mismatches.length || cmp.warnings.length || notMeasured) out.push('')
  out.push('| benchmark | metric | baseline | current | change | verdict | gates | details |', '| --- | --- | ---: | ---: | ---: | --- | --- | --- |')
  for (const row of cmp.rows) {
    const cells = [row.id, row.metric, formatValue(row.base, row.unit), formatValue(row.head, row.unit), formatRowChange(row)].map(escapeMarkdown)
    out.push(`| ${cells.join(' | ')} | ${ICON[row.verdict]} ${escapeMarkdown(verdictLabel(row))} | ${gatesLabel(row)} | ${escapeMarkdown(details(row))} |`)
  }
  return `${out.join('\n')}\n`
}
