import { describe, expect, it } from 'vitest'
import { createModel, CLASSIFIERS, REGRESSORS, accuracy, r2, standardMembers, recordCrossValidation, formatAgreement, crossValidate, type CrossValidation } from '../../src/ensemble/index.ts'
import { knnNeighbours, flatten, fitSoftmax, softmaxProba } from '../../src/ensemble/linear.ts'
import { makeClassification, makeRegression, loadDataset } from '../../src/datasets/index.ts'
import type { MetricFn } from '../../src/index.ts'

const cls = makeClassification({ samples: 200, features: 5, informative: 3, classes: 3, classSep: 2, seed: 4 })
const reg = makeRegression({ samples: 160, features: 4, informative: 3, noise: 2, seed: 4 })

describe('model adapters', () => {
  it.each(CLASSIFIERS)('%s classifies well above chance, with probability rows summing to 1', type => {
    const m = createModel({ type, task: 'classification', seed: 1, params: type === 'random-forest' ? { nEstimators: 10 } : {} })
    m.fit(cls.X.slice(0, 150), cls.y.slice(0, 150))
    const p = m.predict(cls.X.slice(150))
    expect(accuracy(cls.y.slice(150), p)).toBeGreaterThan(0.7)
    const proba = m.predictProba!(cls.X.slice(150))
    for (const row of proba) { expect(row).toHaveLength(3); expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1) }
    expect(m.clone().name).toBe(type)
  })

  it.each(REGRESSORS)('%s regresses with R² well above 0', type => {
    const m = createModel({ type, task: 'regression', seed: 1, params: type === 'random-forest' ? { nEstimators: 10 } : {} })
    m.fit(reg.X.slice(0, 120), reg.y.slice(0, 120))
    expect(r2(reg.y.slice(120), m.predict(reg.X.slice(120)))).toBeGreaterThan(type === 'linear' || type === 'ridge' ? 0.95 : 0.4)
  })

  it('linear fits exact data exactly; ridge shrinks toward the mean', () => {
    const X = [[0, 1], [1, 0], [2, 3], [3, 1], [4, 4]], y = X.map(([a, b]) => 2 * a! - b! + 5)
    const lin = createModel({ type: 'linear', task: 'regression' }); lin.fit(X, y)
    lin.predict([[10, 10]]).forEach(v => expect(v).toBeCloseTo(15))
    const ridge = createModel({ type: 'ridge', task: 'regression', standardize: false, params: { alpha: 1e6 } }); ridge.fit(X, y)
    expect(ridge.predict([[10, 10]])[0]).toBeCloseTo(y.reduce((a, b) => a + b) / y.length, 1)
  })

  it('naive Bayes gives normalised probabilities on 30 features (log-sum-exp)', () => {
    const bc = loadDataset('breast-cancer')
    const nb = createModel({ type: 'naive-bayes', task: 'classification' }); nb.fit(bc.X, bc.y)
    const p = nb.predict(bc.X)
    expect(p.every(c => c === 0 || c === 1)).toBe(true)
    expect(accuracy(bc.y, p)).toBeGreaterThan(0.9)
    for (const row of nb.predictProba!(bc.X)) expect(row[0]! + row[1]!).toBeCloseTo(1)
  })

  it('brute-force KNN and softmax helpers', () => {
    expect(Array.from(knnNeighbours(flatten([[0], [5], [1], [2]]), 1, [1.1], 2))).toEqual([2, 3])
    expect(Array.from(knnNeighbours(flatten([[0]]), 1, [1], 3))).toEqual([0])
    expect(() => flatten([[1, 2], [1]])).toThrow(/row 1 has 1 features/)
    const model = fitSoftmax([[-2], [-1], [1], [2]], [0, 0, 1, 1], 2, { C: 100, iterations: 200 })
    const [lo, hi] = softmaxProba(model, [[-3], [3]])
    expect(lo![0]).toBeGreaterThan(0.9); expect(hi![1]).toBeGreaterThan(0.9)
  })

  it('rejects bad specs and misuse with clear messages', () => {
    expect(() => createModel({ type: 'naive-bayes', task: 'regression' })).toThrow(/not available for this task/)
    expect(() => createModel({ type: 'svm' as 'knn', task: 'classification' })).toThrow(/model spec .*type/)
    const m = createModel({ type: 'knn', task: 'classification' })
    expect(() => m.predict([[1]])).toThrow(/knn: predict called before fit/)
    expect(() => m.fit([[1]], [0, 1])).toThrow(/1 rows but 2 targets/)
    expect(() => createModel({ type: 'knn', task: 'classification' }).fit([[1], [2]], [0, 1.5])).toThrow(/class indices/)
  })

  it('standard presets build one member per type, light and filtered', () => {
    expect(standardMembers('classification')().map(m => m.name)).toEqual([...CLASSIFIERS])
    expect(standardMembers('regression', { exclude: ['random-forest'], light: true })().map(m => m.name)).toEqual(REGRESSORS.filter(t => t !== 'random-forest'))
  })
})

describe('metric reporting', () => {
  it('records every vote, member, agreement and timing figure with the right direction', async () => {
    const cv: CrossValidation = await crossValidate({ data: cls, members: standardMembers('classification', { exclude: ['random-forest', 'decision-tree'] }), votes: ['majority', 'soft'], folds: 3, seed: 1, validationFolds: 2 })
    const calls: { name: string; value: number; better: string; kind?: string }[] = []
    const metric: MetricFn = async (name, value, o) => { calls.push({ name, value: value as number, better: o.better, kind: o.kind }); return {} as never }
    await recordCrossValidation(metric, cv, 'cls')
    const byName = Object.fromEntries(calls.map(c => [c.name, c]))
    expect(byName['cls.vote.soft.accuracy']).toMatchObject({ better: 'higher', kind: 'quality' })
    expect(byName['cls.vote.soft.logLoss']).toMatchObject({ better: 'lower' })
    expect(byName['cls.vote.majority.gainOverBest']!.value).toBeCloseTo(cv.gainOverBest.majority!)
    expect(byName['cls.member.knn.f1']).toBeDefined()
    expect(byName['cls.agreement.fleissKappa']).toMatchObject({ kind: 'info' })
    expect(byName['cls.time.total']).toMatchObject({ kind: 'timing', better: 'lower' })
    expect(byName['cls.members.failed']!.value).toBe(0)
    expect(formatAgreement(cv).split('\n')).toHaveLength(4)
  })
})
