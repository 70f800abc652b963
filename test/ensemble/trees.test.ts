import { describe, expect, it } from 'vitest'
import { DecisionTreeClassifier, DecisionTreeRegression } from 'ml-cart'
import { RandomForestClassifier } from 'ml-random-forest'
import { loadDataset, makeClassification, makeRegression } from '../../src/datasets/index.ts'
import { createModel, accuracy } from '../../src/ensemble/index.ts'
import { toColumns, isShared, growTree, predictTree, predictTreeProba, growForest, forestProba, forestSamples, resolveMaxFeatures } from '../../src/ensemble/trees/index.ts'
import { repeatedShare, giniImpurity } from '../../src/ensemble/trees/mlcart-float.ts'

const ML_CART = { maxDepth: Infinity, minNumSamples: 2, gainThreshold: 0 }
const split = <T>(xs: T[]) => ({ train: xs.filter((_, i) => i % 4 !== 0), test: xs.filter((_, i) => i % 4 === 0) })
const pad = (r: number[], k: number) => [...r, ...new Array<number>(k - r.length).fill(0)]

describe('presorted CART against ml-cart (same algorithm, same trees)', () => {
  it.each(['iris', 'wine'] as const)('classification tree on %s: identical class distributions on held-out rows', name => {
    const d = loadDataset(name), X = split(d.X), y = split(d.y), k = d.classes!.length
    const ours = growTree(toColumns(X.train), y.train, { task: 'classification', ...ML_CART })
    const ml = new DecisionTreeClassifier(ML_CART); ml.train(X.train, y.train)
    expect(predictTreeProba(ours, X.test)).toEqual(X.test.map(r => pad(ml.root.classify(r).to1DArray(), k)))
    // also on the training rows, where every leaf is reached
    expect(predictTree(ours, X.train)).toEqual(ml.predict(X.train))
  })

  it('limits (maxDepth, minNumSamples, gainThreshold) stop where ml-cart stops', () => {
    const d = loadDataset('wine'), o = { maxDepth: 3, minNumSamples: 10, gainThreshold: 0.02 }
    const ours = growTree(toColumns(d.X), d.y, { task: 'classification', ...o })
    const ml = new DecisionTreeClassifier(o); ml.train(d.X, d.y)
    expect(predictTreeProba(ours, d.X)).toEqual(d.X.map(r => pad(ml.root.classify(r).to1DArray(), 3)))
  })

  it('forest with features drawn per tree: the trees ml-random-forest grows, vote for vote', () => {
    const d = loadDataset('wine'), X = split(d.X), y = split(d.y)
    const rf = new RandomForestClassifier({ nEstimators: 6, maxFeatures: 0.5, replacement: false, useSampleBagging: true, noOOB: true, seed: 7, treeOptions: ML_CART })
    rf.train(X.train, y.train)
    const pv = rf.predictionValues(X.test)
    const theirs = X.test.map((_, i) => { const row = [0, 0, 0]; for (const c of pv.getRow(i)) row[c]! += 1 / 6; return row })
    const ours = growForest(toColumns(X.train), y.train, { task: 'classification', nEstimators: 6, maxFeatures: 0.5, featureSampling: 'tree', seed: 7, tree: ML_CART })
    expect(forestProba(ours, X.test)).toEqual(theirs)
  })

  it('regression tree: identical where ml-cart never meets a perfect split (distinct targets)', () => {
    const d = makeRegression({ samples: 240, features: 5, informative: 3, noise: 5, nonlinear: true, seed: 3 }), X = split(d.X), y = split(d.y)
    const ours = growTree(toColumns(X.train), y.train, { task: 'regression', ...ML_CART })
    const ml = new DecisionTreeRegression(ML_CART); ml.train(X.train, y.train)
    expect(predictTree(ours, X.test)).toEqual(ml.predict(X.test))
  })

  it('regression, the one deliberate difference: a split that leaves no error is taken (ml-cart makes a leaf)', () => {
    const X = [[0], [1], [2]], y = [0, 5, 5]
    const ml = new DecisionTreeRegression(ML_CART); ml.train(X, y)
    expect(ml.predict([[0], [2]])).toEqual([10 / 3, 10 / 3]) // ml-cart: "gain" is the remaining error, 0 is not > 0
    expect(predictTree(growTree(toColumns(X), y, { task: 'regression', ...ML_CART }), [[0], [2]])).toEqual([0, 5])
  })
})

