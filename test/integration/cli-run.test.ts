// `swarmbench run` end to end: real vitest processes, one per round, then store, diff and gate in one step.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { runSuite, vitestBin } from '../../src/run/index.ts'

const fixture = resolve(import.meta.dirname, '../fixtures/basic')
const bin = resolve(import.meta.dirname, '../../src/cli/bin.ts')
const out = mkdtempSync(join(tmpdir(), 'swarmbench-run-it-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

function swarmbench(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [bin, '--root', fixture, ...args], {
    encoding: 'utf8', env: { ...process.env, FIXTURE_OUT_DIR: out, FORCE_COLOR: '0', ...env }, timeout: 180_000,
  })
}

test('run --rounds 2 --json: one multi-round run in history, a JSON summary on stdout', () => {
  const r = swarmbench(['run', '--rounds', '2', '--json'])
  expect(r.status, r.stderr).toBe(0)
  const summary = JSON.parse(r.stdout)
  expect(summary).toMatchObject({ exitCode: 0, runId: 1, rounds: 2, benchmarks: 3, baselineWritten: true })
  expect(r.stderr).toMatch(/round 2 of 2/)
  // Timing gates only when both sides measured the variation between processes: rounds on both sides.
  const again = swarmbench(['run', '-t', 'arithmetic', '--gate', '--rounds', '2'], { SLOW_FACTOR: '8' })
  expect(again.status).toBe(1)
  expect(again.stdout).toMatch(/^gating regressions \(1\)\n {2}work\.bench\.ts › arithmetic\n {4}sum\s+latency/m)
  expect(again.stderr).toMatch(/FAIL: 1 gating regression\(s\) against the baseline: bench › work\.bench\.ts › arithmetic › sum latency \+/)
  // The run ends on its verdict and where the files are.
  const last = again.stdout.trimEnd().split('\n').slice(-2)
  expect(last[0]).toMatch(/^swarmbench: FAIL · gating: 1 regression/)
  expect(last[1]).toMatch(/^swarmbench: files in .+: diff\.md \(PR comment, [\d.]+ k?B\) · report\.html \(HTML report\) · diff-full\.md · diff\.json · history\.sqlite \(run 2\) · baseline\.json$/)
}, 240_000)

test('a failing suite or a project without the plugin is a tool error (exit 2), not a regression', async () => {
  const failing = swarmbench(['run', '--json'], { FIXTURE_FAIL: '1' })
  expect(failing.status).toBe(2)
  expect(failing.stderr).toMatch(/vitest bench failed \(exit 1\)/)
  expect(swarmbench(['run', '--rounds', 'two']).stderr).toMatch(/--rounds takes a whole number/)
  expect(() => vitestBin(tmpdir())).toThrow(/vitest is not installed in this project/)
  await expect(runSuite({ root: fixture, filters: ['no-such-file'], output: 'ignore', vitestArgs: ['--passWithNoTests'] }))
    .rejects.toThrow(/no swarmbench run was written/)
}, 120_000)
