// Trends: a chart per benchmark and figure (median per run with its band, verdict dots, environment changes
// and baseline promotions as rules), with a search box and filters by file, verdict and kind.
import { formatNumber, formatValue } from '../format.ts'
import { provenanceBadge } from './badges.ts'
import type { ReportData } from './data.ts'
import { html, raw, type Raw } from './escape.ts'
import { trendChart } from './svg.ts'
import type { TrendPoint, TrendSeries, TrendsData } from './trends-data.ts'

export function trendsView(d: ReportData): Raw {
  const t = d.trends
  if (t.series.length === 0) return html`<section id="trends" class="view"><h2>Trends</h2><p class="empty">No figures in the selected runs.</p></section>`
  const files = [...new Set(t.series.map(s => s.file))].sort()
  const kinds = [...new Set(t.series.map(s => s.kind))].sort()
  const verdicts = [...new Set(t.series.map(s => s.latestVerdict ?? 'none'))].sort()
  const option = (v: string) => html`<option value="${v}">${v}</option>`
  return html`<section id="trends" class="view">
<h2>Trends <small>${t.series.length} figures over ${t.runs.length} runs</small></h2>
<div class="filters">
<input type="search" id="trend-search" placeholder="search benchmarks and metrics" aria-label="search">
<select id="trend-file" aria-label="file"><option value="">all files</option>${files.map(option)}</select>
<select id="trend-verdict" aria-label="verdict"><option value="">any verdict</option>${verdicts.map(option)}</select>
<select id="trend-kind" aria-label="kind"><option value="">any kind</option>${kinds.map(option)}</select>
<span id="trend-count"></span>
</div>
<p class="legend">line: median per run · band: range across rounds (one round: ±95% margin) · red dot: regressed · green dot: improved · hollow dot: changed, not gated · dashed rule: environment changed · dotted rule: baseline promoted</p>
<div class="trend-grid">${t.series.map(s => seriesCard(s, t))}</div>
</section>`
}

function seriesCard(s: TrendSeries, t: TrendsData): Raw {
  const date = (at: number) => t.runs[at]!.createdAt.slice(0, 10)
  const first = s.points[0]!, last = s.points.at(-1)!
  const chart = trendChart({
    runs: t.runs.length,
    points: s.points.map(p => ({
      at: p.at, value: p.value, low: p.low, high: p.high,
      mark: pointMark(p),
      title: `run ${t.runs[p.at]!.id} · ${t.runs[p.at]!.createdAt.slice(0, 19).replace('T', ' ')} · ${formatValue(p.value, s.unit)}${p.verdict ? ` · ${p.verdict}${p.gating === false ? ' (not gated)' : ''}` : ''}`,
    })),
    boundaries: t.boundaries.filter(b => b.at > first.at && b.at <= last.at),
    format: axisFormat(s.unit), xLabels: [date(0), date(t.runs.length - 1)], title: `${s.key} · ${s.metric}`,
  })
  const search = `${s.key} ${s.metric}`.toLowerCase()
  return html`<figure class="trend" data-file="${s.file}" data-verdict="${s.latestVerdict ?? 'none'}" data-kind="${s.kind}" data-search="${search}">
<figcaption><span class="name">${s.key}</span> · <strong>${s.metric}</strong>${provenanceBadge(s.provenance)} <span class="last">${formatValue(last.value, s.unit)}</span></figcaption>
${raw(chart)}</figure>`
}

/** A run's mark: red or green for a change that could fail the gate, hollow for one that could not (as the Markdown keeps them apart). */
export function pointMark(p: Pick<TrendPoint, 'verdict' | 'gating'>): 'regressed' | 'improved' | 'ungated' | undefined {
  if (p.verdict !== 'regressed' && p.verdict !== 'improved') return undefined
  return p.gating === false ? 'ungated' : p.verdict
}

/** Axis labels carry a unit only where it scales the number (time, bytes, dollars); the caption names the others. */
export function axisFormat(unit: string): (v: number) => string {
  return unit === 'ms' || unit === 'bytes' || unit === 'USD' ? v => formatValue(v, unit) : formatNumber
}
