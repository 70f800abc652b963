// Small pieces every view uses: the provenance badge beside a non-measured figure, a run's one-line identity.
import type { Provenance, RunMeta } from '../../schema/baseline.ts'
import { provenanceLabel } from '../format.ts'
import { html, type Raw } from './escape.ts'

/** The badge a figure that was not measured here carries, in every view: its kind, with the how on hover. */
export function provenanceBadge(p: Provenance | undefined): Raw {
  if (!p || p.kind === 'measured') return html``
  return html` <span class="prov prov-${p.kind}" title="${provenanceLabel(p)}">${p.kind}</span>`
}

export function runLine(run: Pick<RunMeta, 'createdAt' | 'git'>): string {
  const sha = run.git.sha ? `${run.git.sha.slice(0, 7)}${run.git.dirty ? '+dirty' : ''}` : 'no git'
  return `${run.createdAt.replace('T', ' ').slice(0, 19)} (${sha}${run.git.branch ? `, ${run.git.branch}` : ''})`
}
