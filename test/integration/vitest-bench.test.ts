// Runs real `vitest bench` on a fixture project, twice, and reads what the reporter left behind.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { BaselineSchema } from '../../src/schema/baseline.ts'
import { decodeSamples } from '../../src/compare/samples.ts'

const fixture = resolve(import.meta.dirname, '../fixtures/basic')
const vitestCli = resolve(import.meta.dirname, '../../node_modules/vitest/vitest.mjs')

function benchRun(outDir: string, env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [vitestCli, 'bench', '--run'], {
    cwd: fixture, encoding: 'utf8', env: { ...process.env, CI: 'true', FIXTURE_OUT_DIR: outDir, FORCE_COLOR: '0', ...env }, timeout: 120_000,
  })
}

describe('vitest bench on a fixture project, twice', () => {
  let out: string
  let first: ReturnType<typeof benchRun>
  let second: ReturnType<typeof benchRun>

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'swarmbench-it-'))
    first = benchRun(out)
    // `sum` sorts 4× the elements: well over 2× slower. Progress every 100 ms: a CI log without a TTY hears from a long file.
    second = benchRun(out, { SLOW_FACTOR: '4', FIXTURE_PROGRESS_MS: '100' })
  }, 240_000)
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  test('both runs pass', () => {
    expect(first.status, first.stderr).toBe(0)
    expect(second.status, second.stderr).toBe(0)
  })

  test('the baseline validates, holds samples and metrics, and is the first run', () => {
    const baseline = BaselineSchema.parse(JSON.parse(readFileSync(join(out, 'baseline.json'), 'utf8')))
    const last = BaselineSchema.parse(JSON.parse(readFileSync(join(out, 'last-run.json'), 'utf8')))
    expect(baseline.run.createdAt < last.run.createdAt).toBe(true)
    const sum = baseline.entries['bench › work.bench.ts › arithmetic › sum']!
    expect(sum.rounds).toHaveLength(1)
    expect(decodeSamples(sum.rounds[0]!.samples!).length).toBeGreaterThan(10)
    expect(sum.metrics.messages).toMatchObject({ unit: 'msgs', kind: 'deterministic', rounds: [{ value: 42 }] })
    expect(Object.keys(baseline.entries).sort()).toEqual([
      'bench › work.bench.ts › arithmetic › sum', 'bench › work.bench.ts › strings › concat', 'bench › work.bench.ts › strings › join',
    ])
    expect(baseline.run.env.vitest).toMatch(/^5\./)
  })

  test('the history has two runs with their samples and metrics', () => {
    const db = new DatabaseSync(join(out, 'history.sqlite'), { readOnly: true })
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 2 })
      expect(db.prepare('SELECT COUNT(*) AS n FROM results').get()).toEqual({ n: 6 })
      expect(db.prepare('SELECT COUNT(*) AS n FROM samples').get()).toEqual({ n: 6 })
      expect(db.prepare("SELECT COUNT(*) AS n FROM metrics WHERE name = 'messages'").get()).toEqual({ n: 2 })
    } finally { db.close() }
  })

  test('the stock sqlite3 tool reads the history', () => {
    const r = spawnSync('sqlite3', [join(out, 'history.sqlite'), 'SELECT COUNT(*) FROM runs; PRAGMA integrity_check;'], { encoding: 'utf8' })
    if (r.error) return expect((r.error as NodeJS.ErrnoException).code).toBe('ENOENT') // not installed: nothing to check
    expect(r.stdout.trim().split('\n')).toEqual(['2', 'ok'])
  })

  test('the diff names the slowed benchmark, in the terminal and in Markdown', () => {
    expect(first.stdout).toContain('this run becomes the baseline')
    expect(first.stdout.trimEnd().split('\n').at(-2)).toBe('swarmbench: no verdict: first run, it is the baseline now; run again to compare against it')
    expect(second.stdout).toMatch(/^ {2}work\.bench\.ts › arithmetic\n {4}sum\s+latency\s+[\d.]+ [µm]s\s+[\d.]+ [µm]s\s+\+\d/m)
    const md = readFileSync(join(out, 'diff.md'), 'utf8')
    expect(md).toMatch(/\| work\.bench\.ts › arithmetic › sum \| latency \|[^\n]*\|/)
    expect(readFileSync(join(out, 'diff-full.md'), 'utf8')).toMatch(/\| bench › work\.bench\.ts › arithmetic › sum \| latency \|[^\n]*slower/)
    expect(JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')).rows.length).toBeGreaterThan(3)
  })

  test('quiet, useful output: table lines fit 120 columns, the run ends on its verdict and its files, progress without a TTY', () => {
    const ours = second.stdout.slice(second.stdout.indexOf('baseline 20'))
    for (const l of ours.split('\n').filter(l => !l.startsWith('swarmbench: files in'))) expect([...l].length, l).toBeLessThanOrEqual(120)
    const last = second.stdout.trimEnd().split('\n').slice(-2)
    expect(last[0]).toMatch(/^swarmbench: (PASS|FAIL|NO VERDICT) · gating: /)
    expect(last[1]).toMatch(/^swarmbench: files in .+: diff\.md \(PR comment, [\d.]+ k?B\) · report\.html \(HTML report\) · diff-full\.md · diff\.json · hygiene\.txt · history\.sqlite \(run 2\) · baseline\.json$/)
    expect(readFileSync(join(out, 'hygiene.txt'), 'utf8')).toMatch(/hygiene warning|No hygiene warnings/)
    expect(second.stdout).toMatch(/^swarmbench: still running work\.bench\.ts \(test "\w+"/m)
  })
})
