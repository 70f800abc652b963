// The terminal view of a comparison: the same sections as the pull-request comment, fitted to a width
// (120 columns without a TTY, the terminal's width with one). Rows that changed are listed; the rest are
// counted, and every row is in diff-full.md.
import chalk, { type ChalkInstance } from 'chalk'
import stringWidth from 'string-width'
import type { Comparison, ComparisonRow } from '../compare/types.ts'
import { formatRowChange, formatValue, provenanceText, shortNote, verdictLabel } from './format.ts'
import { namer, sections } from './sections.ts'
import { notMeasuredLine, tally } from './tally.ts'

/** Width without a terminal (CI logs): wide enough for a useful table, narrow enough for any log viewer. */
export const DEFAULT_WIDTH = 120

/** The width to render for: the terminal's columns when the stream is a TTY, else DEFAULT_WIDTH. */
export function widthOf(stream: { isTTY?: boolean; columns?: number } | undefined): number {
  return stream?.isTTY && stream.columns && stream.columns > 0 ? stream.columns : DEFAULT_WIDTH
}

export interface TableContext {
  title?: string
  /** Columns to fit; default DEFAULT_WIDTH. */
  width?: number
  /** Where every row is (shown in the "… more" lines). */
  fullFile?: string
  /** Rows listed per section before "… and N more" (default 40 regressions, 15 others). */
  maxRows?: { regressions?: number; others?: number }
}

const INDENT = '  '
const GAP = '  '

export function renderTable(cmp: Comparison, ctx: TableContext = {}, c: ChalkInstance = chalk): string {
  const width = Math.max(40, ctx.width ?? DEFAULT_WIDTH)
  const s = sections(cmp)
  const t = tally(cmp)
  const name = namer(cmp)
  const full = ctx.fullFile ?? 'diff-full.md'
  const maxReg = ctx.maxRows?.regressions ?? 40, maxOther = ctx.maxRows?.others ?? 15
  const lines: string[] = []
  const line = (text: string, color?: (s: string) => string) => { const cut = fit(text, width); lines.push(color ? color(cut) : cut) }

  if (ctx.title) line(ctx.title, c.bold)
  for (const m of cmp.environment.mismatches) line(`⚠ environment differs: ${m}${cmp.environment.timingGated ? '' : '; timing is shown but not gated'}`, c.yellow)
  for (const w of cmp.warnings) line(`⚠ ${w}`, c.yellow)
  const notMeasured = notMeasuredLine(t)
  if (notMeasured) line(`not measured here: ${notMeasured} rows (marked in each row)`, c.cyan)

  const groups: { title: string; color: (s: string) => string; rows: ComparisonRow[]; max: number }[] = [
    { title: 'gating regressions', color: c.red.bold, rows: s.regressions, max: maxReg },
    { title: 'improvements', color: c.green.bold, rows: s.improvements, max: maxOther },
    { title: 'changes that do not gate', color: c.bold, rows: s.changes, max: maxOther },
  ].filter(g => g.rows.length > 0)
  // Rows are grouped under their file › test, so the name column holds only the benchmark's own name.
  const shown = groups.map(g => byParent(g.rows.slice(0, g.max), name))
  const cols = columns(shown.flatMap(parents => parents.flatMap(p => p.rows.map(r => cells(r)))), width)
  groups.forEach((g, k) => {
    line(`${g.title} (${g.rows.length})`, g.color)
    for (const parent of shown[k]!) {
      line(`${INDENT}${parent.name}`)
      let lastName = ''
      for (const r of parent.rows) {
        const cs = cells(r)
        if (cs[0] === lastName) cs[0] = ''
        else lastName = cs[0]!
        const text = cs.map((cell, i) => pad(fitCell(cell, cols[i]!, i === 0 ? 'middle' : 'end'), cols[i]!, i >= 2 && i <= 4)).join(GAP).trimEnd()
        lines.push(colorRow(fit(INDENT + INDENT + text, width), r, c)) // narrow terminals: the note goes first
      }
    }
    if (g.rows.length > g.max) line(`${INDENT}… and ${g.rows.length - g.max} more in ${full}`, c.dim)
  })
  const list = (label: string, rows: ComparisonRow[], color: (s: string) => string) => {
    if (rows.length) line(`${label} (${rows.length}): ${rows.map(r => name(r.id)).join(' · ')}`, color)
  }
  list('new', s.added, c.cyan)
  list('missing: in the baseline, not in this run', s.missing, c.magenta)
  const unchanged = s.quiet.reduce((n, f) => n + f.unchanged, 0), inconclusive = s.quiet.reduce((n, f) => n + f.inconclusive, 0)
  if (unchanged + inconclusive) line(`${unchanged} unchanged and ${inconclusive} inconclusive rows not listed (by file in the Markdown; every row in ${full})`, c.dim)
  if (!cmp.rows.length) line('nothing to compare', c.dim)
  return lines.join('\n')
}

