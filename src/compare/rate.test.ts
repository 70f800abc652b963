import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { barnardExact, fisherExact, passAtK, passHatK, planTrials, ratePower } from './stats/index.ts'
import { compareBaselines } from './index.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry } from '../schema/baseline.ts'

// Reference values from SciPy 1.10 (scipy.stats.barnard_exact(table, n=200), fisher_exact), table columns = samples.
const SCIPY: Array<[k1: number, n1: number, k2: number, n2: number, barnard: number, fisher: number]> = [
  [27, 30, 9, 30, 1.053616073043381e-06, 3.3670291145080475e-06],
  [7, 15, 12, 15, 0.06815343273153578, 0.12813593203398302],
  [3, 3, 0, 3, 0.031250000000000014, 0.10000000000000002],
  [8, 9, 2, 7, 0.021270751953124993, 0.034965034965034975],
  [30, 30, 0, 30, 1.7347234759768136e-18, 1.6911233892144735e-17],
  [5, 10, 5, 10, 1, 1],
  [2, 11, 8, 9, 0.0018215179443359397, 0.005477494641581328],
  [27, 30, 21, 30, 0.06039374046839998, 0.10416473660307206],
]

describe('exact tests on two proportions', () => {
  it.each(SCIPY)('%i/%i vs %i/%i matches SciPy', (k1, n1, k2, n2, barnard, fisher) => {
    // SciPy maximises over the nuisance rate with a 200-point optimiser; ours refines further, so it may be a
    // hair larger (by under 1%; see the brute-force check below), never smaller.
    const p = barnardExact(k1, n1, k2, n2)
    expect(p).toBeGreaterThanOrEqual(barnard * (1 - 1e-9))
    expect(p / barnard).toBeLessThan(1.01)
    expect(fisherExact(k1, n1, k2, n2) / fisher).toBeCloseTo(1, 6)
  })

  it('Barnard is never less powerful than Fisher here, both are symmetric, and p ∈ (0, 1]', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.nat(), fc.nat(), (n1, n2, a, b) => {
      const k1 = a % (n1 + 1), k2 = b % (n2 + 1)
      const p = barnardExact(k1, n1, k2, n2), f = fisherExact(k1, n1, k2, n2)
      expect(p).toBeGreaterThan(0)
      expect(p).toBeLessThanOrEqual(1)
      expect(barnardExact(k2, n2, k1, n1)).toBeCloseTo(p, 9)
      expect(fisherExact(k2, n2, k1, n1)).toBeCloseTo(f, 9)
      expect(barnardExact(n1 - k1, n1, n2 - k2, n2)).toBeCloseTo(p, 9)
    }), { numRuns: 60 })
  })

  it('finds the supremum over the nuisance rate (brute-force 100,001-point grid in NumPy)', () => {
    expect(barnardExact(7, 15, 12, 15)).toBeCloseTo(0.06821830931, 9)
    expect(barnardExact(27, 30, 9, 30) / 1.0612497699517405e-06).toBeCloseTo(1, 6)
  })

  it('rejects bad counts with a RangeError', () => {
    expect(() => barnardExact(4, 3, 0, 3)).toThrow(RangeError)
    expect(() => fisherExact(1.5, 3, 0, 3)).toThrow(RangeError)
  })
})

describe('pass@k and pass^k', () => {
  it('matches the closed forms', () => {
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 12)
    expect(passAtK(10, 0, 5)).toBe(0)
    expect(passAtK(10, 8, 3)).toBe(1) // fewer than 3 failures: any 3 contain a pass
    expect(passAtK(5, 2, 2)).toBeCloseTo(1 - 3 / 10, 12) // 1 − C(3,2)/C(5,2)
    expect(passHatK(5, 2, 2)).toBeCloseTo(1 / 10, 12) // C(2,2)/C(5,2)
    expect(passHatK(5, 1, 2)).toBe(0)
    expect(passHatK(4, 4, 4)).toBe(1)
    expect(() => passAtK(3, 1, 4)).toThrow(RangeError)
    expect(() => passHatK(3, 1, 0)).toThrow(RangeError)
  })

  it('pass@1 = pass^1 = c/n, pass@k rises and pass^k falls with k', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 30 }), fc.nat(), (n, a) => {
      const c = a % (n + 1)
      expect(passAtK(n, c, 1)).toBeCloseTo(c / n, 12)
      expect(passHatK(n, c, 1)).toBeCloseTo(c / n, 12)
      for (let k = 2; k <= n; k++) {
        expect(passAtK(n, c, k)).toBeGreaterThanOrEqual(passAtK(n, c, k - 1) - 1e-12)
        expect(passHatK(n, c, k)).toBeLessThanOrEqual(passHatK(n, c, k - 1) + 1e-12)
      }
    }), { numRuns: 40 })
  })
})

describe('power and planning', () => {
  it('exact power: a huge drop at n = 30 is all but certain, no drop is flagged at most at the level', () => {
    expect(ratePower({ base: 0.9, head: 0.3, n: 30, level: 0.05 / 35 })).toBeGreaterThan(0.95)
    expect(ratePower({ base: 0.7, head: 0.7, n: 20, level: 0.05 })).toBeLessThanOrEqual(0.05)
    expect(ratePower({ base: 0.7, head: 0.6, n: 20, level: 0.05, test: 'fisher' })).toBeLessThan(ratePower({ base: 0.7, head: 0.6, n: 20, level: 0.05 }) + 1e-12)
  })

  it('plans the smallest n that reaches the power', () => {
    const p = planTrials({ rate: 0.7, detect: 0.3, alpha: 0.05 })
    expect(p.trialsPerCell).not.toBeNull()
    expect(p.power).toBeGreaterThanOrEqual(0.8)
    expect(ratePower({ base: 0.7, head: 0.4, n: p.trialsPerCell! - 1, level: 0.05 })).toBeLessThan(0.8)
    expect(planTrials({ rate: 0.7, detect: 0.01, maxTrials: 16 }).trialsPerCell).toBeNull()
    expect(() => planTrials({ rate: 0.2, detect: 0.3 })).toThrow(RangeError)
  })
})

