// Renders a Comparison: a terminal table fitted to a width, a pull-request comment that always fits
// (diff.md, gate.md), the complete table as Markdown (diff-full.md), and JSON. The counts all of them show
// come from one function, tally(), which the gate's exit code uses too.
import chalk, { type ChalkInstance } from 'chalk'
import type { Comparison } from '../compare/types.ts'
import { renderComment, type CommentContext } from './comment.ts'
import { renderMarkdownFull } from './full.ts'
import { renderTable, type TableContext } from './terminal.ts'

export { formatValue, formatChange, formatRowChange, formatDuration, formatBytes, formatNumber, verdictLabel, provenanceLabel, provenanceText, shortNote } from './format.ts'
export { tally, tallyLine, gateExitCode, judged, notMeasuredLine, VERDICT_WORD, type Tally } from './tally.ts'
export { renderComment, COMMENT_LIMIT_BYTES, REGRESSION_EXTRA_MAX_BYTES, REGRESSION_EXTRAS_MAX_BYTES, type CommentContext, type CommentSection } from './comment.ts'
export { renderMarkdownFull } from './full.ts'
export { renderTable, widthOf, DEFAULT_WIDTH, type TableContext } from './terminal.ts'
export { reportFiles, writeReports, type ReportFiles } from './files.ts'

export type RenderContext = CommentContext & TableContext

/** The pull-request comment: bounded, verdict first (what diff.md and gate.md hold). */
export function renderMarkdown(cmp: Comparison, ctx: RenderContext = {}): string {
  return renderComment(cmp, ctx)
}

export function renderJson(cmp: Comparison): string {
  return `${JSON.stringify(cmp, null, 2)}\n`
}

export type OutputFormat = 'table' | 'markdown' | 'json'

/** `full`: every row (the complete Markdown table, or every changed row in the terminal). */
export function render(cmp: Comparison, format: OutputFormat, ctx: RenderContext & { full?: boolean } = {}, c: ChalkInstance = chalk): string {
  if (format === 'json') return renderJson(cmp)
  if (format === 'markdown') return ctx.full ? renderMarkdownFull(cmp, ctx) : renderComment(cmp, ctx)
  return renderTable(cmp, ctx.full ? { ...ctx, maxRows: { regressions: Infinity, others: Infinity } } : ctx, c)
}
