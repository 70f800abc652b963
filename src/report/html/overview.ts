// The overview: the newest run against its baseline with the gate's own counts, the run's environment,
// warnings, and a link to each gating regression's row in the diff.
import { formatRowChange } from '../format.ts'
import { sections } from '../sections.ts'
import { gateExitCode, notMeasuredLine, tally, tallyLine, VERDICT_WORD } from '../tally.ts'
import { provenanceBadge, runLine } from './badges.ts'
import type { ReportData } from './data.ts'
import { anchorId, html, type Raw } from './escape.ts'

export function overviewView(d: ReportData): Raw {
  if (!d.latest) return html`<section id="overview" class="view"><h2>Overview</h2><p class="empty">The history holds no runs${d.query.branch !== undefined ? ` on branch ${d.query.branch}` : ''} yet.</p></section>`
  const r = d.latest.run, env = r.env
  const meta = html`<dl class="meta">
<dt>run</dt><dd>${d.latest.runId} · ${runLine(r)} · ${r.rounds} round(s)</dd>
<dt>environment</dt><dd>Node ${env.node} (V8 ${env.v8}) · ${env.os} ${env.arch} · ${env.cpuModel} × ${env.cpuCount} · Vitest ${env.vitest} · module runner ${env.moduleRunner ? 'on' : 'off'}</dd>
${d.base ? html`<dt>baseline</dt><dd>${d.base.run ? runLine(d.base.run) : `${d.base.createdAt.replace('T', ' ').slice(0, 19)} (${d.base.sha?.slice(0, 7) ?? 'no git'}${d.base.branch ? `, ${d.base.branch}` : ''})`}${d.base.runId !== null ? ` · run ${d.base.runId}` : ' · not in this history'}</dd>` : null}
</dl>`
  if (!d.comparison) {
    return html`<section id="overview" class="view"><h2>Overview</h2>${meta}<p class="empty">This run was not compared with a baseline when it ran (it was the first run, or it became the baseline).</p></section>`
  }
  const c = d.comparison
  const t = tally(c)
  const code = gateExitCode(t)
  const s = sections(c)
  const notMeasured = notMeasuredLine(t)
  const warnings = [...c.environment.mismatches.map(m => `environment differs: ${m}${c.environment.timingGated ? '' : '; timing is shown but not gated'}`), ...c.warnings]
  return html`<section id="overview" class="view">
<h2>Overview</h2>
<p class="verdict v${code}"><strong>${VERDICT_WORD[code]}</strong> · ${tallyLine(t)}</p>
<ul class="counts">
<li><span class="n">${t.gating.regressions}</span> gating regressions</li>
<li><span class="n">${t.gating.improvements}</span> improvements</li>
<li><span class="n">${t.notGated.changes}</span> changes that do not gate</li>
<li><span class="n">${t.gating.unchanged + t.notGated.unchanged}</span> unchanged</li>
<li><span class="n">${t.gating.inconclusive + t.notGated.inconclusive}</span> inconclusive</li>
<li><span class="n">${t.gating.new + t.notGated.new}</span> new · <span class="n">${t.gating.missing + t.notGated.missing}</span> missing</li>
</ul>
${meta}
${notMeasured ? html`<p class="note">Not measured here: ${notMeasured} rows (labelled in every row and chart).</p>` : null}
${warnings.length ? html`<ul class="warnings">${warnings.map(w => html`<li>⚠️ ${w}</li>`)}</ul>` : null}
${s.regressions.length ? html`<h3>Gating regressions</h3><ul class="regressions">${s.regressions.map(row => html`<li><a href="#${anchorId('row', `${row.id}\u0000${row.metric}`)}" data-row="${anchorId('row', `${row.id}\u0000${row.metric}`)}">${row.id} · ${row.metric}</a> ${formatRowChange(row)}${provenanceBadge(row.provenance)}</li>`)}</ul>` : null}
</section>`
}