describe('ml-cart arithmetic and the column layout', () => {
  it('class shares are k additions of 1/n, not k/n (it decides ties)', () => {
    expect(repeatedShare(3, 10)).toBe(0.1 + 0.1 + 0.1)
    expect(repeatedShare(3, 10)).not.toBe(3 / 10)
    expect(giniImpurity([2, 2], 4)).toBe(0.5)
    expect(giniImpurity([], 0)).toBe(0)
  })

  it('dense ranks per column, shared memory on request, finite numbers only', () => {
    const c = toColumns([[3, 1], [1, 1], [3, 0]])
    expect(Array.from(c.rank)).toEqual([1, 0, 1, 1, 1, 0])
    expect(Array.from(c.distinct)).toEqual([2, 2])
    expect(isShared(c)).toBe(false)
    expect(isShared(toColumns([[1]], { shared: true }))).toBe(true)
    expect(() => toColumns([[1], [Number.NaN]])).toThrow(/row 1, feature 0 is NaN/)
    expect(() => toColumns([[1, 2], [1]])).toThrow(/row 1 has 1 features/)
    expect(() => toColumns([])).toThrow(/at least one row/)
    expect(() => growTree(toColumns([[1], [2]]), [0, 1.5], { task: 'classification', nClasses: 2 })).toThrow(/label 1.5 of row 1/)
  })
})

describe('forests with features drawn per split (scikit-learn style)', () => {
  const d = makeClassification({ samples: 300, features: 16, informative: 6, classes: 3, classSep: 1.5, seed: 2 })
  const X = split(d.X), y = split(d.y)

  it('reproduces with a seed, varies across seeds, and classifies well', () => {
    const grow = (seed: number) => growForest(toColumns(X.train), y.train, { task: 'classification', nEstimators: 20, maxFeatures: 'sqrt', featureSampling: 'split', seed, tree: {} })
    const a = forestProba(grow(1), X.test)
    expect(forestProba(grow(1), X.test)).toEqual(a)
    expect(forestProba(grow(2), X.test)).not.toEqual(a)
    expect(accuracy(y.test, a.map(r => r.indexOf(Math.max(...r))))).toBeGreaterThan(0.8)
  })

  it('resolves maxFeatures like ml-random-forest (fractions round down) and rejects nonsense', () => {
    expect([resolveMaxFeatures(0.5, 13), resolveMaxFeatures(1, 13), resolveMaxFeatures(4, 13), resolveMaxFeatures('sqrt', 64), resolveMaxFeatures('log2', 64)]).toEqual([6, 13, 4, 8, 6])
    expect(() => resolveMaxFeatures(20, 13)).toThrow(/maxFeatures 20/)
    expect(() => growForest(toColumns(X.train), y.train, { task: 'classification', nEstimators: 0, maxFeatures: 1, featureSampling: 'tree', seed: 1, tree: {} })).toThrow(/nEstimators/)
    expect(forestSamples(10, 4, { nEstimators: 2, maxFeatures: 0.5, featureSampling: 'tree', seed: 1 }).map(s => s.features.length)).toEqual([2, 2])
  })

  it('model members: fit on shared columns, move the fitted trees as typed arrays', () => {
    for (const type of ['random-forest', 'decision-tree'] as const) {
      const spec = { type, task: 'classification' as const, seed: 3, params: { nEstimators: 5, featureSampling: 'split', maxFeatures: 'sqrt' } }
      const a = createModel(spec), b = createModel(spec), c = createModel(spec)
      a.fit(X.train, y.train)
      b.fitColumns!(toColumns(X.train, { shared: true }), y.train)
      expect(b.predictProba!(X.test)).toEqual(a.predictProba!(X.test))
      c.importState!(structuredClone(a.exportState!()))
      expect(c.predict(X.test)).toEqual(a.predict(X.test))
    }
    expect(() => createModel({ type: 'random-forest', task: 'classification', params: { featureSampling: 'node' } })).toThrow(/featureSampling/)
    expect(() => createModel({ type: 'random-forest', task: 'classification', params: { maxFeatures: 'half' } })).toThrow(/maxFeatures/)
    expect(() => createModel({ type: 'decision-tree', task: 'classification' }).exportState!()).toThrow(/before fit/)
  })
})