function rateBaseline(rates: Record<string, [number, number]>): Baseline {
  const entries: Record<string, Entry> = {}
  for (const [cell, [k, n]] of Object.entries(rates)) {
    const id = `swarm › tasks › ${cell}`
    entries[id] = { id, project: 'swarm', file: 'tasks', test: cell, rounds: [], metrics: {
      success_rate: { unit: 'ratio', better: 'higher', kind: 'quality', rounds: [{ value: k / n, counts: { successes: k, trials: n } }] },
    } }
  }
  return { schemaVersion: BASELINE_SCHEMA_VERSION, run: { createdAt: '2026-11-20T10:00:00.000Z', rounds: 1, git: { sha: null, branch: null, dirty: null },
    env: { node: '24', v8: '13', os: 'Linux', arch: 'x64', cpuModel: 'cpu', cpuCount: 2, vitest: '5.1.1', moduleRunner: true } }, entries }
}

describe('compareBaselines judges rates with counts by the exact test', () => {
  it('a 90% → 30% drop is regressed after Holm; a 1-point wobble is unchanged; too few trials is inconclusive', () => {
    const cells = Object.fromEntries(Array.from({ length: 35 }, (_, i) => [`c${i}`, [27, 30] as [number, number]]))
    const head = { ...cells, c3: [9, 30] as [number, number], c4: [26, 30] as [number, number] }
    const cmp = compareBaselines(rateBaseline(cells), rateBaseline(head))
    const row = (c: string) => cmp.rows.find(r => r.id.endsWith(c))!
    expect(row('c3').verdict).toBe('regressed')
    expect(row('c3').method).toBe('points')
    expect(row('c3').pAdjusted).toBeCloseTo(Math.min(1, 35 * barnardExact(27, 30, 9, 30)), 12)
    expect(row('c3').note).toMatch(/Barnard exact p/)
    expect(row('c4').verdict).toBe('unchanged')
    const tiny = compareBaselines(rateBaseline({ a: [3, 3], b: [3, 3] }), rateBaseline({ a: [0, 3], b: [3, 3] }))
    expect(tiny.rows.find(r => r.id.endsWith('a'))!.verdict).toBe('inconclusive')
    expect(tiny.rows.find(r => r.id.endsWith('a'))!.note).toMatch(/3 vs 3 trials/)
    const up = compareBaselines(rateBaseline({ a: [9, 30] }), rateBaseline({ a: [27, 30] }))
    expect(up.rows[0]!.verdict).toBe('improved')
  })

  it('a significant change within maxDropPoints is unchanged', () => {
    const cmp = compareBaselines(rateBaseline({ a: [27, 30] }), rateBaseline({ a: [9, 30] }), { policies: { quality: { maxDropPoints: 70 } } })
    expect(cmp.rows[0]!.verdict).toBe('unchanged')
  })
})

describe('per-trial usage samples (tokens, cost of repeated trials) are judged trial by trial', () => {
  const usage = (samples: number[], name = 'tokens.input.per_trial'): Baseline => {
    const b = rateBaseline({ cell: [9, 10] })
    b.entries['swarm › tasks › cell']!.metrics[name] = { unit: 'tokens', better: 'lower', kind: 'deterministic', rounds: [{ value: samples.toSorted((x, y) => x - y)[samples.length >> 1]!, samples }] }
    return b
  }
  const row = (a: number[], b: number[]) => compareBaselines(usage(a), usage(b)).rows.find(r => r.metric === 'tokens.input.per_trial')!
  const trials = (from: number, n = 30) => Array.from({ length: n }, (_, i) => from + ((i * 7) % n))

  it('a 30% rise over 30 trials is regressed by the rank test, in the corrected family; noise within the threshold is not', () => {
    const up = row(trials(100), trials(130))
    expect(up.verdict).toBe('regressed')
    expect(up.method).toBe('samples')
    expect(up.n).toEqual({ base: 30, head: 30 })
    expect(up.note).toMatch(/per-trial samples, each an independent trial/)
    expect(up.note).not.toMatch(/single process run/) // trials are units: no single-run penalty
    expect(up.pAdjusted).toBeGreaterThanOrEqual(up.p!) // joined the Holm family with the success rate
    expect(row(trials(100), trials(101)).verdict).toBe('unchanged')
    expect(row(trials(100, 3), trials(300, 3)).verdict).toBe('inconclusive') // 3 trials per side: no verdict
  })

  it('a base of zero falls back to the tolerance on the medians; a single value per round keeps the tolerance', () => {
    expect(row(Array(10).fill(0), Array(10).fill(0)).verdict).toBe('unchanged')
    expect(row(Array(10).fill(0), Array(10).fill(5)).verdict).toBe('regressed')
    const single = (v: number): Baseline => { const b = rateBaseline({ cell: [1, 1] }); b.entries['swarm › tasks › cell']!.metrics.t = { unit: 'tokens', better: 'lower', kind: 'deterministic', rounds: [{ value: v }] }; return b }
    expect(compareBaselines(single(100), single(101)).rows.find(r => r.metric === 't')!.method).toBe('tolerance')
  })
})
