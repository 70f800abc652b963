import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { createRng } from './index.ts'

describe('createRng', () => {
  test('the same seed gives the same stream; different seeds differ', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43)
    const xs = Array.from({ length: 100 }, () => a.next())
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs)
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xs)
  })
  test('draws stay in range (property)', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 1000 }), (seed, n) => {
      const r = createRng(seed)
      for (let i = 0; i < 50; i++) {
        const u = r.next(), k = r.int(n)
        if (!(u >= 0 && u < 1) || !(Number.isInteger(k) && k >= 0 && k < n)) return false
      }
      return true
    }))
  })
  test('uniform and normal draws have the right moments', () => {
    const r = createRng(7)
    const u = Array.from({ length: 20000 }, () => r.next())
    const z = Array.from({ length: 20000 }, () => r.normal())
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
    expect(mean(u)).toBeCloseTo(0.5, 1)
    expect(mean(z)).toBeCloseTo(0, 1)
    expect(mean(z.map(x => x * x))).toBeCloseTo(1, 1)
  })
  test('shuffle is a seeded permutation; fork is independent and reproducible', () => {
    const xs = Array.from({ length: 20 }, (_, i) => i)
    const s1 = createRng(3).shuffle([...xs]), s2 = createRng(3).shuffle([...xs])
    expect(s1).toEqual(s2)
    expect(s1.toSorted((a, b) => a - b)).toEqual(xs)
    expect(createRng(3).fork().next()).toBe(createRng(3).fork().next())
  })
  test('bad arguments are refused', () => {
    expect(() => createRng(Number.NaN)).toThrow(/seed must be a finite number/)
    expect(() => createRng(1).int(0)).toThrow(/positive integer/)
  })
})
