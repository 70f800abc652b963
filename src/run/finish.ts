// What happens after a suite has run, shared by the Vitest reporter and `swarmbench run`: keep the run
// (last-run file, history), diff it against the baseline, write the Markdown, maybe promote it, maybe gate.
// Each step is independent: its failure is reported on one line (exit 2) and every later step still runs,
// so a run is never lost because a later step failed. A step that needs an earlier one's result (the diff
// needs the baseline) is skipped only when that result is missing.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { compareBaselines } from '../compare/index.ts'
import type { Comparison } from '../compare/types.ts'
import { EXIT, describeFailure, fieldPath, oneLine, SwarmbenchError } from '../errors/index.ts'
import type { OutputPaths, ResolvedOptions } from '../plugin/options.ts'
import { gateExitCode, renderTable, reportFiles, tally, tallyLine, writeReports, type ReportFiles, type Tally } from '../report/index.ts'
import { formatChange } from '../report/format.ts'
import { BaselineSchema, EntrySchema, type Baseline } from '../schema/baseline.ts'
import { readBaselineFile, removeStaleTemps, serializeBaseline, writeBaselineFile } from '../store/baseline-file.ts'
import { withStore } from '../store/open.ts'
import { loadNoiseHistory } from '../store/noise.ts'
import { historyMayExist } from '../store/location.ts'
import { parseCompareOptions, type CompareOptionsInput, type NoiseHistory } from '../compare/index.ts'
import { busyTimeoutMs } from '../store/sqlite-errors.ts'
import { writeHtmlReport } from '../report/html/index.ts'
import { namer } from '../report/sections.ts'
import { regressionTrends } from './trend-extra.ts'

export interface FinishResult {
  exitCode: 0 | 1 | 2
  comparison?: Comparison
  /** The counts every output shows; the gate's exit code comes from them too. */
  tally?: Tally
  runId?: number
  baselineWritten: boolean
  /** Steps that failed, with the line that was printed for each. */
  failures: Array<{ step: FinishStep; message: string }>
  /** The report files, once written. */
  reports?: ReportFiles
  /** The HTML report (report.html), once written. */
  html?: string
}

export interface Logger {
  log(line: string): void
  error(line: string): void
  /** Columns of the terminal `log` writes to; default 120 (no TTY). */
  columns?: number
}

/** The steps, in order; each says in words what it does (used in "internal error while …"). */
export const FINISH_STEPS = {
  tidy: 'removing temporary files left by an earlier crash',
  validate: 'checking the run',
  'last-run': 'writing the last-run file',
  history: 'storing the run in the history',
  baseline: 'reading the baseline',
  noise: 'reading earlier runs from the history (between-run noise)',
  diff: 'comparing the run with the baseline',
  verdicts: 'keeping the verdicts in the history',
  print: 'printing the diff',
  markdown: 'writing the diff files (diff.md, diff-full.md, diff.json)',
  trends: 'reading the trends of the regressions for the PR comment',
  promote: 'writing the baseline',
  html: 'writing the HTML report (report.html)',
} as const
export type FinishStep = keyof typeof FINISH_STEPS

export function describeRun(b: Baseline): string {
  const sha = b.run.git.sha ? b.run.git.sha.slice(0, 7) + (b.run.git.dirty ? '+dirty' : '') : 'no git'
  return `${b.run.createdAt.replace('T', ' ').slice(0, 19)} (${sha}${b.run.git.branch ? `, ${b.run.git.branch}` : ''})`
}

export function comparisonTitle(base: Baseline, head: Baseline): string {
  return `baseline ${describeRun(base)} → current ${describeRun(head)}`
}

