// The HTML report (`swarmbench report`, and report.html after every run): one self-contained file with an
// overview of the newest run against its baseline, the diff, the trends of the history and the swarm matrix.
// loadReportData reads the history (data.ts); everything else here is pure rendering.
import { writeFileAtomic } from '../../store/baseline-file.ts'
import { withStore, type StoreOptions } from '../../store/open.ts'
import { gateExitCode, tally, VERDICT_WORD } from '../tally.ts'
import { runLine } from './badges.ts'
import { loadReportData, type ReportData, type ReportQuery } from './data.ts'
import { diffOrder, diffView } from './diff-view.ts'
import { matrixView } from './matrix-view.ts'
import { overviewView } from './overview.ts'
import { page } from './page.ts'
import { trendsView } from './trends-view.ts'

export { loadReportData, DEFAULT_RUNS, type ReportData, type ReportQuery } from './data.ts'
export { escapeHtml, jsonForScript } from './escape.ts'
export { contentSecurityPolicy } from './page.ts'

export function renderHtmlReport(d: ReportData): string {
  const ordered = d.comparison ? diffOrder(d.comparison.rows) : []
  const verdict = d.comparison ? VERDICT_WORD[gateExitCode(tally(d.comparison))] : undefined
  const subtitle = [
    d.latest ? `run ${d.latest.runId} · ${runLine(d.latest.run)}` : 'no runs',
    verdict ? `${verdict} against the baseline` : '',
    `${d.trends.runs.length} run(s) in the trends${d.query.branch !== undefined ? ` on branch ${d.query.branch}` : ''}${d.query.bench ? ` · benchmarks matching “${d.query.bench}”` : ''}`,
    `made ${d.generatedAt.replace('T', ' ').slice(0, 19)} UTC from ${d.historyFile}`,
  ].filter(Boolean).join(' · ')
  return page({
    title: 'swarmbench report', subtitle,
    views: [
      { id: 'overview', label: 'Overview', body: overviewView(d) },
      { id: 'trends', label: 'Trends', body: trendsView(d) },
      { id: 'diff', label: 'Diff', body: diffView(d, ordered) },
      { id: 'swarm', label: 'Swarm matrix', body: matrixView(d) },
    ],
    rows: ordered,
    meta: {
      generatedAt: d.generatedAt, query: d.query,
      latest: d.latest ? { runId: d.latest.runId, createdAt: d.latest.run.createdAt, git: d.latest.run.git, env: d.latest.run.env } : null,
      base: d.base ? { runId: d.base.runId, createdAt: d.base.createdAt, sha: d.base.sha, branch: d.base.branch } : null,
      verdict: verdict ?? null, trends: { runs: d.trends.runs.length, series: d.trends.series.length }, swarmSuites: d.swarm.length,
    },
  })
}

export interface WrittenReport { file: string; bytes: number; runs: number; rows: number; series: number }

/** Reads the history (read-only; a SQLite file or a PostgreSQL URL) and writes the report to `out`, atomically. */
export async function writeHtmlReport(location: string, out: string, q: ReportQuery = {}, open: Omit<StoreOptions, 'mode'> = {}): Promise<WrittenReport> {
  const d = await withStore(location, { ...open, mode: 'read' }, store => loadReportData(store, q))
  const text = renderHtmlReport(d)
  writeFileAtomic(out, text)
  return { file: out, bytes: Buffer.byteLength(text), runs: d.trends.runs.length, rows: d.comparison?.rows.length ?? 0, series: d.trends.series.length }
}
