// Group-sequential boundaries (spending functions, recursive integration) and the group-sequential Holm step.
// Reference values: scripts/group-sequential-reference.py (SciPy's multivariate normal CDF, an independent
// method) and the published Lan–DeMets tables.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { crossingProbabilities, fixedCritical, holm, holmLevel, normalQuantile, sequentialHolm, spend, spendingBoundaries, spendingName, type Spending } from './stats/index.ts'
import { createRng } from '../random/index.ts'

const SEED = { seed: 20261202, numRuns: 40 }
const LOOKS = [1 / 3, 1 / 2, 2 / 3, 1]
const families: Spending[] = [{ family: 'obrien-fleming' }, { family: 'pocock' }, { family: 'hsd', gamma: -4 }, { family: 'hsd', gamma: 1 }, { family: 'hsd', gamma: 0 }, { family: 'power', rho: 2 }]
const spendingArb = fc.constantFrom(...families)
/** 1–5 strictly increasing fractions ending at 1 (a full design) or below (a test stopped early). */
const fractionsArb = fc.uniqueArray(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 5 }).map(xs => xs.sort((a, b) => a - b).map(x => x / 20))

describe('spending functions (Lan & DeMets 1983)', () => {
  it('O\'Brien–Fleming type at t = 0.5 and α = 0.05: 2 − 2Φ(1.95996/√0.5) = 0.005575', () => {
    expect(spend(0.05, 0.5, { family: 'obrien-fleming' })).toBeCloseTo(0.0055746, 6)
    expect(spend(0.05, 0.5, { family: 'pocock' })).toBeCloseTo(0.05 * Math.log(1 + (Math.E - 1) / 2), 12)
    expect(spend(0.1, 0.5, { family: 'hsd', gamma: -2 })).toBeCloseTo((0.1 * (1 - Math.exp(1))) / (1 - Math.exp(2)), 12)
    expect(spend(0.1, 0.25, { family: 'power', rho: 3 })).toBeCloseTo(0.1 / 64, 12)
    expect(spendingName({ family: 'hsd', gamma: -2 })).toMatch(/γ = -2/)
  })

  it('start at 0, end at the total, never decrease, never exceed it', () => {
    fc.assert(fc.property(spendingArb, fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (s, a, t1, t2) => {
      const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1]
      expect(spend(a, 0, s)).toBe(0)
      expect(spend(a, 1, s)).toBe(a)
      expect(spend(a, lo, s)).toBeLessThanOrEqual(spend(a, hi, s) + 1e-15)
      expect(spend(a, hi, s)).toBeLessThanOrEqual(a + 1e-15)
    }), SEED)
  })

  it('O\'Brien–Fleming type spends less than Pocock type before the end', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), t => {
      expect(spend(0.05, t, { family: 'obrien-fleming' })).toBeLessThan(spend(0.05, t, { family: 'pocock' }))
    }), SEED)
  })

  it('rejects totals and fractions out of range', () => {
    expect(() => spend(0, 0.5, { family: 'pocock' })).toThrow(/total/)
    expect(() => spend(0.05, -1, { family: 'pocock' })).toThrow(/fraction/)
    expect(() => spend(0.05, 0.5, { family: 'power', rho: 0 })).toThrow(/rho/)
  })
})

