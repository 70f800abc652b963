import { describe, expect, it } from 'vitest'
import { ensemble, crossValidate, gridSearch, createModel, accuracy, workerMember, type Member } from '../../src/ensemble/index.ts'
import { makeClassification, makeRegression, stratifiedKFold, take, loadDataset } from '../../src/datasets/index.ts'

const data = makeClassification({ samples: 150, features: 6, informative: 3, redundant: 1, classes: 3, classSep: 1.5, seed: 7 })
const fold = stratifiedKFold(data.y, 4, 1)[0]!
const [Xtr, ytr, Xte, yte] = [take(data.X, fold.train), take(data.y, fold.train), take(data.X, fold.test), take(data.y, fold.test)]

const constant = (c: number, name: string): Member => ({ name, predict: X => X.map(() => c) })

describe('executor', () => {
  // The timeout is generous: at 150 ms the real models' fits overran it on a loaded 2-core machine.
  it('leaves a throwing and a hanging member out of the vote and reports both', async () => {
    const thrower: Member = { name: 'thrower', fit: () => { throw new Error('boom') }, predict: X => X.map(() => 0) }
    const hanger: Member = { name: 'hanger', predict: () => new Promise(() => {}) }
    let disposed = false
    const slowFit: Member = { name: 'slow-fit', fit: () => new Promise(() => {}), predict: X => X.map(() => 0), dispose: () => { disposed = true } }
    const ens = ensemble({ members: [thrower, hanger, slowFit, createModel({ type: 'naive-bayes', task: 'classification' }), createModel({ type: 'knn', task: 'classification' })], task: 'classification', timeoutMs: 1000 })
    const t0 = performance.now()
    const fit = await ens.fit(Xtr, ytr)
    const fitWallMs = performance.now() - t0
    expect(fit.members).toEqual(['hanger', 'naive-bayes', 'knn'])
    expect(fit.failures).toEqual([
      { name: 'thrower', phase: 'fit', reason: 'error', message: 'boom' },
      { name: 'slow-fit', phase: 'fit', reason: 'timeout', message: 'slow-fit: fit exceeded 1000 ms' },
    ])
    const r = await ens.predict(Xte)
    expect(r.members).toEqual(['naive-bayes', 'knn'])
    expect(r.failures.map(f => `${f.name}:${f.phase}:${f.reason}`)).toEqual(['thrower:fit:error', 'slow-fit:fit:timeout', 'hanger:predict:timeout'])
    expect(r.prediction).toHaveLength(Xte.length)
    expect(accuracy(yte, r.prediction)).toBeGreaterThan(0.6)
    expect(disposed).toBe(true) // a timed-out member is told to release its resources
    expect(r.timings.predictMs).toBeGreaterThanOrEqual(1000)
    // a member's fit time is measured work: more than nothing, and within the time around the whole fit call
    for (const name of ['naive-bayes', 'knn']) {
      const fitMs = r.timings.members[name]!.fitMs!
      expect(fitMs).toBeGreaterThan(0)
      expect(fitMs).toBeLessThanOrEqual(fitWallMs)
    }
  })

  it('fails clearly when nothing is left, or on bad use', async () => {
    const ens = ensemble({ members: [{ name: 'x', predict: () => { throw new Error('nope') } }], task: 'classification' })
    await expect(ens.predict([[1]])).rejects.toThrow(/call fit/)
    await ens.fit([[1], [2]], [0, 1])
    await expect(ens.predict([[1]])).rejects.toThrow(/every member failed/)
    await expect(ens.fit([], [])).rejects.toThrow(/same, non-zero count/)
    expect(() => ensemble({ members: [], task: 'classification' })).toThrow(/ensemble: option members: give at least one member/)
    expect(() => ensemble({ members: [{} as Member], task: 'classification' })).toThrow(/predict\(X\) method/)
    expect(() => ensemble({ members: [constant(0, 'a')], task: 'classification', vote: 'plurality' as 'majority' })).toThrow(/option vote/)
    const wrongLen = ensemble({ members: [{ name: 'short', predict: () => [0] }, constant(1, 'c')], task: 'classification' })
    await wrongLen.fit([[1], [2]], [0, 1])
    expect((await wrongLen.predict([[1], [2]])).failures[0]!.message).toMatch(/returned 1 predictions for 2 rows/)
  })

  it('a fittable member without clone() cannot be validated and is reported', async () => {
    const noClone: Member = { name: 'no-clone', fit: () => {}, predict: X => X.map(() => 0) }
    const ens = ensemble({ members: [noClone, createModel({ type: 'naive-bayes', task: 'classification' })], task: 'classification', vote: 'stacking' })
    const fit = await ens.fit(Xtr, ytr)
    expect(fit.failures[0]).toMatchObject({ name: 'no-clone', phase: 'validate', reason: 'error' })
    expect((await ens.predict(Xte)).members).toEqual(['naive-bayes'])
  })

  it('weighted votes learn weights from out-of-fold accuracy; given weights are used as given', async () => {
    const ens = ensemble({ members: [createModel({ type: 'naive-bayes', task: 'classification' }), constant(0, 'always-0')], task: 'classification', vote: 'weighted', seed: 3 })
    await ens.fit(Xtr, ytr)
    const val = await ens.validation()
    const r = await ens.predict(Xte)
    expect(r.weights!['always-0']).toBeCloseTo(ytr.filter(v => v === 0).length / ytr.length)
    expect(r.weights!['naive-bayes']).toBeCloseTo(accuracy(ytr, val.pred.get(0)!))
    const given = await ens.predict(Xte, { vote: { kind: 'weighted', weights: { 'naive-bayes': 0, 'always-0': 1 } } })
    expect(given.prediction.every(v => v === 0)).toBe(true)
    await expect(ens.predict(Xte, { vote: { kind: 'weighted', weights: [1] } })).rejects.toThrow(/1 weights for 2 members/)
    await expect(ens.predict(Xte, { vote: { kind: 'weighted', weights: { x: 1 } } })).rejects.toThrow(/no weight for member\(s\) naive-bayes, always-0/)
  })

  it('BMA puts posterior mass on the member with the higher validation likelihood', async () => {
    const ens = ensemble({ members: [createModel({ type: 'logistic-regression', task: 'classification' }), constant(1, 'always-1')], task: 'classification', vote: 'bma' })
    await ens.fit(Xtr, ytr)
    const r = await ens.predict(Xte)
    expect(r.weights!['logistic-regression']).toBeGreaterThan(0.99)
    expect(r.proba![0]!.reduce((a, b) => a + b, 0)).toBeCloseTo(1)
  })

  it('regression: every vote kind produces finite predictions and weights', async () => {
    const reg = makeRegression({ samples: 120, features: 4, informative: 3, noise: 5, seed: 2 })
    const ens = ensemble({ members: ['linear', 'ridge', 'knn', 'decision-tree'].map(type => createModel({ type: type as 'linear', task: 'regression' })), task: 'regression' })
    await ens.fit(reg.X.slice(0, 90), reg.y.slice(0, 90))
    for (const vote of ['majority', 'weighted', 'soft', 'bma', 'stacking'] as const) {
      const r = await ens.predict(reg.X.slice(90), { vote })
      expect(r.prediction.every(Number.isFinite)).toBe(true)
    }
    const bma = await ens.predict(reg.X.slice(90), { vote: 'bma' })
    expect(Object.values(bma.weights!).reduce((a, b) => a + b, 0)).toBeCloseTo(1)
  })
})

