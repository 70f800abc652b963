// The `swarm` fixture on swarmbench's `test`, run by a real `vitest bench` (in process, so the plugin and the
// reporter are this code): each cell becomes an entry of the test with its counts, and a planted drop in one
// cell fails the gate.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, expect, test, vi } from 'vitest'
import { startVitest } from 'vitest/node'
import { swarmbench } from '../../src/plugin/index.ts'
import type { Baseline } from '../../src/schema/baseline.ts'

const fixture = resolve(import.meta.dirname, '../fixtures/swarm')
const out = mkdtempSync(join(tmpdir(), 'swarmbench-swarm-fixture-'))
afterAll(() => { vi.unstubAllEnvs(); rmSync(out, { recursive: true, force: true }) })

async function benchInProcess() {
  const exitBefore = process.exitCode
  const logs: string[] = []
  const sink = () => new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done() } })
  const vitest = await startVitest([], { benchmarkOnly: true, run: true, watch: false, root: fixture, config: false, reporters: ['dot'] } as never,
    { plugins: [swarmbench({ outDir: out, gate: true, compare: { bootstrap: { resamples: 200 } } })], test: { benchmark: { include: ['*.bench.ts'] } } } as never,
    { stdout: sink(), stderr: sink() })
  await vitest.close()
  const exitCode = process.exitCode
  process.exitCode = exitBefore
  return { exitCode, log: logs.join('') }
}

test('swarm fixture: one entry per cell with counts and provenance; a planted drop in one cell fails the gate', async () => {
  const first = await benchInProcess()
  expect(first.log).toMatch(/this run becomes the baseline/)
  const base = JSON.parse(readFileSync(join(out, 'baseline.json'), 'utf8')) as Baseline
  const ids = Object.keys(base.entries).filter(id => id.includes('coordination modes'))
  expect(ids.map(id => id.split(' › ').pop())).toEqual(['mode=centralized', 'mode=mesh'])
  const mesh = base.entries[ids[1]!]!
  expect(mesh.metrics.success_rate!.rounds[0]!.counts!.trials).toBe(20)
  expect(mesh.metrics.success_rate!.provenance).toEqual({ kind: 'simulated', how: 'seeded draw per trial' })
  expect(mesh.metrics['tokens.input.per_trial']!.rounds[0]!.samples).toHaveLength(20)

  vi.stubEnv('SWARM_DROP', '1')
  const second = await benchInProcess()
  expect(second.exitCode).toBe(1)
  const diff = JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')) as { rows: { id: string; metric: string; verdict: string }[] }
  const rates = diff.rows.filter(r => r.metric === 'success_rate')
  expect(rates.map(r => [r.id.split(' › ').pop(), r.verdict])).toEqual([['mode=centralized', 'unchanged'], ['mode=mesh', 'regressed']])
}, 180_000)
