// The last lines of every run: the verdict with its counts, and where the files are. Printed by the reporter
// and by `swarmbench run` after everything else, so a reader (or a CI log) ends on the answer.
import { statSync } from 'node:fs'
import { basename, dirname, isAbsolute, relative } from 'node:path'
import type { OutputPaths } from '../plugin/options.ts'
import { gateExitCode, tallyLine, VERDICT_WORD } from '../report/tally.ts'
import { displayLocation, isDatabaseUrl } from '../store/location.ts'
import type { FinishResult } from './finish.ts'

export interface ClosingInput {
  result: FinishResult
  paths: OutputPaths
  /** Whether this run gates (plugin `gate: true`, `swarmbench run --gate`). */
  gate: boolean
  /** The hygiene list, when one was written. */
  hygieneFile?: string
  /** Paths are shown relative to this directory. */
  cwd: string
}

export function closingLines(i: ClosingInput): string[] {
  const { result: r, paths } = i
  const dir = dirname(paths.markdown)
  const rel = (p: string) => (dirname(p) === dir ? basename(p) : displayPath(p, i.cwd))
  const where = displayPath(dir, i.cwd)
  const run = r.runId !== undefined ? `${isDatabaseUrl(paths.history) ? displayLocation(paths.history) : rel(paths.history)} (run ${r.runId})` : ''
  const baseline = `${rel(paths.baseline)}${r.baselineWritten ? ' (written by this run)' : ''}`
  if (!r.tally) {
    const files = [r.html ? `${rel(r.html)} (HTML report)` : '', baseline, rel(paths.lastRun), run, i.hygieneFile ? rel(i.hygieneFile) : ''].filter(Boolean).join(' · ')
    return [
      `swarmbench: no verdict: ${r.baselineWritten ? 'first run, it is the baseline now; run again to compare against it' : 'nothing to compare against (no readable baseline)'}`,
      `swarmbench: files in ${where}/: ${files}`,
    ]
  }
  const code = gateExitCode(r.tally)
  const gateNote = i.gate || code === 0 ? '' : ' (gate off)'
  const comment = r.reports ? `${rel(r.reports.markdown)} (PR comment, ${size(r.reports.markdown)})` : ''
  const files = [comment, r.html ? `${rel(r.html)} (HTML report)` : '', r.reports ? rel(r.reports.full) : '', r.reports ? rel(r.reports.json) : '', i.hygieneFile ? rel(i.hygieneFile) : '', run, baseline]
    .filter(Boolean).join(' · ')
  return [`swarmbench: ${VERDICT_WORD[code]} · ${tallyLine(r.tally)}${gateNote}`, `swarmbench: files in ${where}/: ${files}`]
}

/** A path relative to the working directory when it lies inside it, else absolute. */
export function displayPath(p: string, cwd: string): string {
  const r = relative(cwd, p)
  return r === '' ? '.' : r.startsWith('..') || isAbsolute(r) ? p : r
}

function size(file: string): string {
  try {
    const bytes = statSync(file).size
    return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`
  } catch { return 'not written' }
}
