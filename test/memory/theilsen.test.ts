import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { theilSen } from '../../src/memory/theilsen.ts'
import { createRng } from '../../src/random/index.ts'

const xsOf = (n: number) => Array.from({ length: n }, (_, i) => i * 10)

describe('theilSen', () => {
  it('recovers an exact line, with a degenerate interval at the slope', () => {
    fc.assert(fc.property(fc.integer({ min: 3, max: 40 }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: -1e6, max: 1e6, noNaN: true }), (n, b, a) => {
      const xs = xsOf(n), fit = theilSen(xs, xs.map(x => a + b * x))
      const tol = 1e-9 * (Math.abs(b) + 1) + 1e-9 * Math.abs(a) / 10
      expect(Math.abs(fit.slope - b)).toBeLessThanOrEqual(tol)
      expect(Math.abs(fit.ci[0] - b)).toBeLessThanOrEqual(tol)
      expect(Math.abs(fit.ci[1] - b)).toBeLessThanOrEqual(tol)
    }))
  })

  it('interval brackets the slope; adding a line shifts slope and interval by its slope', () => {
    fc.assert(fc.property(fc.integer({ min: 4, max: 40 }), fc.integer(), fc.double({ min: -100, max: 100, noNaN: true }), (n, seed, k) => {
      const rng = createRng(seed), xs = xsOf(n), ys = xs.map(() => rng.normal() * 50)
      const f = theilSen(xs, ys), g = theilSen(xs, ys.map((y, i) => y + k * xs[i]!))
      expect(f.ci[0]).toBeLessThanOrEqual(f.slope)
      expect(f.slope).toBeLessThanOrEqual(f.ci[1])
      expect(g.slope).toBeCloseTo(f.slope + k, 6)
      expect(g.ci[0]).toBeCloseTo(f.ci[0] + k, 6)
      expect(g.ci[1]).toBeCloseTo(f.ci[1] + k, 6)
    }))
  })

  it('is scale-equivariant and does not depend on point order', () => {
    fc.assert(fc.property(fc.integer({ min: 4, max: 30 }), fc.integer(), fc.double({ min: 0.01, max: 100, noNaN: true }), (n, seed, c) => {
      const rng = createRng(seed), xs = xsOf(n), ys = xs.map(x => 3 * x + rng.normal() * 20)
      const f = theilSen(xs, ys), g = theilSen(xs, ys.map(y => y * c))
      expect(g.slope).toBeCloseTo(f.slope * c, 6)
      const order = rng.shuffle(xs.map((_, i) => i))
      const h = theilSen(order.map(i => xs[i]!), order.map(i => ys[i]!))
      expect(h.slope).toBe(f.slope)
      expect(h.ci).toEqual(f.ci)
    }))
  })

  it('shrugs off a minority of wild outliers', () => {
    const xs = xsOf(30), ys = xs.map(x => 100 + 5 * x)
    for (const i of [3, 11, 20, 27]) ys[i]! += 1e7
    const fit = theilSen(xs, ys)
    expect(fit.slope).toBeCloseTo(5, 6)
  })

  it('covers the true slope about 95% of the time on noisy data', () => {
    let covered = 0
    const trials = 300
    for (let t = 0; t < trials; t++) {
      const rng = createRng(1000 + t), xs = xsOf(20), ys = xs.map(x => 2 * x + rng.normal() * 30)
      const { ci } = theilSen(xs, ys)
      if (ci[0] <= 2 && 2 <= ci[1]) covered++
    }
    expect(covered / trials).toBeGreaterThan(0.9)
    expect(covered / trials).toBeLessThan(0.995)
  })

  it('rejects bad input with clear errors', () => {
    expect(() => theilSen([1, 2], [1, 2])).toThrow(/at least 3 points/)
    expect(() => theilSen([1, 2, 3], [1, 2])).toThrow(/differ in length/)
    expect(() => theilSen([1, 1, 1], [1, 2, 3])).toThrow(/all x are equal/)
    expect(() => theilSen([1, 2, NaN], [1, 2, 3])).toThrow(/finite/)
    expect(() => theilSen([1, 2, 3], [1, 2, 3], 1)).toThrow(/confidence/)
  })

  it('handles tied x values', () => {
    const fit = theilSen([0, 0, 1, 1, 2, 2], [0, 1, 2, 3, 4, 5])
    expect(fit.slope).toBeGreaterThan(1)
    expect(fit.ci[0]).toBeLessThanOrEqual(fit.slope)
  })
})
