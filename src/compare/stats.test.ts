import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { adjust, benjaminiHochberg, bootstrapRatioCi, exactP, hodgesLehmann, holm, mannWhitney, median, minimalDetectableEffect, normalCdf, normalQuantile, predictionTest, quantileSorted, relSeOfMedian, robustSd, sd, tQuantile, tTwoSidedP, uDistribution, wilson } from './stats/index.ts'
import { createRng } from '../random/index.ts'
import { decodeSamples, downsample, encodeSamples } from './samples.ts'

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
const sample = fc.array(finite, { minLength: 1, maxLength: 40 })
const smallInts = fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 30 }) // many ties

describe('Mann–Whitney U against published values', () => {
  it('SciPy documentation example (males vs females): U = 17, exact p = 0.1111, asymptotic p = 0.11135', () => {
    const males = [19, 22, 16, 29, 24], females = [20, 11, 17, 12]
    const exact = mannWhitney(males, females)
    expect(exact.u).toBe(17)
    expect(exact.exact).toBe(true)
    expect(exact.p).toBeCloseTo(0.1111111111111111, 12)
    expect(mannWhitney(males, females, 'asymptotic').p).toBeCloseTo(0.11134688653314041, 10)
  })

  it('R wilcox.test example (Hollander & Wolfe): W = 35, two-sided exact p = 0.2544', () => {
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], y = [1.15, 0.88, 0.9, 0.74, 1.21]
    const r = mannWhitney(x, y)
    expect(r.u).toBe(35)
    expect(r.p).toBeCloseTo(0.2544, 4)
  })

  it('complete separation: p = 2 / C(n1+n2, n1) exactly', () => {
    expect(mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).p).toBeCloseTo(2 / 252, 12)
    expect(mannWhitney([10, 20, 30, 40], [1, 2, 3, 4]).p).toBeCloseTo(2 / 70, 12)
  })

  it('the null distribution of U counts all arrangements and is symmetric', () => {
    const f = uDistribution(6, 4)
    expect(f.reduce((a, b) => a + b, 0)).toBe(210) // C(10, 4)
    expect(f).toEqual(f.toReversed())
    expect(uDistribution(1, 1)).toEqual([1, 1])
    expect(exactP(0, 1, 1)).toBe(1)
  })

  it('ties use the normal approximation with the tie correction', () => {
    const r = mannWhitney([1, 2, 2, 3, 3, 3], [2, 3, 4, 4, 5])
    expect(r.exact).toBe(false)
    // By hand: mid-ranks 1, 3, 3, 6.5×3 → rank sum 26.5 → U = 5.5; tie groups of 3, 4, 2 → Σ(t³ − t) = 90;
    // σ² = n1·n2/12 · (n + 1 − 90 / (n(n − 1))) with n = 11; z = (|U − 15| − ½) / σ.
    const sigma = Math.sqrt((30 / 12) * (12 - 90 / 110))
    expect(r.u).toBe(5.5)
    expect(r.p).toBeCloseTo(2 * (1 - normalCdf((15 - 5.5 - 0.5) / sigma)), 12)
  })

  it('identical samples and n = 1', () => {
    expect(mannWhitney([5, 5, 5], [5, 5, 5]).p).toBe(1)
    expect(mannWhitney([1, 2, 3], [1, 2, 3]).p).toBe(1)
    expect(mannWhitney([1], [2]).p).toBe(1)
    expect(() => mannWhitney([], [1])).toThrow(/at least one/)
    expect(() => mannWhitney([NaN], [1])).toThrow(/finite/)
  })

  it('exact and asymptotic p agree closely for moderate n', () => {
    const x = Array.from({ length: 25 }, (_, i) => i * 1.01), y = Array.from({ length: 25 }, (_, i) => i + 5.5)
    expect(Math.abs(mannWhitney(x, y).p - mannWhitney(x, y, 'asymptotic').p)).toBeLessThan(0.01)
  })

  it('properties: p in [0, 1], symmetric in its arguments, U + U′ = n1·n2, invariant under shift and scale', () => {
    fc.assert(fc.property(sample, sample, (x, y) => {
      const a = mannWhitney(x, y), b = mannWhitney(y, x)
      expect(a.p).toBeGreaterThanOrEqual(0)
      expect(a.p).toBeLessThanOrEqual(1)
      expect(a.p).toBeCloseTo(b.p, 10)
      expect(a.u + a.u2).toBe(x.length * y.length)
      expect(a.u).toBe(b.u2)
    }), { numRuns: 200 })
    fc.assert(fc.property(smallInts, smallInts, fc.integer({ min: -100, max: 100 }), fc.integer({ min: 1, max: 50 }), (x, y, c, k) => {
      const a = mannWhitney(x, y), t = mannWhitney(x.map(v => v * k + c), y.map(v => v * k + c))
      expect(t.p).toBeCloseTo(a.p, 10)
      expect(a.p).toBeLessThanOrEqual(1)
    }), { numRuns: 200 })
  })

  it('property: a sample compared with itself is never significant', () => {
    fc.assert(fc.property(sample, x => { expect(mannWhitney(x, x).p).toBeGreaterThan(0.9) }), { numRuns: 200 })
  })
})

