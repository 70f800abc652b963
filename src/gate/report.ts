// Gate output: the Markdown for a pull-request comment (also appended to GITHUB_STEP_SUMMARY) and GitHub
// Actions annotations for regressions.
import { appendFileSync } from 'node:fs'
import type { Comparison, ComparisonRow } from '../compare/types.ts'
import { formatRowChange, provenanceLabel, renderComment, type CommentContext } from '../report/index.ts'
import { escapeMarkdown } from '../report/markdown.ts'
import type { PerRoundRow } from './per-round.ts'

export interface GateReportInput {
  comparison: Comparison
  title: string
  verdictLine: string
  perRound?: PerRoundRow[]
  rounds?: number
  elapsedMs?: number
  /** The adaptive gate's one line: rounds per side run, of how many at most, and why it stopped. */
  adaptive?: string
  /** The adaptive gate ran some bench files fewer rounds than `rounds` (they had no open row). */
  narrowed?: boolean
}

/** The gate's comment: the shared bounded comment, with the gate's reason and its per-round table. */
export function gateCommentContext(r: GateReportInput): CommentContext {
  const preamble = [`**Gate:** ${escapeMarkdown(r.verdictLine)}`]
  if (r.rounds !== undefined) preamble.push(`Interleaved runs: ${r.narrowed ? 'up to ' : ''}${r.rounds} round(s) per side${r.narrowed ? ' (fewer for bench files without an open row; each row says its own)' : ''}, base and head alternating (A B A B …)${r.elapsedMs !== undefined ? `, ${(r.elapsedMs / 1000).toFixed(1)} s in all` : ''}.`)
  const seq = r.comparison.sequential
  if (r.adaptive !== undefined) preamble.push(`${escapeMarkdown(r.adaptive.replace(/^adaptive: /, 'Adaptive gate: '))}${seq ? ` (group-sequential: ${escapeMarkdown(seq.efficacy)} spending of α over looks at ${seq.looks.join(', ')} rounds, Holm over the gating rows; futility: ${escapeMarkdown(seq.futility)})` : ''}.`)
  const appendix = r.perRound?.length ? [{
    summary: 'Per-round changes of the median latency (head vs base, same round)',
    head: ['| benchmark | per round | head slower | sign test p |', '| --- | --- | ---: | ---: |'],
    rows: r.perRound.map(row => {
      const cells = row.changesPct.map(c => (c === null ? '–' : `${c >= 0 ? '+' : ''}${c.toFixed(1)}%`)).join(' ')
      return `| ${escapeMarkdown(row.id)} | ${cells} | ${row.slower}/${row.pairs} | ${row.signP.toPrecision(2)} |`
    }),
  }] : []
  return { title: r.title, preamble, appendix }
}

export function gateMarkdown(r: GateReportInput, files?: CommentContext['files']): string {
  return renderComment(r.comparison, { ...gateCommentContext(r), ...(files ? { files } : {}) })
}

/** Escaping of workflow-command data, as the GitHub Actions toolkit does it. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

export function annotation(row: ComparisonRow): string {
  const ci = row.ciPct ? ` (CI ${row.ciPct[0].toFixed(1)}%..${row.ciPct[1].toFixed(1)}%)` : ''
  const change = row.kind === 'difference' ? formatRowChange(row) : row.changePct !== null ? `${row.changePct >= 0 ? '+' : ''}${row.changePct.toFixed(2)}%` : 'changed'
  const what = provenanceLabel(row.provenance)
  return `::error title=${escapeProperty(`swarmbench regression: ${row.metric}${what ? ` (${row.provenance!.kind})` : ''}`)}::${escapeData(`${row.id} — ${row.metric} ${change}${ci}${what ? `; ${what}` : ''}${row.judgedOn ? `; judged on ${row.judgedOn}` : ''}${row.note ? `; ${row.note}` : ''}`)}`
}

export interface Sinks { stdout(line: string): void; env: NodeJS.ProcessEnv }

/** Emits annotations inside GitHub Actions and appends the Markdown to the step summary when one is set. */
export function publish(markdown: string, regressions: ComparisonRow[], failure: string | null, sinks: Sinks): void {
  if (sinks.env.GITHUB_ACTIONS === 'true') {
    for (const row of regressions) sinks.stdout(annotation(row))
    if (failure && regressions.length === 0) sinks.stdout(`::error title=swarmbench gate::${escapeData(failure)}`)
  }
  const summary = sinks.env.GITHUB_STEP_SUMMARY
  if (summary) appendFileSync(summary, `${markdown}\n`)
}
