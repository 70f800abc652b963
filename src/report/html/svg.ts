// The report's charts as inline SVG strings, made here so the page needs no charting code and shows its
// charts before (and without) any script. Coordinates are rounded to 0.1 px to keep a large report small.
// Every label goes through escapeHtml. Pure.
import { escapeHtml } from './escape.ts'

const px = (v: number) => String(Math.round(v * 10) / 10)

export interface Frame { width: number; height: number; left: number; right: number; top: number; bottom: number }

/** A linear scale from [d0, d1] onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  if (!(d1 > d0)) return () => (r0 + r1) / 2
  const k = (r1 - r0) / (d1 - d0)
  return v => r0 + (v - d0) * k
}

/** The value range to draw, padded by 5% so lines do not sit on the frame. */
export function paddedExtent(values: readonly number[]): [number, number] {
  let lo = Infinity, hi = -Infinity
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v }
  if (!Number.isFinite(lo)) return [0, 1]
  if (lo === hi) return lo === 0 ? [-1, 1] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1]
  const pad = (hi - lo) * 0.05
  return [lo - pad, hi + pad]
}

export interface TrendChartInput {
  /** Number of runs on the x axis (points sit at their run's index). */
  runs: number
  points: ReadonlyArray<{ at: number; value: number; low: number; high: number; mark?: 'regressed' | 'improved' | 'ungated' | undefined; title: string }>
  boundaries: ReadonlyArray<{ at: number; kind: 'environment' | 'baseline'; label: string }>
  /** Formats a value for the axis labels. */
  format: (v: number) => string
  xLabels: [string, string]
  title: string
}

export const TREND_FRAME: Frame = { width: 420, height: 150, left: 64, right: 8, top: 8, bottom: 22 }

/** The median per run as a line, its interval as a band, verdicts as dots, environment changes and promotions as rules. */
export function trendChart(c: TrendChartInput, f: Frame = TREND_FRAME): string {
  const ys = c.points.flatMap(p => [p.low, p.high, p.value])
  const [y0, y1] = paddedExtent(ys)
  const x = scale(0, Math.max(1, c.runs - 1), f.left, f.width - f.right)
  const y = scale(y0, y1, f.height - f.bottom, f.top)
  const parts: string[] = [frame(f), yAxis(f, y0, y1, y, c.format)]
  const banded = c.points.filter(p => p.high > p.low)
  if (banded.length) {
    const upper = c.points.map(p => `${px(x(p.at))},${px(y(p.high))}`)
    const lower = c.points.toReversed().map(p => `${px(x(p.at))},${px(y(p.low))}`)
    parts.push(`<polygon class="band" points="${[...upper, ...lower].join(' ')}"/>`)
  }
  for (const b of c.boundaries) {
    const bx = px(x(b.at - 0.5))
    parts.push(`<line class="rule ${b.kind}" x1="${bx}" x2="${bx}" y1="${f.top}" y2="${f.height - f.bottom}"><title>${escapeHtml(b.label)}</title></line>`)
  }
  if (c.points.length > 1) parts.push(`<polyline class="line" points="${c.points.map(p => `${px(x(p.at))},${px(y(p.value))}`).join(' ')}"/>`)
  for (const p of c.points) {
    if (p.mark || c.points.length === 1) parts.push(`<circle class="dot ${p.mark ?? ''}" cx="${px(x(p.at))}" cy="${px(y(p.value))}" r="${p.mark ? 3.5 : 2.5}"><title>${escapeHtml(p.title)}</title></circle>`)
  }
  parts.push(xLabels(f, c.xLabels))
  return svg(f, 'chart trend', c.title, parts)
}

export interface EcdfSide { label: string; values: readonly number[] }

export const ECDF_FRAME: Frame = { width: 420, height: 186, left: 40, right: 10, top: 10, bottom: 52 }

/** Empirical distribution functions of the two sides as step lines, base grey and head blue. */
export function ecdfChart(base: EcdfSide, head: EcdfSide, format: (v: number) => string, title: string, f: Frame = ECDF_FRAME): string {
  const all = [...base.values, ...head.values]
  const [x0, x1] = paddedExtent(all)
  const x = scale(x0, x1, f.left, f.width - f.right)
  const y = scale(0, 1, f.height - f.bottom, f.top)
  const parts = [frame(f), `<text class="tick" x="${f.left - 4}" y="${px(y(1) + 4)}" text-anchor="end">1</text>`, `<text class="tick" x="${f.left - 4}" y="${px(y(0))}" text-anchor="end">0</text>`]
  for (const [side, cls] of [[base, 'base'], [head, 'head']] as const) {
    const v = side.values.toSorted((a, b) => a - b)
    if (v.length === 0) continue
    const pts: string[] = [`${px(x(v[0]!))},${px(y(0))}`]
    v.forEach((value, i) => { pts.push(`${px(x(value))},${px(y(i / v.length))}`, `${px(x(value))},${px(y((i + 1) / v.length))}`) })
    pts.push(`${px(f.width - f.right)},${px(y(1))}`)
    parts.push(`<polyline class="ecdf ${cls}" points="${pts.join(' ')}"><title>${escapeHtml(`${side.label}: ${v.length} value(s)`)}</title></polyline>`)
  }
  parts.push(`<text class="tick" x="${f.left}" y="${f.height - f.bottom + 14}">${escapeHtml(format(x0))}</text>`,
    `<text class="tick" x="${f.width - f.right}" y="${f.height - f.bottom + 14}" text-anchor="end">${escapeHtml(format(x1))}</text>`,
    `<text class="legend base" x="${f.left}" y="${f.height - 20}">— ${escapeHtml(base.label)}</text>`,
    `<text class="legend head" x="${f.left}" y="${f.height - 6}">— ${escapeHtml(head.label)}</text>`)
  return svg(f, 'chart ecdf', title, parts)
}