describe('multiple-comparison corrections', () => {
  const ps = [0.01, 0.04, 0.03, 0.005]
  it('matches R p.adjust', () => {
    expect(holm(ps)).toEqual([0.03, 0.06, 0.06, 0.02].map(v => expect.closeTo(v, 12)))
    expect(benjaminiHochberg(ps)).toEqual([0.02, 0.04, 0.04, 0.02].map(v => expect.closeTo(v, 12)))
    expect(adjust([], 'holm')).toEqual([])
    expect(() => adjust([1.5], 'bh')).toThrow(/out of/)
  })
  it('properties: raw ≤ BH ≤ Holm ≤ 1 and order preserved', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), p => {
      const h = adjust(p, 'holm'), b = adjust(p, 'bh')
      p.forEach((v, i) => {
        expect(b[i]!).toBeGreaterThanOrEqual(v - 1e-15)
        expect(h[i]!).toBeGreaterThanOrEqual(b[i]! - 1e-12)
        expect(h[i]!).toBeLessThanOrEqual(1)
      })
      for (let i = 0; i < p.length; i++) for (let j = 0; j < p.length; j++) if (p[i]! < p[j]!) expect(h[i]!).toBeLessThanOrEqual(h[j]!)
    }), { numRuns: 200 })
  })
})

