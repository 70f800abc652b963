import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  majorityVote, majorityVoteSimple, medianVote, weightedMean, softVote, bmaWeights, oneHot, argmax,
  accuracy, macroPrf, logLoss, mse, mae, r2, agreementMatrix, meanOffDiagonal, cohenKappa, fleissKappa, pearson, ambiguity, confusionMatrix,
} from '../../src/ensemble/index.ts'

describe('voting math (hand-computed)', () => {
  it('majority: plurality per row, ties to the smallest class', () => {
    // rows: [0,0,1] → 0; [1,2,2] → 2; [0,1,2] tie → 0; [2,1,1] → 1
    const preds = [[0, 1, 0, 2], [0, 2, 1, 1], [1, 2, 2, 1]]
    expect(Array.from(majorityVote(preds, 3))).toEqual([0, 2, 0, 1])
    expect(majorityVoteSimple(preds)).toEqual([0, 2, 0, 1])
  })

  it('weighted: weights 3,1,1 let member 0 outvote two others', () => {
    const preds = [[0, 1], [1, 0], [1, 0]]
    expect(Array.from(majorityVote(preds, 2, [3, 1, 1]))).toEqual([0, 1])
    expect(Array.from(majorityVote(preds, 2, [1, 1, 1]))).toEqual([1, 0])
    expect(Array.from(majorityVote(preds, 2, [2, 1, 1]))).toEqual([0, 0]) // 2 vs 2 tie → class 0
  })

  it('median and weighted mean for regression', () => {
    expect(Array.from(medianVote([[1, 10], [2, 20], [100, 30]]))).toEqual([2, 20])
    expect(Array.from(medianVote([[1], [3]]))).toEqual([2])
    expect(Array.from(weightedMean([[1, 10], [3, 30]], [1, 3]))).toEqual([2.5, 25])
  })

  it('soft vote averages probabilities with weights', () => {
    const a = [[0.9, 0.1], [0.4, 0.6]], b = [[0.3, 0.7], [0.2, 0.8]]
    const r = softVote([a, b])
    expect(r.proba[0]![0]).toBeCloseTo(0.6); expect(r.proba[1]![1]).toBeCloseTo(0.7)
    expect(Array.from(r.labels)).toEqual([0, 1])
    expect(Array.from(softVote([a, b], [1, 3]).labels)).toEqual([1, 1]) // 0.25·0.9 + 0.75·0.3 = 0.45 < 0.55
  })

  it('BMA posterior: exp(log-likelihood) normalised, with a prior', () => {
    const w = bmaWeights([Math.log(0.2), Math.log(0.6)])
    expect(w[0]).toBeCloseTo(0.25); expect(w[1]).toBeCloseTo(0.75)
    const wp = bmaWeights([Math.log(0.2), Math.log(0.6)], [3, 1]) // 0.6 vs 0.6
    expect(wp[0]).toBeCloseTo(0.5)
    // large log-likelihoods do not overflow
    expect(bmaWeights([-1000, -1001])[0]).toBeCloseTo(1 / (1 + Math.exp(-1)))
    expect(() => bmaWeights([-Infinity])).toThrow(/zero posterior/)
    expect(() => bmaWeights([])).toThrow(/no members/)
  })

  it('rejects mismatched input clearly', () => {
    expect(() => majorityVote([], 2)).toThrow(/no member predictions/)
    expect(() => majorityVote([[0, 1], [0]], 2)).toThrow(/member 1 gave 1 predictions/)
    expect(() => majorityVote([[0]], 2, [1, 2])).toThrow(/2 weights for 1 members/)
    expect(() => majorityVote([[0]], 2, [-1])).toThrow(/≥ 0/)
    expect(() => majorityVote([[0]], 0)).toThrow(/nClasses/)
    expect(() => weightedMean([[1]], [0])).toThrow(/sum to 0/)
    expect(() => softVote([])).toThrow(/no member probabilities/)
    expect(() => softVote([[[1, 0]], [[1, 0], [0, 1]]])).toThrow(/member 1 gave 2 rows/)
    expect(() => softVote([[[1, 0]], [[1]]])).toThrow(/1 classes, expected 2/)
  })

  it('fast majority equals the straightforward version (property)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 6 }).chain(m => fc.integer({ min: 1, max: 50 }).chain(n => fc.tuple(
        fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: m, maxLength: m })))),
      ([preds, w]) => {
        expect(Array.from(majorityVote(preds, 4))).toEqual(majorityVoteSimple(preds))
        if (w.some(x => x > 0)) expect(Array.from(majorityVote(preds, 4, w))).toEqual(majorityVoteSimple(preds, w))
      }), { numRuns: 200 })
  })

  it('helpers', () => {
    expect(oneHot([1, 0, 5], 2)).toEqual([[0, 1], [1, 0], [0, 0]])
    expect(argmax([0.2, 0.5, 0.5])).toBe(1)
  })
})