export const INTERVAL_FRAME: Frame = { width: 420, height: 56, left: 10, right: 10, top: 8, bottom: 20 }

/** The change's confidence interval (%) against zero and the noise threshold band (±threshold %). */
export function intervalChart(change: number | null, ci: readonly [number, number] | undefined, thresholdPct: number | undefined, title: string, f: Frame = INTERVAL_FRAME): string {
  const values = [0, ...(change !== null ? [change] : []), ...(ci ?? []), ...(thresholdPct !== undefined ? [thresholdPct, -thresholdPct] : [])]
  const [x0, x1] = paddedExtent(values)
  const x = scale(x0, x1, f.left, f.width - f.right)
  const mid = (f.top + f.height - f.bottom) / 2
  const parts = [frame(f)]
  if (thresholdPct !== undefined && thresholdPct > 0) {
    parts.push(`<rect class="noise" x="${px(x(-thresholdPct))}" y="${f.top}" width="${px(x(thresholdPct) - x(-thresholdPct))}" height="${f.height - f.bottom - f.top}"><title>noise threshold ±${escapeHtml(thresholdPct.toPrecision(3))}%</title></rect>`)
  }
  parts.push(`<line class="zero" x1="${px(x(0))}" x2="${px(x(0))}" y1="${f.top}" y2="${f.height - f.bottom}"/>`)
  if (ci) parts.push(`<line class="ci" x1="${px(x(ci[0]))}" x2="${px(x(ci[1]))}" y1="${mid}" y2="${mid}"><title>95% interval of the change: ${escapeHtml(pct(ci[0]))} to ${escapeHtml(pct(ci[1]))}</title></line>`)
  if (change !== null) parts.push(`<circle class="estimate" cx="${px(x(change))}" cy="${mid}" r="4"><title>change ${escapeHtml(pct(change))}</title></circle>`)
  parts.push(`<text class="tick" x="${f.left}" y="${f.height - 6}">${escapeHtml(pct(x0))}</text>`, `<text class="tick" x="${f.width - f.right}" y="${f.height - 6}" text-anchor="end">${escapeHtml(pct(x1))}</text>`)
  return svg(f, 'chart interval', title, parts)
}

export interface HeatCell { col: number; row: number; fill: number | null; text: string; sub: string; front: boolean; title: string }

/** A grid: colour from `fill` (0–1, red to green; grey when missing), a value and a sub-line in each cell, ★ on the front. */
export function heatmap(cols: readonly string[], rows: readonly string[], cells: readonly HeatCell[], title: string): string {
  const cw = 130, ch = 46, left = 130, top = 30
  const f: Frame = { width: left + cols.length * cw + 4, height: top + rows.length * ch + 4, left, right: 4, top, bottom: 4 }
  const parts: string[] = []
  cols.forEach((c, i) => parts.push(`<text class="axis" x="${left + i * cw + cw / 2}" y="${top - 10}" text-anchor="middle">${escapeHtml(truncate(c, 16))}<title>${escapeHtml(c)}</title></text>`))
  rows.forEach((r, i) => parts.push(`<text class="axis" x="${left - 8}" y="${top + i * ch + ch / 2 + 4}" text-anchor="end">${escapeHtml(truncate(r, 18))}<title>${escapeHtml(r)}</title></text>`))
  for (const c of cells) {
    const cx = left + c.col * cw, cy = top + c.row * ch
    const fill = c.fill === null ? '#ddd' : heat(c.fill)
    parts.push(`<g class="cell${c.front ? ' front' : ''}"><title>${escapeHtml(c.title)}</title><rect x="${cx + 1}" y="${cy + 1}" width="${cw - 2}" height="${ch - 2}" fill="${fill}"/>`,
      `<text x="${cx + cw / 2}" y="${cy + 19}" text-anchor="middle">${c.front ? '★ ' : ''}${escapeHtml(c.text)}</text>`,
      `<text class="sub" x="${cx + cw / 2}" y="${cy + 35}" text-anchor="middle">${escapeHtml(c.sub)}</text></g>`)
  }
  return svg(f, 'chart heatmap', title, parts)
}

/** Red (0) through yellow to green (1). */
export function heat(v: number): string {
  const t = Math.min(1, Math.max(0, v))
  const hue = Math.round(t * 120)
  return `hsl(${hue} 70% 78%)`
}

function svg(f: Frame, cls: string, title: string, parts: string[]): string {
  return `<svg class="${cls}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}" role="img"><title>${escapeHtml(title)}</title>${parts.join('')}</svg>`
}

function frame(f: Frame): string {
  return `<rect class="frame" x="${f.left}" y="${f.top}" width="${f.width - f.left - f.right}" height="${f.height - f.top - f.bottom}"/>`
}

function yAxis(f: Frame, y0: number, y1: number, y: (v: number) => number, format: (v: number) => string): string {
  return `<text class="tick" x="${f.left - 4}" y="${px(y(y1) + 8)}" text-anchor="end">${escapeHtml(format(y1))}</text>`
    + `<text class="tick" x="${f.left - 4}" y="${px(y(y0))}" text-anchor="end">${escapeHtml(format(y0))}</text>`
}

function xLabels(f: Frame, [first, last]: [string, string]): string {
  return `<text class="tick" x="${f.left}" y="${f.height - 6}">${escapeHtml(first)}</text><text class="tick" x="${f.width - f.right}" y="${f.height - 6}" text-anchor="end">${escapeHtml(last)}</text>`
}

function pct(v: number): string {
  return `${v > 0 ? '+' : ''}${Number(v.toPrecision(3))}%`
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`
}
