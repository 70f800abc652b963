// The diff: the newest comparison as one sortable table, gating regressions first. A row click opens its
// detail: the two distributions (ECDF of what each side's verdict rested on) and the interval of the change.
// The cells say what the Markdown says, from the same functions: the verdict word (verdictLabel: "~ slower"
// for an observation no test judged), whether the row gates (gatesLabel, as diff-full.md), the comment's
// compact detail; the change reads "~" when not significant (markedChange); a figure not measured here carries
// its provenance badge.
import type { ComparisonRow } from '../../compare/types.ts'
import { compactDetail, formatChange, formatValue, gatesLabel, isSignificant, markedChange, provenanceLabel, verdictLabel } from '../format.ts'
import { sections } from '../sections.ts'
import { provenanceBadge } from './badges.ts'
import type { ReportData } from './data.ts'
import { anchorId, html, raw, type Raw } from './escape.ts'
import { ecdfChart, intervalChart } from './svg.ts'
import { rowKey } from './trends-data.ts'

/** The rows in the order shown: gating regressions, improvements, changes that do not gate, new, missing, then the rest by name. */
export function diffOrder(rows: readonly ComparisonRow[]): ComparisonRow[] {
  const s = sections({ rows: [...rows], environment: { mismatches: [], timingGated: true }, warnings: [], summary: { regressed: 0, improved: 0, unchanged: 0, inconclusive: 0, new: 0, missing: 0 } })
  const first = [...s.regressions, ...s.improvements, ...s.changes]
  const seen = new Set(first)
  const byName = (a: ComparisonRow, b: ComparisonRow) => a.id.localeCompare(b.id) || a.metric.localeCompare(b.metric)
  const added = rows.filter(r => r.verdict === 'new').toSorted(byName)
  const missing = rows.filter(r => r.verdict === 'missing').toSorted(byName)
  const rest = rows.filter(r => !seen.has(r) && r.verdict !== 'new' && r.verdict !== 'missing').toSorted(byName)
  return [...first, ...added, ...missing, ...rest]
}


export function diffView(d: ReportData, ordered: readonly ComparisonRow[]): Raw {
  if (!d.comparison) return html`<section id="diff" class="view"><h2>Diff</h2><p class="empty">No comparison to show: the newest run was not compared with a baseline.</p></section>`
  const rows = ordered.map((r, i) => rowMarkup(r, i, d))
  return html`<section id="diff" class="view">
<h2>Diff <small>${ordered.length} rows · click a row for its distributions · click a heading to sort</small></h2>
<table class="diff">
<thead><tr><th data-sort="name">benchmark</th><th data-sort="metric">metric</th><th data-sort="base" class="num">baseline</th><th data-sort="head" class="num">current</th><th data-sort="change" class="num">change</th><th data-sort="verdict">verdict</th><th data-sort="gates">gates</th><th>detail</th></tr></thead>
${rows}
</table>
<p class="legend">~ = not significant: within noise, not enough data for a verdict, or a change observed from one process per side that no test could judge (“~ slower”) · gates: whether the row can fail the gate (info figures and observations cannot) · badges name figures that were not measured here (estimate, simulated, replayed, authored, stand-in, judged)</p>
</section>`
}

function rowMarkup(r: ComparisonRow, i: number, d: ReportData): Raw {
  const id = anchorId('row', rowKey(r.id, r.metric))
  const badge = provenanceBadge(r.provenance)
  return html`<tbody class="row-group" data-i="${i}"><tr id="${id}" class="row ${r.verdict}${r.gating ? ' gating' : ''}${isSignificant(r) ? ' significant' : ''}" tabindex="0" aria-expanded="false">
<td class="name">${r.id}</td><td>${r.metric}${badge}</td>
<td class="num">${formatValue(r.base, r.unit)}${r.base !== null ? badge : null}</td><td class="num">${formatValue(r.head, r.unit)}${r.head !== null ? badge : null}</td>
<td class="num change">${markedChange(r)}</td><td class="verdict">${verdictLabel(r)}</td><td class="gates">${gatesLabel(r)}</td><td class="detail-text">${compactDetail(r)}</td></tr>
<tr class="detail" hidden><td colspan="8">${detailMarkup(r, d)}</td></tr></tbody>`
}

function detailMarkup(r: ComparisonRow, d: ReportData): Raw {
  const dist = d.distributions.get(rowKey(r.id, r.metric))
  const fmt = (v: number) => formatValue(v, r.unit)
  const title = `${r.id} · ${r.metric}`
  const ecdf = dist && (dist.base || dist.head)
    ? raw(ecdfChart({ label: `baseline: ${dist.base?.what ?? 'none'}`, values: dist.base?.values ?? [] }, { label: `current: ${dist.head?.what ?? 'none'}`, values: dist.head?.values ?? [] }, fmt, `distributions of ${title}`))
    : html`<p class="empty">No distribution: ${d.base?.runId === null ? 'the baseline run is not in this history' : 'neither side has values for this figure'}.</p>`
  const interval = r.kind === 'difference' ? html`` : raw(intervalChart(r.changePct, r.ciPct, r.threshold !== undefined ? r.threshold * 100 : undefined, `change of ${title}`))
  const facts = [
    r.method ? `unit: ${r.method}` : '', r.n ? `n ${r.n.base} vs ${r.n.head}` : '', r.p !== undefined ? `p ${r.p.toPrecision(2)}` : '',
    r.pAdjusted !== undefined ? `adjusted p ${r.pAdjusted.toPrecision(2)}` : '', r.mdePct !== undefined ? `detectable ≥ ${formatChange(r.mdePct)}` : '',
    r.threshold !== undefined ? `threshold ${formatChange(r.threshold * 100)}` : '', provenanceLabel(r.provenance),
  ].filter(Boolean).join(' · ')
  return html`<div class="dist">${ecdf}${interval}<p class="facts">${facts}</p>${r.note ? html`<p class="facts">${r.note}</p>` : null}</div>`
}
