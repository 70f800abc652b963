// The pull-request comment (diff.md, gate.md): a one-line verdict, then gating regressions, improvements,
// changes that do not gate, new and missing benchmarks, and a collapsed count of everything else by file.
// Always under COMMENT_LIMIT_BYTES whatever the suite's size (GitHub rejects comment bodies over 65,536
// characters); the complete table goes to diff-full.md and the JSON.
import type { Comparison, ComparisonRow } from '../compare/types.ts'
import { layout, lineBytes, type Block } from './budget.ts'
import { compactDetail, formatRowChange, formatValue, truncateEnd, truncateMiddle, verdictLabel } from './format.ts'
import { escapeMarkdown } from './markdown.ts'
import { namer, sections } from './sections.ts'
import { gateExitCode, notMeasuredLine, tally, tallyLine, VERDICT_WORD } from './tally.ts'

/** Hard bound of a comment, in UTF-8 bytes (so also in characters); GitHub's limit is 65,536 characters. */
export const COMMENT_LIMIT_BYTES = 60_000
/** Optional content after one gating regression (issue 19's trend chart): each at most this many bytes… */
export const REGRESSION_EXTRA_MAX_BYTES = 4_000
/** …and all of them together at most this many, out of what the rows left. */
export const REGRESSION_EXTRAS_MAX_BYTES = 20_000

export interface CommentSection {
  /** Shown in a collapsed <details> block. */
  summary: string
  /** Lines shown before the rows (a table header). */
  head?: string[]
  rows: string[]
}

export interface CommentContext {
  /** "baseline 2026-11-21 (abc1234, main) → current (def5678, feature)" */
  title?: string
  /** Lines right under the verdict (the gate's reason, how its rounds ran). Cut to 600 characters each. */
  preamble?: string[]
  /** File names of the complete outputs, shown so a reader knows where every row is. */
  files?: { full?: string; json?: string }
  /**
   * Seam for per-regression content (issue 19: a Mermaid trend chart per gating regression). Called once per
   * shown gating regression; the Markdown returned is placed after the regressions table while it fits in
   * REGRESSION_EXTRA_MAX_BYTES each and REGRESSION_EXTRAS_MAX_BYTES in all; what does not fit is left out
   * and counted.
   */
  regressionExtra?: (row: ComparisonRow) => string | undefined
  /** Extra collapsed sections at the end (the gate's per-round table), cut to the budget. */
  appendix?: CommentSection[]
  /** Override of COMMENT_LIMIT_BYTES (tests). */
  limitBytes?: number
}

const ICON = { 0: '✅', 1: '🔴', 2: '⚠️' } as const
const MAX_WARNINGS = 6
const MAX_WARNING_CHARS = 300
const MAX_NAME_CHARS = 110
const MAX_METRIC_CHARS = 40
const esc = escapeMarkdown

