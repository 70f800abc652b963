import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { sampleBaseline } from '../../test/helpers/baselines.ts'
import { outputPaths, parseOptions, type OutputPaths } from '../plugin/options.ts'
import { loadComparisons } from '../store/comparisons.ts'
import { openHistory, listRuns } from '../store/history.ts'
import { finishRun } from './finish.ts'

let dir: string, paths: OutputPaths, logs: string[], errors: string[]
const logger = { log: (s: string) => { logs.push(s) }, error: (s: string) => { errors.push(s) } }
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-fin-')); paths = outputPaths(dir, parseOptions({})); logs = []; errors = [] })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const runs = () => { const h = openHistory(paths.history); try { return listRuns(h).length } finally { h.close() } }

describe('finishRun', () => {
  test('first run: becomes the baseline, lands in history and last-run', async () => {
    const r = await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    expect(r).toMatchObject({ exitCode: 0, runId: 1, baselineWritten: true })
    expect(logs[0]).toMatch(/no baseline yet/)
    expect(existsSync(paths.lastRun) && existsSync(paths.baseline)).toBe(true)
  })

  test('a single run\'s timing is not gated until the history holds 10 earlier runs', async () => {
    await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    const slow = sampleBaseline({ scale: 2, seed: 9, createdAt: '2026-11-21T00:00:00.000Z' })
    const r = await finishRun(slow, paths, parseOptions({ gate: true, print: false }), logger, {})
    expect(r.exitCode).toBe(0)
    expect(r.tally?.notGated.changes).toBe(1)
    expect(r.comparison!.rows.find(x => x.metric === 'latency' && x.id.endsWith('quick'))).toMatchObject({ verdict: 'regressed', tentative: true, gating: false })
    expect(r.comparison!.warnings.join('\n')).toMatch(/the history holds 1 of the 10 earlier single-process runs needed/)
  })

  test('later runs diff against the kept baseline; with 10 earlier runs in the history, gate turns a 2× slowdown into exit 1', async () => {
    // Ten unchanged runs (different noise each): the first becomes the baseline, every one passes.
    for (let i = 0; i < 10; i++) {
      const r = await finishRun(sampleBaseline({ seed: 1 + 2 * i, createdAt: `2026-11-20T10:0${i}:00.000Z` }), paths, parseOptions({ gate: true, print: false }), logger, {})
      expect(r.exitCode).toBe(0)
    }
    const before = readFileSync(paths.baseline, 'utf8')
    const slow = sampleBaseline({ scale: 2, seed: 9, createdAt: '2026-11-21T00:00:00.000Z' })
    const r = await finishRun(slow, paths, parseOptions({ gate: true, print: false }), logger, {})
    expect(r.exitCode).toBe(1)
    expect(r.baselineWritten).toBe(false)
    expect(readFileSync(paths.baseline, 'utf8')).toBe(before)
    expect(errors.join('\n')).toMatch(/FAIL: 1 gating regression\(s\) against the baseline: bench › a\.bench\.ts › sorting › quick latency \+\d+%/)
    expect(readFileSync(paths.markdown, 'utf8')).toMatch(/^## 🔴 swarmbench: FAIL · gating: 1 regression/)
    expect(readFileSync(paths.markdown, 'utf8')).toMatch(/\| a\.bench\.ts › sorting › quick \| latency \|/)
    expect(r.reports).toBeDefined()
    expect(readFileSync(r.reports!.full, 'utf8')).toMatch(/\| bench › a\.bench\.ts › sorting › quick \| latency \|.*slower/)
    expect(JSON.parse(readFileSync(r.reports!.json, 'utf8')).rows.length).toBe(r.comparison!.rows.length)
    expect(r.tally?.gating.regressions).toBe(1)
    expect(r.comparison!.rows.find(x => x.metric === 'latency' && x.id.endsWith('quick'))).toMatchObject({ method: 'history', judgedOn: 'history: 10 earlier single-process runs' })
    expect(runs()).toBe(11)
    // The history keeps the verdicts the run got and the base they were made against (run 1).
    const h = openHistory(paths.history)
    try {
      const stored = loadComparisons(h, [1, 11])
      expect([...stored.keys()]).toEqual([11])
      expect(stored.get(11)!.base.runId).toBe(1)
      expect(stored.get(11)!.comparison).toEqual(r.comparison)
    } finally { h.close() }
  })

  test("'always' and SWARMBENCH_UPDATE=1 promote each run; 'never' never writes", async () => {
    await finishRun(sampleBaseline(), paths, parseOptions({ updateBaseline: 'never' }), logger, {})
    expect(existsSync(paths.baseline)).toBe(false)
    await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    const next = sampleBaseline({ createdAt: '2026-11-22T00:00:00.000Z' })
    expect((await finishRun(next, paths, parseOptions({ print: false }), logger, { SWARMBENCH_UPDATE: '1' })).baselineWritten).toBe(true)
    expect(JSON.parse(readFileSync(paths.baseline, 'utf8')).run.createdAt).toBe('2026-11-22T00:00:00.000Z')
  })

  test('a corrupted baseline: one clear line, exit 2, history still gains the run, baseline not overwritten', async () => {
    await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    writeFileSync(paths.baseline, '{"schemaVersion": 1, "run": ')
    const r = await finishRun(sampleBaseline(), paths, parseOptions({ updateBaseline: 'always' }), logger, {})
    expect(r.exitCode).toBe(2)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/baseline\.json: not valid JSON.*Fix:/)
    expect(readFileSync(paths.baseline, 'utf8')).toBe('{"schemaVersion": 1, "run": ')
    expect(runs()).toBe(2)
  })

  test('a history path that is not SQLite: exit 2, the file untouched, the baseline still written', async () => {
    const notDb = 'not a database '.repeat(100)
    mkdirSync(dirname(paths.history), { recursive: true })
    writeFileSync(paths.history, notDb)
    const r = await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    expect(r.exitCode).toBe(2)
    expect(errors[0]).toMatch(/history\.sqlite: this file is not a SQLite database/)
    expect(readFileSync(paths.history, 'utf8')).toBe(notDb)
    expect(existsSync(paths.baseline)).toBe(true)
  })
})

