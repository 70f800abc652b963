// Real Jest 30 (the devDependency) running bench tests in its default CommonJS mode and in ESM mode
// (--experimental-vm-modules), with the swarmbench reporter: the first run writes a baseline and history that
// validate, and a planted 2× slowdown (SLOW=2: twice the work) fails the gate. One Jest run is one process, and
// timing from one process per side is not gated without 10 earlier runs in the history: in the default mode the
// 2× latency fails the gate after 10 unchanged runs (the history path), in ESM mode the run's counted calls (a
// deterministic figure, doubled) fail it while the 2× latency is shown, not gated. `swarmbench/jest` is the
// bundle scripts/build.ts ships (built here the same way, into tmp/); `npm run smoke:pack` uses the real package.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'rolldown'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readBaselineFile } from '../../src/store/baseline-file.ts'
import { loadRun, openHistory } from '../../src/store/history.ts'
import { JEST_BUNDLE } from '../../scripts/jest-bundle.ts'

const repo = resolve(import.meta.dirname, '../..')
const jestCli = join(repo, 'node_modules/jest/bin/jest.js')
let work: string

beforeAll(async () => {
  mkdirSync(join(repo, 'tmp'), { recursive: true })
  work = mkdtempSync(join(repo, 'tmp/jest-')) // inside the repo, so the bundle finds zod in node_modules
  for (const format of ['cjs', 'esm'] as const) {
    await build({ ...JEST_BUNDLE, output: { format, file: join(work, `jest.${format === 'cjs' ? 'cjs' : 'mjs'}`) }, logLevel: 'silent' })
  }
}, 120_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

function project(mode: 'cjs' | 'esm', attempt: number): string {
  const dir = join(work, `${mode}-${attempt}`)
  mkdirSync(dir)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `jest-${mode}`, private: true, ...(mode === 'esm' ? { type: 'module' } : {}) }))
  copyFileSync(join(repo, `test/fixtures/jest/fib.test.${mode === 'cjs' ? 'cjs' : 'mjs'}`), join(dir, `fib.test.${mode === 'cjs' ? 'cjs' : 'mjs'}`))
  return dir
}


function jest(dir: string, mode: 'cjs' | 'esm', env: Record<string, string> = {}) {
  const config = {
    rootDir: dir, testMatch: [`**/fib.test.${mode === 'cjs' ? 'cjs' : 'mjs'}`], testEnvironment: 'node',
    moduleNameMapper: { '^swarmbench/jest$': join(work, `jest.${mode === 'cjs' ? 'cjs' : 'mjs'}`) },
    reporters: ['default', [join(repo, 'src/jest/reporter.ts'), { gate: true }]],
    ...(mode === 'esm' ? { transform: {} } : {}),
  }
  const r = spawnSync(process.execPath, [jestCli, '--config', JSON.stringify(config)], {
    cwd: dir, encoding: 'utf8', timeout: 180_000,
    env: { ...process.env, CI: 'true', FORCE_COLOR: '0', ...(mode === 'esm' ? { NODE_OPTIONS: '--experimental-vm-modules' } : {}), ...env },
  })
  return { code: r.status, out: `${r.stdout}${r.stderr}` }
}

function expectValidStore(dir: string, runs: number) {
  const baseline = readBaselineFile(join(dir, '.swarmbench/baseline.json')) // validates against the schema
  const ext = dir.includes('/cjs-') ? 'cjs' : 'mjs'
  const entry = baseline.entries[`jest › fib.test.${ext} › fib › fib 18`]!
  expect(entry.rounds[0]!.latency.n).toBeGreaterThan(10)
  expect(entry.rounds[0]!.samples!.count).toBe(Math.min(2000, entry.rounds[0]!.latency.n))
  expect(entry.metrics['calls']!.rounds[0]!.value).toBe(8361) // calls of fib(18): 2·fib(19) − 1
  expect(baseline.run.env.runner).toMatch(/^jest 30\./)
  const h = openHistory(join(dir, '.swarmbench/history.sqlite'))
  try { expect(Object.keys(loadRun(h, { id: runs }).entries)).toEqual(Object.keys(baseline.entries)) } finally { h.close() }
}

const ROW = (mode: 'cjs' | 'esm') => `jest › fib\\.test\\.${mode === 'cjs' ? 'cjs' : 'mjs'} › fib › fib 18`

describe('Jest 30', () => {
  test('default (CommonJS) mode: a baseline and history that validate; after 10 unchanged runs the 2× slower run fails the gate on latency', () => {
    const dir = project('cjs', 1)
    const first = jest(dir, 'cjs')
    expect(first.code, first.out).toBe(0)
    expect(first.out).toContain('this run becomes the baseline')
    expectValidStore(dir, 1)
    for (let run = 2; run <= 11; run++) {
      const same = jest(dir, 'cjs') // unchanged code: the history of single-process runs
      expect(same.code, same.out).toBe(0)
    }
    expectValidStore(dir, 11)
    const slow = jest(dir, 'cjs', { SLOW: '2' })
    expect(slow.code, slow.out).toBe(1)
    expect(slow.out).toMatch(new RegExp(`swarmbench: FAIL: 2 gating regression\\(s\\) against the baseline: (${ROW('cjs')} (latency|calls) \\+\\S+(; )?){2}`))
    const diff = JSON.parse(readFileSync(join(dir, '.swarmbench/diff.json'), 'utf8'))
    expect(diff.rows.find((r: { metric: string }) => r.metric === 'latency'))
      .toMatchObject({ verdict: 'regressed', gating: true, judgedOn: expect.stringMatching(/^history: 1\d earlier single-process runs$/) })
    expect(slow.out).toMatch(/Tests:\s+\d+ passed, \d+ total/)
  }, 900_000)

  test('ESM mode: a baseline and history that validate, a failing test left out; the 2× slower run fails the gate on its counted calls, its latency shown but not gated', () => {
    const dir = project('esm', 1)
    const first = jest(dir, 'esm', { FAIL_ONE: '1' })
    // a failing test fails Jest; its benchmark is left out with one line, the passing one is stored
    expect(first.code, first.out).toBe(1)
    expect(first.out).toContain('swarmbench: fib.test.mjs › a failing test keeps its benchmarks out: failed; its benchmarks are not stored')
    expect(first.out).toContain('this run becomes the baseline')
    expectValidStore(dir, 1)
    const slow = jest(dir, 'esm', { SLOW: '2' })
    expect(slow.code, slow.out).toBe(1)
    expect(slow.out).toMatch(new RegExp(`swarmbench: FAIL: 1 gating regression\\(s\\) against the baseline: ${ROW('esm')} calls \\+100%`))
    const diff = JSON.parse(readFileSync(join(dir, '.swarmbench/diff.json'), 'utf8'))
    expect(diff.rows.find((r: { metric: string }) => r.metric === 'latency')).toMatchObject({ gating: false, judgedOn: 'not gated: one process per side' })
    expect(slow.out).toMatch(/Tests:\s+\d+ passed, \d+ total/)
  }, 900_000)
})