export function renderComment(cmp: Comparison, ctx: CommentContext = {}): string {
  const limit = ctx.limitBytes ?? COMMENT_LIMIT_BYTES
  const t = tally(cmp)
  const s = sections(cmp)
  const name = namer(cmp)
  const full = ctx.files?.full ?? 'diff-full.md'
  const code = gateExitCode(t)
  const blocks: Block[] = []

  const head = [`## ${ICON[code]} swarmbench: ${VERDICT_WORD[code]} · ${tallyLine(t)}`, '']
  const about = [ctx.title ? esc(truncateEnd(ctx.title, 300)) : '', `${t.benchmarks.toLocaleString('en-US')} benchmarks, ${t.rows.toLocaleString('en-US')} rows`,
    `every row: ${esc(truncateEnd(full, 100))}${ctx.files?.json ? `, JSON: ${esc(truncateEnd(ctx.files.json, 100))}` : ''}`].filter(Boolean).join(' · ')
  head.push(about, '')
  for (const p of ctx.preamble ?? []) head.push(truncateEnd(p, 600), '')
  const quotes = [...cmp.environment.mismatches.map(m => `environment differs: ${m}${cmp.environment.timingGated ? '' : '; timing is shown but not gated'}`), ...cmp.warnings]
  for (const w of quotes.slice(0, MAX_WARNINGS)) head.push(`> ⚠️ ${esc(truncateEnd(w, MAX_WARNING_CHARS))}`)
  if (quotes.length > MAX_WARNINGS) head.push(`> … and ${quotes.length - MAX_WARNINGS} more warnings in ${esc(full)}`)
  const notMeasured = notMeasuredLine(t)
  if (notMeasured) head.push(`> Not measured here: ${notMeasured} rows (marked in every row where they appear)`)
  if (quotes.length || notMeasured) head.push('')
  blocks.push({ head, count: 0, row: () => '', more: () => '', foot: [] })

  const more = (hidden: number) => `| … and ${hidden.toLocaleString('en-US')} more in ${esc(full)} | | | | | |`
  const table = (title: string, rows: ComparisonRow[]) => {
    if (!rows.length) return
    blocks.push({
      head: [`### ${title} (${rows.length.toLocaleString('en-US')})`, '', '| benchmark | metric | baseline | current | change | note |', '| --- | --- | ---: | ---: | ---: | --- |'],
      count: rows.length, row: i => rowLine(rows[i]!, name), more, foot: [''],
    })
  }
  table('🔴 Gating regressions', s.regressions)
  const extrasAt = blocks.length - 1
  table('🟢 Improvements', s.improvements)
  table('Changes that do not gate', s.changes)

  const list = (title: string, rows: ComparisonRow[]) => {
    if (!rows.length) return
    blocks.push({ head: [`### ${title} (${rows.length.toLocaleString('en-US')})`, ''], count: rows.length, row: i => `- ${esc(truncateMiddle(name(rows[i]!.id), MAX_NAME_CHARS))}`,
      more: h => `- … and ${h.toLocaleString('en-US')} more in ${esc(full)}`, foot: [''] })
  }
  list('🆕 New benchmarks', s.added)
  list('❔ Missing benchmarks (in the baseline, not in this run: filtered out or removed)', s.missing)

  if (s.quiet.length) {
    const unchanged = s.quiet.reduce((n, f) => n + f.unchanged, 0), inconclusive = s.quiet.reduce((n, f) => n + f.inconclusive, 0)
    blocks.push({
      head: [`<details><summary>${unchanged.toLocaleString('en-US')} unchanged and ${inconclusive.toLocaleString('en-US')} inconclusive rows in ${s.quiet.length.toLocaleString('en-US')} files</summary>`, '',
        '| file | benchmarks | unchanged | inconclusive | not measured here |', '| --- | ---: | ---: | ---: | --- |'],
      count: s.quiet.length, row: i => { const f = s.quiet[i]!; return `| ${esc(truncateMiddle(f.file, MAX_NAME_CHARS))} | ${f.benchmarks} | ${f.unchanged} | ${f.inconclusive} | ${esc(Object.entries(f.notMeasured).map(([k, n]) => `${n} ${k}`).join(', '))} |` },
      more: h => `| … and ${h.toLocaleString('en-US')} more files in ${esc(full)} | | | | |`, foot: ['', '</details>', ''],
    })
  }
  for (const a of ctx.appendix ?? []) {
    blocks.push({ head: [`<details><summary>${esc(truncateEnd(a.summary, 300))}</summary>`, '', ...(a.head ?? []).map(l => truncateEnd(l, 1000))],
      count: a.rows.length, row: i => truncateEnd(a.rows[i]!, 2000), more: h => `… and ${h.toLocaleString('en-US')} more rows in ${esc(full)}`, foot: ['', '</details>', ''] })
  }

  const out = layout(blocks, limit)
  if (ctx.regressionExtra && s.regressions.length) {
    const shown = s.regressions.slice(0, out.shown[extrasAt] ?? 0)
    const extras = regressionExtras(shown, ctx.regressionExtra, Math.min(REGRESSION_EXTRAS_MAX_BYTES, limit - out.bytes))
    out.lines.splice(out.ends[extrasAt]!, 0, ...extras)
  }
  return `${out.lines.join('\n')}\n`
}

function rowLine(r: ComparisonRow, name: (id: string) => string): string {
  const change = `${formatRowChange(r)}${r.gating ? '' : ` ${verdictLabel(r)}`}`
  const cells = [truncateMiddle(name(r.id), MAX_NAME_CHARS), truncateEnd(r.metric, MAX_METRIC_CHARS), formatValue(r.base, r.unit), formatValue(r.head, r.unit), change, compactDetail(r)]
  return `| ${cells.map(esc).join(' | ')} |`
}

/** Each extra within its own cap and the remaining budget; the ones left out are counted on one line. */
function regressionExtras(rows: ComparisonRow[], extra: (row: ComparisonRow) => string | undefined, budget: number): string[] {
  const note = (n: number) => `<sub>${n} regression detail block(s) left out to keep this comment under ${COMMENT_LIMIT_BYTES.toLocaleString('en-US')} bytes</sub>`
  const reserve = lineBytes(note(rows.length)) + lineBytes('')
  const out: string[] = []
  let used = 0, omitted = 0
  for (const row of rows) {
    const text = extra(row)
    if (text === undefined || text === '') continue
    const lines = [...text.replace(/\n+$/, '').split('\n'), '']
    const size = lines.reduce((n, l) => n + lineBytes(l), 0)
    if (size > REGRESSION_EXTRA_MAX_BYTES || used + size + reserve > budget) { omitted++; continue }
    out.push(...lines)
    used += size
  }
  if (omitted && used + reserve <= budget) out.push(note(omitted), '')
  return out
}
