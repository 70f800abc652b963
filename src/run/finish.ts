// What happens after a suite has run, shared by the Vitest reporter and `swarmbench run`: keep the run
// (last-run file, history), diff it against the baseline, write the Markdown, maybe promote it, maybe gate.
// Each step's failure is reported on one line and does not undo the steps before it.
import { existsSync } from 'node:fs'
import { compareBaselines } from '../compare/index.ts'
import type { Comparison } from '../compare/types.ts'
import { EXIT, isSwarmbenchError } from '../errors/index.ts'
import type { OutputPaths, ResolvedOptions } from '../plugin/options.ts'
import { render, renderMarkdown } from '../report/index.ts'
import type { Baseline } from '../schema/baseline.ts'
import { readBaselineFile, serializeBaseline, writeBaselineFile, writeFileAtomic } from '../store/baseline-file.ts'
import { openHistory, saveRun } from '../store/history.ts'

export interface FinishResult {
  exitCode: 0 | 1 | 2
  comparison?: Comparison
  runId?: number
  baselineWritten: boolean
}

export interface Logger { log(line: string): void; error(line: string): void }

export function describeRun(b: Baseline): string {
  const sha = b.run.git.sha ? b.run.git.sha.slice(0, 7) + (b.run.git.dirty ? '+dirty' : '') : 'no git'
  return `${b.run.createdAt.replace('T', ' ').slice(0, 19)} (${sha}${b.run.git.branch ? `, ${b.run.git.branch}` : ''})`
}

export function comparisonTitle(base: Baseline, head: Baseline): string {
  return `baseline ${describeRun(base)} → current ${describeRun(head)}`
}

export function finishRun(current: Baseline, paths: OutputPaths, o: ResolvedOptions, logger: Logger, env = process.env): FinishResult {
  let exitCode: FinishResult['exitCode'] = EXIT.ok
  const fail = (e: unknown) => {
    if (!isSwarmbenchError(e)) throw e
    logger.error(`swarmbench: ${e.message}`)
    exitCode = EXIT.usage
  }
  const result: FinishResult = { exitCode: EXIT.ok, baselineWritten: false }

  const text = serializeBaseline(current) // once, for last-run and (maybe) baseline
  try { writeBaselineFile(paths.lastRun, text) } catch (e) { fail(e) }

  if (o.history) {
    try {
      const h = openHistory(paths.history)
      try { result.runId = saveRun(h, current) } finally { h.close() }
    } catch (e) { fail(e) }
  }

  const hadBaseline = existsSync(paths.baseline)
  let previous: Baseline | undefined
  if (hadBaseline) {
    try { previous = readBaselineFile(paths.baseline) } catch (e) { fail(e) }
  } else {
    logger.log(`swarmbench: no baseline yet at ${paths.baseline}; this run becomes the baseline`)
  }

  if (previous) {
    const cmp = compareBaselines(previous, current, o.compare)
    result.comparison = cmp
    const title = comparisonTitle(previous, current)
    if (o.print) logger.log(render(cmp, 'table', { title }))
    try { writeFileAtomic(paths.markdown, renderMarkdown(cmp, { title })) } catch (e) { fail(e) }
    const regressions = cmp.rows.filter(r => r.verdict === 'regressed' && r.gating)
    if (o.gate && regressions.length > 0) {
      logger.error(`swarmbench: ${regressions.length} regression(s) against the baseline: ${[...new Set(regressions.map(r => `${r.id} (${r.metric})`))].join('; ')}`)
      if (exitCode === EXIT.ok) exitCode = EXIT.regression
    }
  }

  // A baseline that exists but cannot be read is never overwritten: it may be the only copy of a good run.
  const update = env.SWARMBENCH_UPDATE === '1' ? 'always' : o.updateBaseline
  const mayWrite = hadBaseline ? previous !== undefined && update === 'always' : update !== 'never'
  if (mayWrite) {
    try { writeBaselineFile(paths.baseline, text); result.baselineWritten = true } catch (e) { fail(e) }
  }
  result.exitCode = exitCode
  return result
}