describe('finishRun: each step on its own', () => {
  test('last-run.json is a folder: one line, exit 2; the history, the diff and the baseline still happen', async () => {
    mkdirSync(paths.lastRun, { recursive: true })
    const r = await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    expect(r).toMatchObject({ exitCode: 2, runId: 1, baselineWritten: true })
    expect(errors).toEqual([expect.stringMatching(/^swarmbench: .*last-run\.json: cannot write \(EISDIR\): this path is a folder, not a file; nothing was changed\. Fix: /)])
    expect(r.failures.map(f => f.step)).toEqual(['last-run'])
    errors.length = 0
    const second = await finishRun(sampleBaseline({ seed: 3 }), paths, parseOptions({ print: false }), logger, {})
    expect(second.exitCode).toBe(2)
    expect(second.comparison?.rows.length).toBeGreaterThan(0)
    expect(existsSync(paths.markdown)).toBe(true)
    expect(runs()).toBe(2)
  })

  test('a bug inside one step is one line naming the step; the later steps still run', async () => {
    await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    const throwingLog = { log: (s: string) => { if (s.includes(' → current ')) throw new TypeError('cannot print'); logs.push(s) }, error: logger.error }
    const r = await finishRun(sampleBaseline({ seed: 4 }), paths, parseOptions({ updateBaseline: 'always' }), throwingLog, {})
    expect(errors).toEqual([expect.stringMatching(/^swarmbench: internal error while printing the diff: TypeError: cannot print \(a bug in swarmbench; run again with SWARMBENCH_DEBUG=1/)])
    expect(r).toMatchObject({ exitCode: 2, baselineWritten: true })
    expect(existsSync(paths.markdown)).toBe(true)
  })

  test('diff.md is a folder: the baseline is still promoted', async () => {
    await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    mkdirSync(paths.markdown)
    const r = await finishRun(sampleBaseline({ createdAt: '2026-11-23T00:00:00.000Z' }), paths, parseOptions({ updateBaseline: 'always', print: false }), logger, {})
    expect(r.failures.map(f => f.step)).toEqual(['markdown'])
    expect(JSON.parse(readFileSync(paths.baseline, 'utf8')).run.createdAt).toBe('2026-11-23T00:00:00.000Z')
  })

  test('an invalid benchmark is dropped with one line; the others are kept everywhere', async () => {
    const run = sampleBaseline()
    const bad = Object.keys(run.entries)[0]!
    run.entries[bad]!.rounds[0]!.latency.mean = Number.NaN
    const r = await finishRun(run, paths, parseOptions({}), logger, {})
    expect(r.exitCode).toBe(2)
    expect(errors).toEqual([expect.stringMatching(/sorting › quick: not stored, its figures are invalid \(field rounds\[0\]\.latency\.mean: .*the other benchmarks are kept/)])
    expect(Object.keys(JSON.parse(readFileSync(paths.baseline, 'utf8')).entries)).toEqual([Object.keys(run.entries)[1]])
    expect(runs()).toBe(1)
  })
})

describe('finishRun: the HTML report and the trend charts', () => {
  test('every run ends with report.html; a gating regression gets its trend chart in diff.md', async () => {
    const first = await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    expect(first.html).toBe(paths.report)
    expect(readFileSync(paths.report!, 'utf8')).toMatch(/^<!doctype html>/)
    await finishRun(sampleBaseline({ seed: 2, createdAt: '2026-11-21T00:00:00.000Z' }), paths, parseOptions({ print: false }), logger, {})
    // A gating regression from one process per side: tokens (an exact figure). The 2× latency beside it is
    // shown but not gated (single-run timing, src/compare), so it gets no chart.
    const worse = await finishRun(sampleBaseline({ scale: 2, seed: 9, tokens: 1100, createdAt: '2026-11-22T00:00:00.000Z' }), paths, parseOptions({ print: false }), logger, {})
    expect(worse.failures).toEqual([])
    expect(worse.tally?.gating.regressions).toBe(1)
    const comment = readFileSync(paths.markdown, 'utf8')
    expect(comment).toMatch(/```mermaid\nxychart-beta\n {4}title "a\.bench\.ts › sorting › merge · tokens"\n {4}x-axis \["#1", "#2", "#3"\]/)
    expect(comment.match(/```mermaid/g)).toHaveLength(1)
    const page = readFileSync(paths.report!, 'utf8')
    expect(page).toContain('<strong>FAIL</strong>')
    expect(page.match(/<svg class="chart trend"/g)).toHaveLength(4)
  })

  test('report.html cannot be written: one line, exit 2; the history, the diff and the baseline are kept', async () => {
    await finishRun(sampleBaseline(), paths, parseOptions({}), logger, {})
    rmSync(paths.report!)
    mkdirSync(paths.report!)
    const r = await finishRun(sampleBaseline({ seed: 5, createdAt: '2026-11-21T00:00:00.000Z' }), paths, parseOptions({ updateBaseline: 'always', print: false }), logger, {})
    expect(r.failures.map(f => f.step)).toEqual(['html'])
    expect(r.exitCode).toBe(2)
    expect(errors).toEqual([expect.stringMatching(/report\.html: .*folder/)])
    expect(r.html).toBeUndefined()
    expect(runs()).toBe(2)
    expect(existsSync(paths.markdown)).toBe(true)
    expect(JSON.parse(readFileSync(paths.baseline, 'utf8')).run.createdAt).toBe('2026-11-21T00:00:00.000Z')
  })

  test('htmlReport: false and history: false write no report', async () => {
    expect((await finishRun(sampleBaseline(), paths, parseOptions({ htmlReport: false }), logger, {})).html).toBeUndefined()
    expect((await finishRun(sampleBaseline(), paths, parseOptions({ history: false }), logger, {})).html).toBeUndefined()
    expect(existsSync(paths.report!)).toBe(false)
  })
})
