// Missing is missing in ensembles: a score some folds lack is left out and listed (not averaged over the
// folds that had it, nor dropped silently), and probability rows without one column per class are refused
// (not padded with zeros).
import { describe, expect, it } from 'vitest'
import { createModel, crossValidate, ensemble, meanScores, type Member } from '../../src/ensemble/index.ts'
import { makeClassification } from '../../src/datasets/index.ts'

const data = makeClassification({ samples: 90, features: 4, informative: 2, classes: 3, classSep: 2, seed: 3 })

describe('missing ensemble figures', () => {
  it('meanScores keeps only scores every fold has and counts the others', () => {
    expect(meanScores([{ accuracy: 0.8, logLoss: 0.5 }, { accuracy: 0.6 }])).toEqual({ scores: { accuracy: 0.7 }, missing: { logLoss: 1 } })
    // a fold with no record at all (the member failed there) counts as missing every score
    expect(meanScores([{ accuracy: 0.8 }], 2)).toEqual({ scores: {}, missing: { accuracy: 1 } })
  })

  it('cross-validation lists a score a fold lacked instead of averaging the rest', async () => {
    let fold = 0
    // a member that gives probabilities in every fold but the first: its logLoss exists for 2 of 3 folds
    const members = (): Member[] => {
      const nb = createModel({ type: 'naive-bayes', task: 'classification', name: 'nb' })
      const m: Member = { name: 'nb', fit: (X, y) => nb.fit(X, y), predict: X => nb.predict(X), clone: () => nb.clone() }
      if (fold++ > 0) m.predictProba = X => nb.predictProba!(X)
      return [m, createModel({ type: 'knn', task: 'classification', name: 'knn' })]
    }
    const cv = await crossValidate({ data, members, votes: ['majority', 'soft'], folds: 3, seed: 1 })
    expect(cv.members['nb']).not.toHaveProperty('logLoss')
    expect(cv.members['nb']!.accuracy).toBeGreaterThan(0.5)
    expect(cv.missing).toContain('member nb logLoss: missing in 1 of 3 folds, left out')
  })

  it('a member whose probability rows lack a class column is left out and reported, not zero-padded', async () => {
    const twoColumns: Member = { name: 'two-columns', predict: X => X.map(() => 0), predictProba: X => X.map(() => [0.6, 0.4]) }
    const ens = ensemble({ members: [twoColumns, createModel({ type: 'naive-bayes', task: 'classification', name: 'nb' })], task: 'classification', vote: 'soft', nClasses: 3 })
    await ens.fit(data.X, data.y)
    const r = await ens.predict(data.X.slice(0, 10))
    expect(r.members).toEqual(['nb'])
    expect(r.failures).toEqual([{ name: 'two-columns', phase: 'predict', reason: 'error', message: 'two-columns: returned probability rows of 2 columns for 3 classes (give one column per class, in class order)' }])
    expect(r.proba!.every(row => row.length === 3)).toBe(true)
  })
})
