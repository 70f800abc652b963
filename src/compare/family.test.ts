import { describe, expect, it } from 'vitest'
import { createRng } from '../random/index.ts'
import { correctFamily } from './family.ts'
import { fitVariancePrior, moderate } from './stats/index.ts'

describe('correctFamily', () => {
  it('corrects gating rows among themselves and the others apart; Holm multiplies the floor by the family size', () => {
    const members = [
      { p: 0.01, gating: true, minP: 0 }, { p: 0.04, gating: true, minP: 0 }, { p: 0.001, gating: false, minP: 0 },
      { p: 0.5, gating: true, minP: 0.02 },
    ]
    const r = correctFamily(members, 'holm', 0.05)
    expect(r.pAdjusted).toEqual([0.03, 0.08, 0.001, 0.5])
    expect(r.familySize).toEqual([3, 3, 1, 3])
    expect(r.reachable).toEqual([true, true, true, false]) // 3 × 0.02 > 0.05
    expect(correctFamily(members, 'bh', 0.05).reachable[3]).toBe(true)
  })
})

describe('fitVariancePrior (limma fitFDist)', () => {
  const chi2 = (rng: ReturnType<typeof createRng>, df: number) => { let s = 0; for (let i = 0; i < df; i++) s += rng.normal() ** 2; return s }

  it('recovers the prior degrees of freedom and variance from simulated rows (seeded)', () => {
    const rng = createRng(5)
    const d0 = 8, s02 = 0.02 ** 2, d = 10
    const s2 = Array.from({ length: 4000 }, () => { const sigma2 = (d0 * s02) / chi2(rng, d0); return (sigma2 * chi2(rng, d)) / d })
    const prior = fitVariancePrior(s2, s2.map(() => d))!
    expect(prior.d0).toBeGreaterThan(6)
    expect(prior.d0).toBeLessThan(11)
    expect(prior.s02 / s02).toBeGreaterThan(0.9)
    expect(prior.s02 / s02).toBeLessThan(1.1)
    // one common variance: the prior takes over completely
    const same = Array.from({ length: 4000 }, () => (s02 * chi2(rng, d)) / d)
    const flat = fitVariancePrior(same, same.map(() => d))!
    expect(flat.d0).toBeGreaterThan(200)
    expect(moderate(1, 10, { d0: Infinity, s02: 0.5 })).toEqual({ s2: 0.5, df: Infinity })
    expect(moderate(1, 10, { d0: 10, s02: 0.5 })).toEqual({ s2: 0.75, df: 20 })
    expect(moderate(1, 10, undefined)).toEqual({ s2: 1, df: 10 })
    expect(fitVariancePrior([1, 2], [3, 3])).toBeUndefined()
  })
})