describe('boundaries from error spending against reference values', () => {
  it('Lan–DeMets O\'Brien–Fleming type, 5 equal looks, two-sided α = 0.05: 4.877, 3.357, 2.680, 2.290, 2.031 (published)', () => {
    const b = spendingBoundaries({ fractions: [0.2, 0.4, 0.6, 0.8, 1], alpha: 0.05, spending: { family: 'obrien-fleming' }, sides: 2 })
    expect(b.z.map(z => +z.toFixed(3))).toEqual([4.877, 3.357, 2.680, 2.290, 2.031])
    expect(b.spent.at(-1)).toBe(0.05)
  })

  it('Lan–DeMets Pocock type, 5 equal looks, two-sided α = 0.05: 2.438, 2.427, 2.410, 2.397, 2.386 (published)', () => {
    const b = spendingBoundaries({ fractions: [0.2, 0.4, 0.6, 0.8, 1], alpha: 0.05, spending: { family: 'pocock' }, sides: 2 })
    expect(b.z.map(z => +z.toFixed(3))).toEqual([2.438, 2.427, 2.410, 2.397, 2.386])
  })

  // scripts/group-sequential-reference.py (SciPy multivariate normal CDF, boundaries by brentq)
  const reference: [string, Parameters<typeof spendingBoundaries>[0], number[]][] = [
    ['O\'Brien–Fleming, looks 2/3/4/6 of 6, two-sided 0.05', { fractions: LOOKS, alpha: 0.05, spending: { family: 'obrien-fleming' }, sides: 2 }, [3.710302873280012, 2.9697370939046404, 2.5386772509676585, 1.9945348789332609]],
    ['Pocock, unequal looks, one-sided 0.025', { fractions: [0.25, 0.6, 1], alpha: 0.025, spending: { family: 'pocock' }, sides: 1 }, [2.3683277035163717, 2.292087125864867, 2.267042412378075]],
    ['HSD γ = −2, one-sided 0.1 (a futility β)', { fractions: LOOKS, alpha: 0.1, spending: { family: 'hsd', gamma: -2 }, sides: 1 }, [2.174502476586681, 2.067402869699406, 1.866347125661448, 1.3767091876241735]],
    ['power ρ = 3, two-sided 0.05/3 (a Holm level)', { fractions: LOOKS, alpha: 0.05 / 3, spending: { family: 'power', rho: 3 }, sides: 2 }, [3.42390412296729, 3.134713561908455, 2.8917610084025145, 2.451229933898487]],
  ]
  it.each(reference)('%s matches SciPy to 1e-6', (_name, input, expected) => {
    const z = spendingBoundaries(input).z
    z.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-6))
  })

  it('power under a drift matches SciPy: O\'Brien–Fleming looks 2/3/4/6, θ = 3 → 0.84622', () => {
    const b = spendingBoundaries({ fractions: LOOKS, alpha: 0.05, spending: { family: 'obrien-fleming' }, sides: 2 })
    const c = crossingProbabilities(LOOKS, b.z, b.z.map(z => -z), 3)
    const total = [...c.up, ...c.down].reduce((a, v) => a + v, 0)
    expect(total).toBeCloseTo(0.8462153531035497, 6)
  })

  it('one look is the fixed-sample test; a look that spends nothing has an infinite boundary', () => {
    expect(spendingBoundaries({ fractions: [1], alpha: 0.05, spending: { family: 'obrien-fleming' }, sides: 2 }).z[0]).toBeCloseTo(fixedCritical(0.05, 2), 7)
    expect(spendingBoundaries({ fractions: [1], alpha: 0.05, spending: { family: 'pocock' }, sides: 1 }).z[0]).toBeCloseTo(normalQuantile(0.95), 7)
    const b = spendingBoundaries({ fractions: [0.5, 1], alpha: 0.05, spending: { family: 'power', rho: 1e9 }, sides: 1 })
    expect(b.z[0]).toBe(Infinity)
    expect(b.nominal[0]).toBe(0)
    expect(b.z[1]).toBeCloseTo(normalQuantile(0.95), 6)
  })

  it('rejects looks that do not increase within (0, 1]', () => {
    expect(() => spendingBoundaries({ fractions: [], alpha: 0.05, spending: { family: 'pocock' }, sides: 2 })).toThrow(/at least one/)
    expect(() => spendingBoundaries({ fractions: [0.5, 0.5], alpha: 0.05, spending: { family: 'pocock' }, sides: 2 })).toThrow(/increase/)
    expect(() => crossingProbabilities([0.5, 1], [2], [-2])).toThrow(/one upper/)
  })
})

describe('boundaries: invariants (property tests)', () => {
  it('under θ = 0 the test crosses at each look with exactly the spent increment', () => {
    fc.assert(fc.property(fractionsArb, spendingArb, fc.double({ min: 0.005, max: 0.2, noNaN: true }), fc.constantFrom(1 as const, 2 as const), (fractions, spending, alpha, sides) => {
      const b = spendingBoundaries({ fractions, alpha, spending, sides })
      const c = crossingProbabilities(fractions, b.z, sides === 2 ? b.z.map(z => -z) : b.z.map(() => -Infinity))
      let cum = 0
      fractions.forEach((_, k) => {
        cum += c.up[k]! + c.down[k]!
        expect(Math.abs(cum - b.spent[k]!)).toBeLessThan(2e-7)
      })
    }), { ...SEED, numRuns: 25 })
  })

  it('the last boundary of a full design is never below the fixed-sample critical value, and nominal levels are ≤ α', () => {
    fc.assert(fc.property(fractionsArb, spendingArb, fc.double({ min: 0.005, max: 0.2, noNaN: true }), fc.constantFrom(1 as const, 2 as const), (fractions, spending, alpha, sides) => {
      const full = fractions.at(-1) === 1 ? fractions : [...fractions, 1]
      const b = spendingBoundaries({ fractions: full, alpha, spending, sides })
      expect(b.z.at(-1)!).toBeGreaterThanOrEqual(fixedCritical(alpha, sides) - 1e-7)
      for (const n of b.nominal) expect(n).toBeLessThanOrEqual(alpha + 1e-12)
    }), { ...SEED, numRuns: 25 })
  })

  it('a smaller α never gives a lower boundary (Holm may only raise a level after rejections)', () => {
    fc.assert(fc.property(fractionsArb, spendingArb, fc.double({ min: 0.001, max: 0.1, noNaN: true }), fc.double({ min: 1.1, max: 20, noNaN: true }), (fractions, spending, alpha, k) => {
      const hi = spendingBoundaries({ fractions, alpha, spending, sides: 2 })
      const lo = spendingBoundaries({ fractions, alpha: alpha / k, spending, sides: 2 })
      lo.z.forEach((z, i) => expect(z).toBeGreaterThanOrEqual(hi.z[i]! - 1e-7))
    }), { ...SEED, numRuns: 20 })
  })

  it('Monte Carlo (seeded): a Brownian motion crosses the O\'Brien–Fleming test at the nominal rate under H0', () => {
    const b = spendingBoundaries({ fractions: LOOKS, alpha: 0.05, spending: { family: 'obrien-fleming' }, sides: 2 })
    const rng = createRng(7)
    let hits = 0
    const n = 20_000
    for (let s = 0; s < n; s++) {
      let score = 0, prev = 0
      for (let k = 0; k < LOOKS.length; k++) {
        score += Math.sqrt(LOOKS[k]! - prev) * rng.normal()
        prev = LOOKS[k]!
        if (Math.abs(score / Math.sqrt(LOOKS[k]!)) >= b.z[k]!) { hits++; break }
      }
    }
    // 0.05 ± 4 binomial standard errors (0.0062)
    expect(Math.abs(hits / n - 0.05)).toBeLessThan(4 * Math.sqrt(0.05 * 0.95 / n))
  })
})

