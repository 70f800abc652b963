// Number and label formatting shared by every renderer: values to 3 significant figures with their unit,
// changes with their sign, notes cut to one short phrase, provenance always named.
import type { ComparisonRow, Verdict } from '../compare/types.ts'
import type { Provenance } from '../schema/baseline.ts'

/** Significant figures of every number a report shows (the JSON keeps full precision). */
export const SIGNIFICANT = 3

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—'
  if (unit === 'ms') return formatDuration(value)
  if (unit === 'bytes') return formatBytes(value)
  if (unit === 'USD') return `${value < 0 ? '-' : ''}$${formatNumber(Math.abs(value))}`
  const text = formatNumber(value)
  return unit ? `${text} ${unit}` : text
}

// One formatter for every number (toLocaleString builds one per call: 30× slower on a large suite).
const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 })

/** 3 significant figures, thousands separated, exponent only for the very small or very large. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v)
  const abs = Math.abs(v)
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e12)) return v.toExponential(SIGNIFICANT - 1)
  // Counts (tokens, messages) stay exact up to six digits: 1,001 vs 1,000 tokens is the change a reader looks for.
  if (Number.isInteger(v) && abs < 1e6) return GROUPED.format(v)
  return GROUPED.format(Number(v.toPrecision(SIGNIFICANT)))
}

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms)
  if (abs >= 1000) return `${formatNumber(ms / 1000)} s`
  if (abs >= 1) return `${formatNumber(ms)} ms`
  if (abs >= 1e-3) return `${formatNumber(ms * 1e3)} µs`
  return `${formatNumber(ms * 1e6)} ns`
}

export function formatBytes(b: number): string {
  const abs = Math.abs(b)
  if (abs >= 1024 ** 3) return `${formatNumber(b / 1024 ** 3)} GiB`
  if (abs >= 1024 ** 2) return `${formatNumber(b / 1024 ** 2)} MiB`
  if (abs >= 1024) return `${formatNumber(b / 1024)} KiB`
  return `${formatNumber(b)} B`
}

/** The change cell of a row: a signed difference in the metric's unit for kind 'difference', else a percent. */
export function formatRowChange(row: Pick<ComparisonRow, 'kind' | 'changePct' | 'delta' | 'unit'>): string {
  if (row.kind !== 'difference') return formatChange(row.changePct)
  if (row.delta === undefined) return '—'
  return `${row.delta > 0 ? '+' : ''}${formatValue(row.delta, row.unit)}`
}

export function formatChange(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return '—'
  if (pct === 0) return '0%'
  return `${pct > 0 ? '+' : ''}${formatNumber(pct)}%`
}

/**
 * Whether a row's change is a result: regressed or improved by its test. Every other row is not significant:
 * unchanged, inconclusive, new, missing, or a tentative observation no test could judge (one process per side).
 */
export function isSignificant(row: Pick<ComparisonRow, 'verdict' | 'tentative'>): boolean {
  return (row.verdict === 'regressed' || row.verdict === 'improved') && !row.tentative
}

/**
 * The change with "~" before it when it is not significant (benchstat's convention), for the views that show
 * every row's change beside its verdict (the HTML diff): "+100%" for a result, "~+0.2%" within the noise,
 * "~+50%" for an observation whose verdict reads "~ slower".
 */
export function markedChange(row: Pick<ComparisonRow, 'kind' | 'changePct' | 'delta' | 'unit' | 'verdict' | 'tentative'>): string {
  const text = formatRowChange(row)
  return text === '—' || isSignificant(row) ? text : `~${text}`
}

/** Whether a row may fail the gate, as the full tables show it: "yes", or "no" (info, tentative, environments differ…). */
export function gatesLabel(row: Pick<ComparisonRow, 'gating'>): 'yes' | 'no' {
  return row.gating ? 'yes' : 'no'
}

/** Timing verdicts read as faster/slower; other metrics as better/worse. */
export function verdictLabel(row: Pick<ComparisonRow, 'verdict' | 'kind' | 'tentative'>): string {
  const timing = row.kind === 'timing'
  const labels: Record<Verdict, string> = {
    regressed: timing ? 'slower' : 'worse',
    improved: timing ? 'faster' : 'better',
    unchanged: 'unchanged',
    inconclusive: 'inconclusive',
    new: 'new',
    missing: 'missing',
  }
  // "~": an observed change that no test could judge (e.g. one process per side without history).
  return row.tentative ? `~ ${labels[row.verdict]}` : labels[row.verdict]
}

export function formatCi(row: ComparisonRow): string {
  return row.ciPct ? `[${formatChange(row.ciPct[0])}, ${formatChange(row.ciPct[1])}]` : ''
}

/**
 * What a figure is when it was not measured here, for every output (terminal, Markdown, annotations, history):
 * '' for measured, else the kind and how, e.g. 'simulated: seed 42, 5 nodes'.
 */
export function provenanceLabel(p: Provenance | undefined): string {
  if (!p || p.kind === 'measured') return ''
  return p.how ? `${p.kind}: ${p.how}` : p.kind
}

/** A row's provenance label ('' when measured); `withHow: false` gives the kind alone, for compact outputs. */
export function provenanceText(row: Pick<ComparisonRow, 'provenance'>, withHow = true): string {
  const kind = provenanceKind(row)
  if (!kind) return ''
  return withHow ? provenanceLabel(row.provenance) : kind
}

/** The kind of a non-measured figure, for counting (schema 1's `estimate` text is read as kind 'estimate'). */
export function provenanceKind(row: Pick<ComparisonRow, 'provenance'>): string | undefined {
  return row.provenance && row.provenance.kind !== 'measured' ? row.provenance.kind : undefined
}

/** Longest note phrase shown in compact outputs; the full note is in diff-full.md and the JSON. */
export const SHORT_NOTE_CHARS = 60

/**
 * A row's note as one short phrase: its first clause (up to the first ':' or ';'), cut to SHORT_NOTE_CHARS.
 * Notes are written "<short phrase>: <explanation>; <next note>", so the first clause says what matters.
 */
export function shortNote(note: string | undefined): string {
  if (!note) return ''
  const first = note.split(/[;:](?:\s|$)/)[0]!.trim()
  return truncateEnd(first, SHORT_NOTE_CHARS)
}

/** The compact detail of a row: provenance kind, the confidence interval of a change, the short note. */
export function compactDetail(row: ComparisonRow): string {
  const changed = row.verdict === 'regressed' || row.verdict === 'improved'
  return [provenanceText(row, false), changed && row.ciPct ? `CI ${formatCi(row)}` : '', changed ? judgedOnText(row) : '', shortNote(row.note)].filter(Boolean).join('; ')
}

/**
 * "judged on …" for a row, for every output that shows it. '' for a tentative row: it was not judged, and its
 * note says why and on what it rests ("not gated: … one process per side …").
 */
export function judgedOnText(row: Pick<ComparisonRow, 'judgedOn' | 'tentative'>): string {
  return row.judgedOn && !row.tentative ? `judged on ${row.judgedOn}` : ''
}

export function truncateEnd(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(0, max - 1))}…`
}

/** Keeps the start and the end, which name the file and the benchmark, of a long id. */
export function truncateMiddle(s: string, max: number): string {
  if (s.length <= max) return s
  if (max <= 1) return s.slice(0, max)
  const head = Math.ceil((max - 1) / 2), tail = Math.floor((max - 1) / 2)
  return `${s.slice(0, head)}…${tail > 0 ? s.slice(-tail) : ''}`
}
