// The swarm matrix: per suite, a heatmap of success rate (colour) and cost per solved task over two axes,
// the Pareto front of success against cost per trial starred. Shown only when the run holds swarm cells.
import { provenanceLabel } from '../format.ts'
import { provenanceBadge } from './badges.ts'
import type { ReportData } from './data.ts'
import { html, raw, type Raw } from './escape.ts'
import type { MatrixCell, SwarmMatrix } from './matrix-data.ts'
import { heatmap, type HeatCell } from './svg.ts'

export function matrixView(d: ReportData): Raw {
  if (d.swarm.length === 0) return html``
  return html`<section id="swarm" class="view">
<h2>Swarm matrix</h2>
<p class="legend">colour and first line: success rate · second line: cost per solved task · ★ on the Pareto front of success rate against cost per trial</p>
${d.swarm.map(suiteMarkup)}
</section>`
}

function suiteMarkup(m: SwarmMatrix): Raw {
  return html`<div class="matrix"><h3>${m.suite}${provenanceBadge(m.provenance)} <small>${m.rowAxis ? `${m.rowAxis} × ${m.colAxis}` : m.colAxis}</small></h3>
${m.panels.map(p => html`${p.fixed ? html`<h4>${p.fixed}</h4>` : null}${raw(heatmap(m.cols, m.rows, p.cells.map(c => heatCell(c, m)), `${m.suite}${p.fixed ? ` ${p.fixed}` : ''}: success rate and cost per solved task`))}`)}
</div>`
}

function heatCell(c: MatrixCell, m: SwarmMatrix): HeatCell {
  const rate = c.successRate === null ? 'no rate' : `${(c.successRate * 100).toFixed(0)}%${c.trials !== undefined ? ` (${c.successes}/${c.trials})` : ''}`
  const cost = c.costPerSolved !== null ? `$${c.costPerSolved.toPrecision(3)}/solved` : c.costPerTrial !== null ? 'none solved' : 'unpriced'
  const prov = provenanceLabel(c.provenance)
  return {
    col: m.cols.indexOf(c.axes[m.colAxis] ?? '—'), row: m.rowAxis ? m.rows.indexOf(c.axes[m.rowAxis] ?? '—') : 0,
    fill: c.successRate, text: rate, sub: cost, front: c.front,
    title: `${c.id}: success ${rate}; ${cost}${c.costPerTrial !== null ? `; $${c.costPerTrial.toPrecision(3)}/trial` : ''}${c.front ? '; on the Pareto front' : ''}${prov ? `; ${prov}` : ''}`,
  }
}