describe('group-sequential Holm (Ye et al. 2013; Maurer & Bretz 2013)', () => {
  const pArr = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 })

  it('with a single look it is Holm\'s procedure', () => {
    fc.assert(fc.property(pArr, fc.double({ min: 0.001, max: 0.2, noNaN: true }), (ps, alpha) => {
      const seq = sequentialHolm(ps.map(p => ({ p, rejected: false })), alpha, level => level)
      expect(seq).toEqual(holm(ps).map(p => p <= alpha))
    }), SEED)
  })

  it('earlier rejections stay, free their level, and smaller p-values never undo a rejection', () => {
    fc.assert(fc.property(pArr, fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }), (ps, before) => {
      const h = ps.map((p, i) => ({ p, rejected: before[i]! }))
      const nominal = (level: number) => level / 3 // an early look spends a third
      const r = sequentialHolm(h, 0.05, nominal)
      h.forEach((x, i) => { if (x.rejected) expect(r[i]).toBe(true) })
      const smaller = sequentialHolm(h.map(x => ({ ...x, p: x.p! / 2 })), 0.05, nominal)
      r.forEach((v, i) => { if (v) expect(smaller[i]).toBe(true) })
      // an untested hypothesis (p undefined) is never rejected now, but still holds its share of α
      const untested = sequentialHolm([{ p: undefined, rejected: false }, { p: 0.03, rejected: false }], 0.05, l => l)
      expect(untested).toEqual([false, false])
    }), SEED)
  })

  it('a rejection raises the others\' level: 0.02 is rejected once 0.001 is (0.05/1), not alone among two', () => {
    expect(sequentialHolm([{ p: 0.001, rejected: false }, { p: 0.04, rejected: false }], 0.05, l => l)).toEqual([true, true])
    expect(sequentialHolm([{ p: 0.03, rejected: false }, { p: 0.04, rejected: false }], 0.05, l => l)).toEqual([false, false])
    expect(holmLevel([true, false, false], 0.05)).toBe(0.025)
    expect(holmLevel([true], 0.05)).toBe(0.05)
    expect(() => sequentialHolm([], 0, l => l)).toThrow(/alpha/)
  })

  it('family-wise error over looks and rows stays ≤ α (seeded simulation, 10 true nulls, 4 looks, O\'Brien–Fleming)', () => {
    const rng = createRng(11)
    const m = 10, trials = 4000
    const nominalAt = (k: number) => (level: number) => spendingBoundaries({ fractions: LOOKS.slice(0, k + 1), alpha: level, spending: { family: 'obrien-fleming' }, sides: 2 }).nominal[k]!
    let fails = 0
    for (let s = 0; s < trials; s++) {
      const score = new Array<number>(m).fill(0)
      let rejected = new Array<boolean>(m).fill(false)
      let prev = 0
      for (let k = 0; k < LOOKS.length; k++) {
        for (let i = 0; i < m; i++) score[i]! += Math.sqrt(LOOKS[k]! - prev) * rng.normal()
        prev = LOOKS[k]!
        const p = score.map(x => 2 * (1 - normalCdfLocal(Math.abs(x / Math.sqrt(LOOKS[k]!)))))
        rejected = sequentialHolm(p.map((q, i) => ({ p: q, rejected: rejected[i]! })), 0.05, nominalAt(k))
      }
      if (rejected.some(Boolean)) fails++
    }
    expect(fails / trials).toBeLessThan(0.05 + 3 * Math.sqrt(0.05 * 0.95 / trials))
  })
})

function normalCdfLocal(z: number): number {
  return 1 - 0.5 * erfc(z / Math.SQRT2)
}
// Numerical Recipes' erfc (fractional error < 1.2e-7): independent of the implementation under test.
function erfc(x: number): number {
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z)
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))))
  return x >= 0 ? r : 2 - r
}
