// swarmbench/jest's pieces in one process: bench() really runs tinybench and writes to the folder the reporter
// names; the reporter's reading side keeps passing tests only. Jest's `expect.getState()` is the one thing
// stood in for here (Vitest has no such global); test/integration/jest.test.ts runs the real Jest.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { collectEntries } from '../collect/index.ts'
import { appendRecord, JEST_DIR_ENV, readRecords } from './channel.ts'
import { jestTests } from './collect.ts'
import { bench, metric } from './index.ts'

let dir: string
const state = { currentTestName: 'suite › sorts', testPath: '/project/tests/sort.test.js' }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'swarmbench-jest-unit-'))
  vi.stubEnv(JEST_DIR_ENV, dir)
  vi.stubGlobal('expect', Object.assign((...a: unknown[]) => (expect as (...b: unknown[]) => unknown)(...a), { getState: () => state }))
})
afterEach(() => { vi.unstubAllEnvs(); vi.unstubAllGlobals(); rmSync(dir, { recursive: true, force: true }) })

describe('bench and metric', () => {
  test('bench measures with tinybench and writes one record; metric attaches to the bench that ran last', async () => {
    const data = Array.from({ length: 200 }, (_, i) => (i * 7919) % 200)
    const r = await bench('sort', () => data.toSorted((a, b) => a - b), { time: 20, warmupTime: 0 })
    expect(r.latency.samplesCount).toBeGreaterThan(0)
    expect(r.latency.samples).toHaveLength(r.latency.samplesCount)
    metric('compares', 1500, { better: 'lower', unit: 'compares' })
    const { records, problems } = readRecords(dir)
    expect(problems).toEqual([])
    expect(records.map(x => x.type)).toEqual(['bench', 'metric'])
    expect(records[1]).toMatchObject({ metric: { name: 'compares', afterRuns: 1 } })
    const results = { testResults: [{ testFilePath: state.testPath, testResults: [{ fullName: state.currentTestName, status: 'passed' }] }] }
    const { tests, skipped } = jestTests(records, results, '/project')
    expect(skipped).toEqual([])
    const { entries, warnings } = collectEntries(tests)
    expect(warnings).toEqual([])
    const entry = entries['jest › tests/sort.test.js › suite › sorts › sort']!
    expect(entry.rounds[0]!.latency.n).toBe(r.latency.samplesCount)
    expect(entry.metrics['compares']!.rounds[0]!.value).toBe(1500)
  })

  test('mistakes are one clear error each', async () => {
    await expect(bench('', () => 1)).rejects.toThrow('bench(name, fn): name must be a non-empty string')
    await expect(bench('x', 5 as never)).rejects.toThrow("bench('x', fn): fn must be a function")
    await expect(bench('x', () => 1, { time: -1 })).rejects.toThrow(/^bench\('x'\): option time: /)
    expect(() => metric('m', Number.NaN, { better: 'lower' })).toThrow("metric('m'): value must be a finite number, got NaN")
    vi.stubGlobal('expect', undefined)
    await expect(bench('x', () => 1)).rejects.toThrow("swarmbench/jest: bench('x') must be called inside a Jest test")
  })

  test('without the reporter nothing is written and one line says how to add it', async () => {
    vi.stubEnv(JEST_DIR_ENV, '')
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      metric('a', 1, { better: 'lower' })
      metric('b', 1, { better: 'lower' })
      const lines = err.mock.calls.map(c => String(c[0])).filter(l => l.includes('reporter is not configured'))
      expect(lines).toEqual(["swarmbench: the swarmbench Jest reporter is not configured, so nothing is stored. Fix: add reporters: ['default', 'swarmbench/jest-reporter'] to the Jest config\n"]) // once per worker
      expect(readRecords(dir).records).toEqual([])
    } finally { err.mockRestore() }
  })
})

describe('reading the records', () => {
  test('a failed or unknown test keeps its figures out, with one line each; damaged lines are reported', () => {
    const base = { testPath: '/p/a.test.js', latency: { samplesCount: 1, mean: 1, min: 1, max: 1, p50: 1, p75: 1, p99: 1, sd: 0, rme: 0 }, throughput: { mean: 1000 } }
    appendRecord(dir, { type: 'bench', ...base, test: 'ok', name: 'x' })
    appendRecord(dir, { type: 'bench', ...base, test: 'broken', name: 'y' })
    appendRecord(dir, { type: 'bench', ...base, test: 'gone', name: 'z' })
    writeFileSync(join(dir, 'zz.jsonl'), '{"type":"bench"\n{"type":"other"}\n')
    const { records, problems } = readRecords(dir)
    expect(problems).toEqual(['zz.jsonl line 1: not JSON (a worker was killed while writing?)', expect.stringMatching(/^zz\.jsonl line 2: /)])
    const results = { testResults: [{ testFilePath: '/p/a.test.js', displayName: { name: 'unit' }, testResults: [{ fullName: 'ok', status: 'passed' }, { fullName: 'broken', status: 'failed' }] }] }
    const { tests, skipped } = jestTests(records, results, '/p')
    expect(tests.map(t => [t.project, t.file, t.test])).toEqual([['unit', 'a.test.js', 'ok']])
    expect(skipped).toEqual(['a.test.js › broken: failed; its benchmarks are not stored', 'a.test.js › gone: not in the results; its benchmarks are not stored'])
    expect(readFileSync(join(dir, `${process.pid}.jsonl`), 'utf8').split('\n')).toHaveLength(4)
  })
})
