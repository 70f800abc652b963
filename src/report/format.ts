// Number formatting shared by every renderer: values keep their unit, changes keep their sign.
import type { ComparisonRow, Verdict } from '../compare/types.ts'

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '—'
  if (unit === 'ms') return formatDuration(value)
  if (unit === 'bytes') return formatBytes(value)
  if (unit === 'USD') return `$${value < 0.01 && value !== 0 ? value.toPrecision(3) : value.toFixed(4)}`
  const text = Number.isInteger(value) ? value.toLocaleString('en-US') : trimNumber(value)
  return unit ? `${text} ${unit}` : text
}

function trimNumber(v: number): string {
  const abs = Math.abs(v)
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e9)) return v.toExponential(3)
  return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 6 })
}

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms)
  if (abs >= 1000) return `${trimNumber(ms / 1000)} s`
  if (abs >= 1) return `${trimNumber(ms)} ms`
  if (abs >= 1e-3) return `${trimNumber(ms * 1e3)} µs`
  return `${trimNumber(ms * 1e6)} ns`
}

export function formatBytes(b: number): string {
  const abs = Math.abs(b)
  if (abs >= 1024 ** 3) return `${trimNumber(b / 1024 ** 3)} GiB`
  if (abs >= 1024 ** 2) return `${trimNumber(b / 1024 ** 2)} MiB`
  if (abs >= 1024) return `${trimNumber(b / 1024)} KiB`
  return `${trimNumber(b)} B`
}

export function formatChange(pct: number | null): string {
  if (pct === null || !Number.isFinite(pct)) return '—'
  const sign = pct > 0 ? '+' : ''
  return `${sign}${Math.abs(pct) < 10 ? pct.toFixed(2) : pct.toFixed(1)}%`
}

/** Timing verdicts read as faster/slower; other metrics as better/worse. */
export function verdictLabel(row: Pick<ComparisonRow, 'verdict' | 'kind'>): string {
  const timing = row.kind === 'timing'
  const labels: Record<Verdict, string> = {
    regressed: timing ? 'slower' : 'worse',
    improved: timing ? 'faster' : 'better',
    unchanged: 'unchanged',
    inconclusive: 'inconclusive',
    new: 'new',
    missing: 'missing',
  }
  return labels[row.verdict]
}

export function formatCi(row: ComparisonRow): string {
  return row.ciPct ? `[${formatChange(row.ciPct[0])}, ${formatChange(row.ciPct[1])}]` : ''
}