describe('stacking never sees the test fold', () => {
  // A member that memorises training rows: perfect on rows it was fitted on, constant (class 0) elsewhere.
  const fitted: string[][] = []
  const memoriser = (): Member => {
    const seen = new Map<string, number>(), log: string[] = []
    fitted.push(log)
    return {
      name: 'memoriser',
      fit: (X, y) => { X.forEach((r, i) => { seen.set(r.join(), y[i]!); log.push(r.join()) }) },
      predict: X => X.map(r => seen.get(r.join()) ?? 0),
      clone: memoriser,
    }
  }

  it('meta-model trains on out-of-fold predictions: a memoriser gets no trust', async () => {
    fitted.length = 0
    const metaFits: number[][] = []
    const meta = (): Member => {
      const m = createModel({ type: 'logistic-regression', task: 'classification', standardize: false })
      return { ...m, fit: (X, y) => { metaFits.push([...y]); m.fit(X, y) } }
    }
    const ens = ensemble({ members: [memoriser(), createModel({ type: 'naive-bayes', task: 'classification' })], task: 'classification', vote: { kind: 'stacking', meta }, seed: 5 })
    await ens.fit(Xtr, ytr)
    const r = await ens.predict(Xte)

    // no test row ever reached a fit call (members, their fold copies, the meta-model)
    const testKeys = new Set(Xte.map(row => row.join()))
    expect(fitted.length).toBe(1 + 5) // the member itself + one copy per validation fold
    expect(fitted.flat().some(key => testKeys.has(key))).toBe(false)
    expect(metaFits).toEqual([ytr])

    const nbAcc = accuracy(yte, r.memberPredictions['naive-bayes']!)
    const memAcc = accuracy(yte, r.memberPredictions['memoriser']!)
    const stackAcc = accuracy(yte, r.prediction)
    expect(memAcc).toBeLessThan(0.5)
    expect(stackAcc).toBeGreaterThanOrEqual(nbAcc - 0.05)

    // the same meta-model trained on in-sample predictions (the leak) trusts the memoriser and collapses:
    // this is what the assertion above would catch if stacking used in-sample or test-fold outputs
    const mem = memoriser(), nb = createModel({ type: 'naive-bayes', task: 'classification' })
    mem.fit!(Xtr, ytr); nb.fit(Xtr, ytr)
    const feats = async (X: number[][]) => {
      const a = Array.from(await mem.predict(X)), b = nb.predictProba!(X)
      return X.map((_, i) => [...[0, 1, 2].map(c => (a[i] === c ? 1 : 0)), ...b[i]!])
    }
    const leaky = createModel({ type: 'logistic-regression', task: 'classification', standardize: false })
    leaky.fit(await feats(Xtr), ytr)
    expect(accuracy(yte, leaky.predict(await feats(Xte)))).toBeLessThan(stackAcc - 0.15)
  })
})