/** Rows under their parent (file › test), parents in the order of their largest change. */
function byParent(rows: ComparisonRow[], name: (id: string) => string): { name: string; rows: ComparisonRow[] }[] {
  // Map keeps first-insertion order: parents, and benchmarks within a parent, come in the order of their largest change.
  const groups = new Map<string, Map<string, ComparisonRow[]>>()
  for (const r of rows) {
    const parent = name(r.id).split(' › ').slice(0, -1).join(' › ')
    const benches = groups.get(parent) ?? groups.set(parent, new Map()).get(parent)!
    benches.set(r.id, [...(benches.get(r.id) ?? []), r])
  }
  return [...groups].map(([n, benches]) => ({ name: n, rows: [...benches.values()].flat() }))
}

/** The benchmark's own name (the last part of its id), then the figures; the detail is the short note. */
function cells(r: ComparisonRow): string[] {
  const change = `${formatRowChange(r)}${r.gating ? '' : ` ${verdictLabel(r)}`}`
  const detail = [provenanceText(r, false), shortNote(r.note)].filter(Boolean).join('; ')
  return [r.id.split(' › ').at(-1)!, r.metric, formatValue(r.base, r.unit), formatValue(r.head, r.unit), change, detail]
}

/** Column widths: figures at their natural width (capped), then the name and the note share the rest. */
function columns(rows: string[][], width: number): number[] {
  const natural = [0, 1, 2, 3, 4, 5].map(i => Math.max(0, ...rows.map(r => stringWidth(r[i]!))))
  const caps = [Infinity, 24, 14, 14, 14, Infinity]
  const w = natural.map((n, i) => Math.min(n, caps[i]!))
  const rest = width - 2 * stringWidth(INDENT) - GAP.length * 5 - w[1]! - w[2]! - w[3]! - w[4]!
  if (w[0]! + w[5]! > rest) {
    const note = Math.min(w[5]!, Math.max(16, Math.floor(rest * 0.4)))
    w[0] = Math.max(10, Math.min(w[0]!, rest - note))
    w[5] = Math.max(0, rest - w[0]!)
  }
  return w
}

function colorRow(text: string, r: ComparisonRow, c: ChalkInstance): string {
  if (r.verdict === 'regressed') return r.gating ? c.red(text) : text
  if (r.verdict === 'improved') return r.gating ? c.green(text) : text
  return c.dim(text)
}

function pad(s: string, w: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, w - stringWidth(s)))
  return right ? fill + s : s + fill
}

/** Cuts text to a display width with an ellipsis, at the end or in the middle. */
export function fitCell(s: string, w: number, where: 'end' | 'middle'): string {
  if (stringWidth(s) <= w) return s
  if (w <= 0) return ''
  const chars = [...s]
  if (where === 'end') return `${takeWidth(chars, w - 1)}…`
  const headW = Math.ceil((w - 1) / 2), tailW = w - 1 - headW
  const tail = [...takeWidth(chars.toReversed(), tailW)].toReversed().join('')
  return `${takeWidth(chars, headW)}…${tail}`
}

function takeWidth(chars: string[], w: number): string {
  let out = '', used = 0
  for (const ch of chars) {
    const cw = stringWidth(ch)
    if (used + cw > w) break
    out += ch
    used += cw
  }
  return out
}

/** Cuts a whole line to the width. */
export function fit(text: string, width: number): string {
  return fitCell(text, width, 'end')
}