export async function finishRun(current: Baseline, paths: OutputPaths, o: ResolvedOptions, logger: Logger, env = process.env): Promise<FinishResult> {
  const result: FinishResult = { exitCode: EXIT.ok, baselineWritten: false, failures: [] }
  /** Runs one step; a failure is printed on one line and recorded, and the caller goes on. */
  const fail = (name: FinishStep, e: unknown): undefined => {
    const failure = describeFailure(e, { env, during: FINISH_STEPS[name] })
    for (const line of failure.lines) logger.error(line)
    result.failures.push({ step: name, message: failure.lines[0]! })
    return undefined
  }
  const step = <T>(name: FinishStep, fn: () => T): T | undefined => {
    try { return fn() } catch (e) { return fail(name, e) }
  }
  /** The same for a step that waits (the history may be a server). */
  const stepAsync = async <T>(name: FinishStep, fn: () => Promise<T>): Promise<T | undefined> => {
    try { return await fn() } catch (e) { return fail(name, e) }
  }
  const storeOptions = { busyTimeoutMs: busyTimeoutMs(env) }

  step('tidy', () => { for (const file of [paths.lastRun, paths.baseline, ...Object.values(reportFiles(paths.markdown))]) removeStaleTemps(file) })
  // An invalid benchmark (a NaN from a broken measurement) is dropped with a line; the others are kept.
  const checked = step('validate', () => validRun(current))
  for (const message of checked?.problems ?? []) { logger.error(message); result.failures.push({ step: 'validate', message }) }
  const run = checked?.run ?? current
  const text = step('last-run', () => { const t = serializeBaseline(run); writeBaselineFile(paths.lastRun, t); return t })

  if (o.history) {
    result.runId = await stepAsync('history', () => withStore(paths.history, storeOptions, store => store.saveRun(run)))
  }

  const hadBaseline = existsSync(paths.baseline)
  let previous: Baseline | undefined
  if (hadBaseline) previous = step('baseline', () => readBaselineFile(paths.baseline))
  else logger.log(`swarmbench: no baseline yet at ${paths.baseline}; this run becomes the baseline`)

  let gateCode: 0 | 1 | 2 = EXIT.ok
  if (previous) {
    const base = previous
    // Earlier single-process runs let a single run's timing gate (see src/compare/noise-history.ts).
    const noise = o.history && run.run.rounds === 1 && historyMayExist(paths.history)
      ? await stepAsync('noise', () => readNoise(paths.history, base, run, o.compare, env)) : undefined
    const cmp = step('diff', () => compareBaselines(base, run, o.compare, noise ? { history: noise } : {}))
    if (cmp) {
      result.comparison = cmp
      // Kept beside the run, so trends can show this verdict and when the baseline changed.
      const runId = result.runId
      if (runId !== undefined) {
        await stepAsync('verdicts', () => withStore(paths.history, storeOptions, store => store.saveComparison(runId, base.run, cmp)))
      }
      const counts = result.tally = tally(cmp)
      const title = comparisonTitle(base, run)
      const files = reportFiles(paths.markdown)
      if (o.print) step('print', () => logger.log(renderTable(cmp, { title, fullFile: files.full, ...(logger.columns ? { width: logger.columns } : {}) })))
      // A trend chart per gating regression in the comment, from the history this run was just stored in.
      const gatingRegressions = cmp.rows.filter(r => r.verdict === 'regressed' && r.gating)
      const regressionExtra = gatingRegressions.length && runId !== undefined
        ? await stepAsync('trends', () => withStore(paths.history, { ...storeOptions, mode: 'read' }, store => regressionTrends(store, gatingRegressions, { name: namer(cmp) })))
        : undefined
      if (step('markdown', () => writeReports(cmp, files, { title, ...(regressionExtra ? { regressionExtra } : {}) })) !== undefined) result.reports = files
      // The gate's exit code comes from the same counts the table and the Markdown show.
      if (o.gate) gateCode = gateExitCode(counts)
      if (gateCode === EXIT.regression) {
        const regressions = cmp.rows.filter(r => r.verdict === 'regressed' && r.gating)
        logger.error(`swarmbench: FAIL: ${regressions.length} gating regression(s) against the baseline: ${regressions.slice(0, 5).map(r => `${r.id} ${r.metric} ${formatChange(r.changePct)}`).join('; ')}${regressions.length > 5 ? '; …' : ''}`)
      } else if (gateCode === EXIT.usage) {
        logger.error(`swarmbench: NO VERDICT: no gating row could be judged (${tallyLine(counts)}); the warnings above the table say why`)
      }
    }
  }

  // A baseline that exists but cannot be read is never overwritten: it may be the only copy of a good run.
  const update = env.SWARMBENCH_UPDATE === '1' ? 'always' : o.updateBaseline
  const mayWrite = hadBaseline ? previous !== undefined && update === 'always' : update !== 'never'
  if (mayWrite) {
    result.baselineWritten = step('promote', () => { writeBaselineFile(paths.baseline, text ?? run); return true }) ?? false
  }
  // Last, from the history (this run included): nothing above depends on it, and its failure undoes nothing.
  if (o.history && o.htmlReport && result.runId !== undefined) {
    const file = paths.report ?? join(dirname(paths.markdown), 'report.html')
    result.html = await stepAsync('html', async () => (await writeHtmlReport(paths.history, file, {}, storeOptions)).file)
  }
  // A failed step means the outcome could not be fully judged or kept: that is 2, even beside a regression.
  result.exitCode = result.failures.length > 0 ? EXIT.usage : gateCode
  return result
}

/** The noise model's runs: single-process, before this run, same environment, on the baseline's branch when known. */
export async function readNoise(location: string, base: Baseline, run: Baseline, compare: CompareOptionsInput | undefined, env: NodeJS.ProcessEnv = process.env): Promise<NoiseHistory> {
  const h = parseCompareOptions(compare).history
  return withStore(location, { mode: 'read', busyTimeoutMs: busyTimeoutMs(env) }, store =>
    loadNoiseHistory(store, { before: run.run.createdAt, env: run.run.env, branch: base.run.git.branch, maxRuns: h.maxRuns, summary: h.summary }))
}

/** The run with every invalid entry dropped (one line each); throws only when the run itself is invalid. */
function validRun(run: Baseline): { run: Baseline; problems: string[] } {
  if (BaselineSchema.safeParse(run).success) return { run, problems: [] }
  const entries: Baseline['entries'] = {}
  const problems: string[] = []
  for (const [key, entry] of Object.entries(run.entries)) {
    const r = EntrySchema.safeParse(entry)
    if (r.success) entries[key] = entry
    else problems.push(`swarmbench: ${oneLine(key)}: not stored, its figures are invalid (field ${fieldPath(r.error.issues[0]!.path)}: ${r.error.issues[0]!.message}); the other benchmarks are kept. Fix: check that benchmark's measurement`)
  }
  const kept = { ...run, entries }
  const r = BaselineSchema.safeParse(kept)
  if (!r.success) {
    throw new SwarmbenchError(`the run's own data is invalid: ${r.error.issues[0]!.message}`, { field: fieldPath(r.error.issues[0]!.path), fix: 'this is a bug in swarmbench; please report it' })
  }
  return { run: kept, problems }
}