describe('reproducibility and CV helpers', () => {
  const members = () => [
    createModel({ type: 'random-forest', task: 'classification', seed: 1, params: { nEstimators: 5 } }),
    createModel({ type: 'knn', task: 'classification' }),
    createModel({ type: 'naive-bayes', task: 'classification' }),
  ]
  it('same seed, same figures', async () => {
    const run = () => crossValidate({ data, members, votes: ['majority', 'weighted', 'soft', 'stacking', 'bma'], folds: 3, seed: 11 })
    const [a, b] = [await run(), await run()]
    expect(b.members).toEqual(a.members)
    expect(b.votes).toEqual(a.votes)
    expect(b.agreement).toEqual(a.agreement)
    expect(Object.keys(a.votes)).toEqual(['majority', 'weighted', 'soft', 'stacking', 'bma'])
    expect(a.votes.soft!.logLoss).toBeGreaterThan(0)
    expect(a.gainOverBest.majority).toBeCloseTo(a.votes.majority!.accuracy! - a.bestMember.score)
    expect(a.agreement.scores.meanAgreement).toBeGreaterThan(0.5)
    expect(a.agreement.matrix).toHaveLength(3)
  })

  it('grid search ranks parameter sets by CV score', async () => {
    const res = await gridSearch({ data, grid: { k: [1, 15] }, build: p => createModel({ type: 'knn', task: 'classification', params: p }), folds: 3, seed: 1 })
    expect(res).toHaveLength(2)
    expect(res[0]!.score).toBeGreaterThanOrEqual(res[1]!.score)
    await expect(gridSearch({ data, grid: { k: [] }, build: p => createModel({ type: 'knn', task: 'classification', params: p }) })).rejects.toThrow(/"k" has no values/)
  })
})

describe('worker-backed members', () => {
  it('fit and predict in a worker thread, match the in-process model, and report worker errors', async () => {
    const w = workerMember({ type: 'naive-bayes', task: 'classification' })
    try {
      await w.fit!(Xtr, ytr)
      const local = createModel({ type: 'naive-bayes', task: 'classification' }); local.fit(Xtr, ytr)
      expect(Array.from(await w.predict(Xte))).toEqual(local.predict(Xte))
      expect(await w.predictProba!(Xte)).toEqual(local.predictProba!(Xte))
      const copy = w.clone!()
      await expect(copy.predict(Xte)).rejects.toThrow(/predict called before fit/)
      await copy.dispose!()
      const linear = workerMember({ type: 'linear', task: 'regression' })
      await linear.fit!([[0], [1], [2]], [1, 3, 5])
      await expect(linear.predictProba!([[1]])).rejects.toThrow(/no probabilities/)
      await linear.dispose!()
      await expect(linear.predict([[1]])).rejects.toThrow(/worker exited/)
    } finally {
      await w.dispose!()
    }
    expect(() => workerMember({ type: 'naive-bayes', task: 'regression' })).toThrow(/not available for this task/)
  })
})

describe('validation timing', () => {
  it('counts out-of-fold validation in CV timings even when the first vote does not need it', async () => {
    const cv = await crossValidate({ data, members: () => [createModel({ type: 'naive-bayes', task: 'classification' }), createModel({ type: 'knn', task: 'classification' })], votes: ['majority', 'stacking'], folds: 2, seed: 1, validationFolds: 2 })
    expect(cv.timings.validateMs).toBeGreaterThan(0)
  })
})

describe('timed-out worker members', () => {
  it('a CPU-bound fit that overruns is reported and its worker is terminated', async () => {
    const bc = loadDataset('breast-cancer')
    const slow = workerMember({ type: 'random-forest', task: 'classification', name: 'huge-forest', params: { nEstimators: 2000 } })
    const ens = ensemble({ members: [slow, createModel({ type: 'naive-bayes', task: 'classification' })], task: 'classification', timeoutMs: 300 })
    const t0 = performance.now()
    const fit = await ens.fit(bc.X, bc.y)
    expect(performance.now() - t0).toBeLessThan(5000) // did not wait for 2000 trees
    expect(fit.failures).toEqual([{ name: 'huge-forest', phase: 'fit', reason: 'timeout', message: 'huge-forest: fit exceeded 300 ms' }])
    await expect.poll(() => Promise.resolve(slow.predict(bc.X)).then(() => 'alive', (e: Error) => e.message), { timeout: 3000 }).toMatch(/worker exited/)
    expect((await ens.predict(bc.X)).members).toEqual(['naive-bayes'])
  })
})
