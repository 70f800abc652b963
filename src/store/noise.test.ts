import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { sampleBaseline } from '../../test/helpers/baselines.ts'
import { noiseKey } from '../compare/noise-history.ts'
import type { Baseline } from '../schema/baseline.ts'
import { openStore } from './open.ts'
import { loadNoiseHistory } from './noise.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-noise-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const at = (i: number) => `2026-11-20T10:${String(i).padStart(2, '0')}:00.000Z`
const QUICK = 'bench › a.bench.ts › sorting › quick'

describe('loadNoiseHistory', () => {
  test('earlier single-process runs in the same environment and branch, newest first, up to maxRuns', async () => {
    const h = await openStore(join(dir, 'h.sqlite'))
    const runs: Baseline[] = []
    for (let i = 0; i < 8; i++) {
      const b = sampleBaseline({ seed: i + 1, createdAt: at(i) })
      // allocation per call, sampled in one process: its between-run noise is read like timing's
      b.entries[QUICK]!.metrics['mem.alloc.perCall'] = { unit: 'bytes', better: 'lower', kind: 'memory', rounds: [{ value: 16 + i, samples: [16 + i, 16 + i] }] }
      runs.push(b)
    }
    const other = (b: Baseline, patch: Partial<Baseline['run']>): Baseline => ({ ...b, run: { ...b.run, ...patch } })
    try {
      for (const r of runs) await h.saveRun(r)
      await h.saveRun(other(sampleBaseline({ seed: 50, createdAt: at(20) }), { env: { ...runs[0]!.run.env, cpuModel: 'Other CPU' } }))
      await h.saveRun(other(sampleBaseline({ seed: 51, createdAt: at(21) }), { git: { sha: null, branch: 'feature', dirty: null } }))
      await h.saveRun(other(sampleBaseline({ seed: 52, createdAt: at(22) }), { rounds: 2 }))
      await h.saveRun(sampleBaseline({ seed: 53, createdAt: at(40) })) // the judged run itself: not before it
      const q = { before: at(40), env: runs[0]!.run.env, branch: 'main', maxRuns: 5, summary: 'median' as const }
      const noise = await loadNoiseHistory(h, q)
      expect(noise.runs).toBe(5)
      expect(noise.scope).toMatch(/^branch main, same Node major/)
      const want = runs.slice(3).reverse().map(r => r.entries[QUICK]!.rounds[0]!.latency.p50)
      expect(noise.series.get(noiseKey(QUICK, 'latency'))).toEqual(want)
      expect(noise.series.get(noiseKey(QUICK, 'mem.alloc.perCall'))).toEqual([23, 22, 21, 20, 19])
      expect(noise.series.has(noiseKey(QUICK, 'tokens'))).toBe(false) // exact figures have no between-run noise to learn
      // any branch: the feature run counts too; min instead of the median
      const any = await loadNoiseHistory(h, { ...q, branch: null, summary: 'min', maxRuns: 30 })
      expect(any.runs).toBe(9)
      expect(any.series.get(noiseKey(QUICK, 'latency'))![0]).toBe(sampleBaseline({ seed: 51 }).entries[QUICK]!.rounds[0]!.latency.min)
      expect((await loadNoiseHistory(h, { ...q, before: at(0) })).runs).toBe(0)
    } finally { await h.close() }
  })
})
