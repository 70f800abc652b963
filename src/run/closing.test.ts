import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { cmp, row } from '../../test/helpers/comparisons.ts'
import { outputPaths, parseOptions, type OutputPaths } from '../plugin/options.ts'
import { reportFiles, tally } from '../report/index.ts'
import { closingLines } from './closing.ts'

let dir: string, paths: OutputPaths
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-closing-')); paths = outputPaths(dir, parseOptions({})) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the last lines of a run', () => {
  test('verdict with the counts, then where every file is, relative to the working directory', () => {
    const reports = reportFiles(paths.markdown)
    const c = cmp([row({}), row({ id: 'bench › a.bench.ts › t › y', verdict: 'unchanged' })])
    const lines = closingLines({ result: { exitCode: 0, failures: [], tally: tally(c), runId: 7, baselineWritten: false, reports }, paths, gate: false, cwd: dir, hygieneFile: join(dir, '.swarmbench/hygiene.txt') })
    expect(lines).toEqual([
      'swarmbench: FAIL · gating: 1 regression · 1 unchanged (gate off)',
      'swarmbench: files in .swarmbench/: diff.md (PR comment, not written) · diff-full.md · diff.json · hygiene.txt · history.sqlite (run 7) · baseline.json',
    ])
  })
  test('with the gate on, a pass says PASS; the comment size is shown once written', () => {
    const reports = reportFiles(paths.markdown)
    rmSync(join(dir, '.swarmbench'), { recursive: true, force: true })
    const c = cmp([row({ verdict: 'unchanged' })])
    writeFileSync(join(dir, 'diff.md'), 'x'.repeat(1500))
    const lines = closingLines({ result: { exitCode: 0, failures: [], tally: tally(c), baselineWritten: true, reports: { ...reports, markdown: join(dir, 'diff.md') } }, paths, gate: true, cwd: dir })
    expect(lines[0]).toBe('swarmbench: PASS · gating: 0 regressions · 1 unchanged')
    expect(lines[1]).toMatch(/^swarmbench: files in \.swarmbench\/: diff\.md \(PR comment, 1\.5 kB\) · diff-full\.md · diff\.json · baseline\.json \(written by this run\)$/)
  })
  test('first run: no verdict, the baseline is where it says', () => {
    const lines = closingLines({ result: { exitCode: 0, failures: [], runId: 1, baselineWritten: true }, paths, gate: false, cwd: join(dir, '..') })
    expect(lines[0]).toBe('swarmbench: no verdict: first run, it is the baseline now; run again to compare against it')
    expect(lines[1]).toMatch(/^swarmbench: files in swarmbench-closing-\w+\/\.swarmbench\/: baseline\.json \(written by this run\) · last-run\.json · history\.sqlite \(run 1\)$/)
    const withReport = closingLines({ result: { exitCode: 0, failures: [], runId: 1, baselineWritten: true, html: join(dirname(paths.markdown), 'report.html') }, paths, gate: false, cwd: dir })
    expect(withReport[1]).toMatch(/: report\.html \(HTML report\) · baseline\.json/)
  })
})