describe('metrics (hand-computed)', () => {
  const yt = [0, 0, 1, 1, 2, 2], yp = [0, 1, 1, 1, 2, 0]
  it('accuracy, confusion, macro P/R/F1', () => {
    expect(accuracy(yt, yp)).toBeCloseTo(4 / 6)
    expect(confusionMatrix(yt, yp, 3)).toEqual([[1, 1, 0], [0, 2, 0], [1, 0, 1]])
    // precision: c0 1/2, c1 2/3, c2 1/1; recall: 1/2, 1, 1/2
    const prf = macroPrf(yt, yp, 3)
    expect(prf.precision).toBeCloseTo((0.5 + 2 / 3 + 1) / 3)
    expect(prf.recall).toBeCloseTo((0.5 + 1 + 0.5) / 3)
    expect(prf.f1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3)
    expect(macroPrf([0, 0], [0, 0], 2).precision).toBeCloseTo(0.5) // class 1 never predicted → 0, as sklearn
  })

  it('log-loss, MSE, MAE, R²', () => {
    expect(logLoss([0, 1], [[0.8, 0.2], [0.4, 0.6]])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.6)) / 2)
    expect(logLoss([0], [[0, 1]])).toBeCloseTo(-Math.log(1e-15), 5)
    expect(() => logLoss([3], [[1, 0]])).toThrow(/label 3/)
    expect(mse([1, 2, 3], [1, 2, 5])).toBeCloseTo(4 / 3)
    expect(mae([1, 2, 3], [1, 2, 5])).toBeCloseTo(2 / 3)
    expect(r2([1, 2, 3], [1, 2, 3])).toBe(1)
    expect(r2([1, 2, 3], [2, 2, 2])).toBe(0)
    expect(r2([1, 1], [1, 1])).toBe(1)
    // a constant target whose running y/n sum does not land on the value (0.1 × 3): still the constant case
    expect(r2([0.1, 0.1, 0.1], [0.2, 0.2, 0.2])).toBe(0)
    expect(r2(Array(120).fill(100), Array(120).fill(99))).toBe(0)
    expect(() => mse([1], [])).toThrow(/lengths differ/)
    expect(() => accuracy([], [])).toThrow(/empty/)
  })

  it('agreement, kappas, correlation, ambiguity', () => {
    const a = [0, 1, 0, 1], b = [0, 1, 1, 1], c = [1, 0, 1, 0]
    const m = agreementMatrix([a, b, c])
    expect(m[0]![1]).toBe(0.75); expect(m[0]![2]).toBe(0); expect(m[1]![2]).toBe(0.25)
    expect(meanOffDiagonal(m)).toBeCloseTo((0.75 + 0 + 0.25) / 3)
    expect(meanOffDiagonal([[1]])).toBeNaN()
    // Cohen: po = 0.75; marginals a: (0.5, 0.5), b: (0.25, 0.75) → pe = 0.5 → κ = 0.5
    expect(cohenKappa(a, b, 2)).toBeCloseTo(0.5)
    expect(cohenKappa([0, 0], [0, 0], 2)).toBe(1)
    // Fleiss on 3 raters × 4 rows (Wikipedia-style formula by hand): P̄ = (1/3+1/3+1/3+1/3)/4 = 1/3;
    // class totals: 0 → 5/12, 1 → 7/12; Pe = (25+49)/144 = 0.5139 → κ = (0.3333-0.5139)/(1-0.5139)
    expect(fleissKappa([a, b, c], 2)).toBeCloseTo((1 / 3 - 74 / 144) / (1 - 74 / 144))
    expect(fleissKappa([a, a], 2)).toBe(1)
    expect(() => fleissKappa([a], 2)).toThrow(/at least 2/)
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1)
    expect(pearson([1, 1], [1, 1])).toBe(1)
    expect(pearson([1, 1], [1, 2])).toBe(0)
    expect(ambiguity([[1, 3], [3, 5]])).toBeCloseTo(1)
    expect(ambiguity([])).toBe(0)
  })
})