describe('bootstrap and Hodges–Lehmann', () => {
  it('reproduces with the seed and brackets the observed ratio', () => {
    const r = createRng(1)
    const b = Array.from({ length: 60 }, () => 10 + r.normal()), h = Array.from({ length: 60 }, () => 11 + r.normal())
    const run = (seed: number) => bootstrapRatioCi(b, h, 'median', { resamples: 1000, alpha: 0.05, rng: createRng(seed) })
    expect(run(3)).toEqual(run(3))
    const [lo, hi] = run(3)
    const ratio = median(h) / median(b)
    expect(lo).toBeLessThanOrEqual(ratio)
    expect(hi).toBeGreaterThanOrEqual(ratio)
    expect(lo).toBeGreaterThan(1)
    const [mlo, mhi] = bootstrapRatioCi(b, h, 'mean', { resamples: 1000, alpha: 0.05, rng: createRng(3) })
    expect(mlo).toBeLessThan(1.1)
    expect(mhi).toBeGreaterThan(1.1)
    expect(() => bootstrapRatioCi([], h, 'mean', { resamples: 10, alpha: 0.05, rng: createRng(1) })).toThrow()
  })

  it('property: constant sides give a degenerate interval at their ratio; lo ≤ hi always', () => {
    fc.assert(fc.property(fc.double({ min: 0.1, max: 100, noNaN: true }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), (c, n1, n2) => {
      const [lo, hi] = bootstrapRatioCi(Array(n1).fill(c), Array(n2).fill(2 * c), 'median', { resamples: 200, alpha: 0.05, rng: createRng(n1) })
      expect(lo).toBeCloseTo(2, 12)
      expect(hi).toBeCloseTo(2, 12)
    }), { numRuns: 50 })
    fc.assert(fc.property(fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 1, maxLength: 30 }), fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 1, maxLength: 30 }), (b, h) => {
      const [lo, hi] = bootstrapRatioCi(b, h, 'median', { resamples: 200, alpha: 0.1, rng: createRng(9) })
      expect(lo).toBeLessThanOrEqual(hi)
      expect(lo).toBeGreaterThanOrEqual(Math.min(...h) / Math.max(...b) - 1e-12)
      expect(hi).toBeLessThanOrEqual(Math.max(...h) / Math.min(...b) + 1e-12)
    }), { numRuns: 100 })
  })

  it('Hodges–Lehmann: textbook value and shift equivariance', () => {
    expect(hodgesLehmann([1, 2, 3], [4, 5, 6])).toBe(3)
    fc.assert(fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: -500, max: 500 }), (x, c) => {
      expect(hodgesLehmann(x, x.map(v => v + c))).toBe(c)
    }), { numRuns: 100 })
    const big = Array.from({ length: 2000 }, (_, i) => i)
    expect(hodgesLehmann(big, big.map(v => v + 7))).toBeCloseTo(7, 0)
    expect(() => hodgesLehmann([], [1])).toThrow()
  })
})

describe('descriptive statistics, normal and MDE', () => {
  it('basic values', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
    expect(Number.isNaN(median([]))).toBe(true)
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(Number.isNaN(quantileSorted([], 0.5))).toBe(true)
    expect(sd([1])).toBe(0)
    expect(sd([1, 3])).toBeCloseTo(Math.SQRT2, 12)
    expect(robustSd([1])).toBe(0)
    expect(robustSd([1, 2, 3, 4, 100])).toBeCloseTo(1.4826, 4)
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 12)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12)
  })
  it('MDE shrinks with n and grows with noise and the threshold', () => {
    const mde = (n: number, s: number, t = 0.02) => minimalDetectableEffect({ relSeBase: relSeOfMedian(s, n, 1), relSeHead: relSeOfMedian(s, n, 1), threshold: t, alpha: 0.05 })
    expect(mde(10, 0.05)).toBeLessThan(mde(5, 0.05))
    expect(mde(10, 0.1)).toBeGreaterThan(mde(10, 0.05))
    expect(mde(10, 0.05, 0.05)).toBeCloseTo(mde(10, 0.05) + 0.03, 12)
    expect(mde(10, 0)).toBe(0.02)
    expect(relSeOfMedian(1, 0, 1)).toBe(Infinity)
  })
})

describe('sample codec', () => {
  it('round-trips sorted float64 exactly', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 50 }), xs => {
      const enc = encodeSamples(xs)
      expect(enc.count).toBe(xs.length)
      expect(decodeSamples(enc)).toEqual(xs.toSorted((a, b) => a - b))
    }), { numRuns: 100 })
  })
  it('caps by even quantiles, keeping min and max and the total', () => {
    const xs = Array.from({ length: 1001 }, (_, i) => 1000 - i)
    const enc = encodeSamples(xs, 11)
    expect(enc).toMatchObject({ count: 11, total: 1001 })
    expect(decodeSamples(enc)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000])
    expect(downsample([1, 2], 5)).toEqual([1, 2])
    expect(() => encodeSamples(xs, 1)).toThrow(/cap/)
  })
  it('rejects a corrupted payload with a clear message', () => {
    expect(() => decodeSamples({ encoding: 'f64le-base64', count: 3, total: 3, data: 'AAAA' })).toThrow(/corrupted/)
    expect(() => decodeSamples({ encoding: 'x' as never, count: 0, total: 0, data: '' })).toThrow(/encoding/)
  })
})

