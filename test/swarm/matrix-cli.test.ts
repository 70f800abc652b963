// The full 7 strategies × 5 coordination modes × 3 repeats through `swarmbench swarm run` and the claude-flow
// stand-in on PATH: 105 real subprocess trials whose 35 cells reach the baseline, the history and the diff,
// recorded into cassettes; a second run replays them offline, and every figure says replayed.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, expect, test, vi } from 'vitest'
import { main } from '../../src/cli/index.ts'
import { readBaselineFile } from '../../src/store/baseline-file.ts'
import { MODES, STRATEGIES } from '../../src/swarm/index.ts'
import { REPO, standInEnv } from './helpers.ts'

const dir = mkdtempSync(join(tmpdir(), 'sb-swarm-matrix-'))
afterAll(() => { vi.unstubAllEnvs(); rmSync(dir, { recursive: true, force: true }) })

async function cli(...argv: string[]) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd: dir })
  return { code, out, err }
}

test('7 × 5 × 3 through the CLI and the claude-flow stand-in: baseline, history, diff; replayed offline', async () => {
  const env = standInEnv({ seed: 3, success: 0.8 }, dir)
  vi.stubEnv('PATH', env.PATH!)
  vi.stubEnv('SWARMBENCH_STANDIN', env.SWARMBENCH_STANDIN!)
  // one shipped task, graded by reading the file the agent fixed (a `node --test` per trial would double the processes)
  const tasks = join(dir, 'tasks.ts')
  writeFileSync(tasks, `import { codingSuite, defineTask, graders } from ${JSON.stringify(join(REPO, 'src/swarm/index.ts'))}
const t = codingSuite({ timeoutMs: 60_000 }).find(t => t.id === 'sum-to')!
export const suite = 'matrix'
export default [defineTask({ ...t, grade: graders.fileContains('src/sum.js', 'i <= n') })]
`)
  const args = ['swarm', 'run', '--tasks', tasks, '--engine', 'claude-flow', '--strategy', STRATEGIES.join(','), '--mode', MODES.join(','), '--repeats', '3', '--concurrency', '4']
  const first = await cli(...args, '--record', join(dir, 'tapes'), '--json')
  expect(first.code, first.err).toBe(0)
  const summary = JSON.parse(first.out) as { trials: number; cells: { cell: string; trials: number; provenance: string }[] }
  expect(summary.trials).toBe(105)
  expect(summary.cells).toHaveLength(35)
  expect(summary.cells.every(c => c.trials === 3 && c.provenance === 'stand-in')).toBe(true)

  const base = readBaselineFile(join(dir, '.swarmbench/baseline.json'))
  const ids = Object.keys(base.entries)
  expect(ids).toHaveLength(35)
  for (const s of STRATEGIES) for (const m of MODES) expect(ids).toContain(`swarm › matrix › strategy=${s} mode=${m}`)
  const solved = Object.values(base.entries).reduce((n, e) => n + e.metrics.success_rate!.rounds[0]!.counts!.successes, 0)
  expect(solved).toBeGreaterThan(105 * 0.6) // seeded 80%: the stand-in really edited the workdirs
  expect(solved).toBeLessThan(105)

  const second = await cli(...args, '--replay', join(dir, 'tapes'))
  expect(second.code, second.err).toBe(0)
  expect(second.out).toMatch(/figures are replayed/)
  const db = new DatabaseSync(join(dir, '.swarmbench/history.sqlite'), { readOnly: true })
  try {
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 2 })
    expect(db.prepare("SELECT COUNT(DISTINCT benchmark_id) AS n FROM metrics WHERE name = 'success_rate' AND trials = 3").get()).toEqual({ n: 35 })
    expect(db.prepare("SELECT DISTINCT provenance_kind AS k FROM metrics m JOIN runs r ON r.id = m.run_id WHERE r.id = 2 AND m.name = 'success_rate'").all()).toEqual([{ k: 'replayed' }])
  } finally { db.close() }
  // the replayed run's diff: every cell's success rate, identical to the recording, so nothing regressed
  const diff = JSON.parse(readFileSync(join(dir, '.swarmbench/diff.json'), 'utf8')) as { rows: { id: string; metric: string; verdict: string; base: number; head: number }[] }
  const rates = diff.rows.filter(r => r.metric === 'success_rate')
  expect(rates).toHaveLength(35)
  expect(rates.every(r => r.base === r.head && r.verdict !== 'regressed')).toBe(true)
}, 300_000)