describe('wilson', () => {
  it('matches published intervals and the closed form at k = 0', () => {
    const [lo, hi] = wilson(5, 10)
    expect(lo).toBeCloseTo(0.2366, 4)
    expect(hi).toBeCloseTo(0.7634, 4)
    // k = 0: the upper bound is z²/(n + z²); 0 in 73 is the least evidence that proves a rate ≤ 5%.
    expect(wilson(0, 10)[1]).toBeCloseTo(0.27753, 5)
    expect(wilson(0, 73)[1]).toBeLessThan(0.05)
    expect(wilson(0, 72)[1]).toBeGreaterThan(0.05)
    expect(wilson(10, 10)[0]).toBeCloseTo(1 - wilson(0, 10)[1], 12)
    expect(wilson(10, 10)[1]).toBe(1)
    expect(wilson(0, 0)).toEqual([0, 1])
  })

  it('rejects counts that are not 0 ≤ k ≤ n', () => {
    expect(() => wilson(3, 2)).toThrow(RangeError)
    expect(() => wilson(-1, 2)).toThrow(/0 ≤ k ≤ n/)
    expect(() => wilson(0.5, 2)).toThrow(RangeError)
  })

  it('contains k/n and stays within [0, 1] (property)', () => {
    fc.assert(fc.property(fc.nat(500), fc.nat(500), (a, b) => {
      const n = Math.max(a, b), k = Math.min(a, b)
      const [lo, hi] = wilson(k, n)
      expect(lo).toBeGreaterThanOrEqual(0)
      expect(hi).toBeLessThanOrEqual(1)
      if (n > 0) { expect(lo).toBeLessThanOrEqual(k / n + 1e-12); expect(hi).toBeGreaterThanOrEqual(k / n - 1e-12) }
    }))
  })
})

describe('t distribution and the prediction test', () => {
  it('matches tabulated t quantiles and p-values', () => {
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228138852, 8)
    expect(tTwoSidedP(2.228138852, 10)).toBeCloseTo(0.05, 8)
    expect(tTwoSidedP(1.959963985, Infinity)).toBeCloseTo(0.05, 8)
    expect(tTwoSidedP(0, 3)).toBe(1)
    expect(tTwoSidedP(Infinity, 3)).toBe(0)
  })

  it('predictionTest: t = (y − ȳ) / (s·√(1 + 1/n)) with n − 1 df, and its interval', () => {
    const h = [1, 2, 3, 4, 5] // mean 3, sd √2.5
    const r = predictionTest(h, 8, 0.05)
    expect(r.df).toBe(4)
    expect(r.t).toBeCloseTo(5 / (Math.sqrt(2.5) * Math.sqrt(1.2)), 12)
    expect(r.p).toBeCloseTo(tTwoSidedP(r.t, 4), 12)
    const half = tQuantile(0.975, 4) * Math.sqrt(2.5) * Math.sqrt(1.2)
    expect(r.interval[0]).toBeCloseTo(5 - half, 12)
    expect(r.interval[1]).toBeCloseTo(5 + half, 12)
    // a history of identical values: the floor keeps every difference from being significant
    expect(predictionTest([1, 1, 1], 1.001, 0.05, 0.005).p).toBeGreaterThan(0.5)
    expect(predictionTest([1, 1, 1], 1, 0.05).p).toBe(1)
    expect(() => predictionTest([1], 1, 0.05)).toThrow(/at least 2/)
  })

  it('A/A: a new value drawn like the history is flagged at rate α (seeded simulation)', () => {
    const rng = createRng(11)
    let flagged = 0
    const trials = 4000
    for (let i = 0; i < trials; i++) {
      const h = Array.from({ length: 10 }, () => rng.normal())
      if (predictionTest(h, rng.normal(), 0.01).p <= 0.01) flagged++
    }
    // binomial(4000, 0.01): mean 40, sd 6.3
    expect(flagged).toBeGreaterThan(20)
    expect(flagged).toBeLessThan(62)
  })
})
