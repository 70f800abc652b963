// Turns the surviving members' outputs into one prediction for each vote kind. Learned weights and the
// stacking meta-model come only from out-of-fold validation on the training rows, never from the rows predicted.
import type { Member } from './types.ts'
import type { ParsedVote } from './options.ts'
import { bmaWeights, majorityVote, medianVote, oneHot, softVote, weightedMean } from './vote.ts'
import { accuracy, mse } from './metrics.ts'
import { createModel } from './models.ts'

export interface Validation {
  y: number[]
  k: number
  /** Out-of-fold predictions per member index. */
  pred: Map<number, Float64Array>
  /** Out-of-fold probabilities per member index (members with predictProba). */
  proba: Map<number, number[][]>
  ms: number
}

interface Input {
  task: 'classification' | 'regression'
  k: number
  vote: ParsedVote
  names: readonly string[]
  members: { m: number; p: number[]; pr?: number[][] }[]
  validation: Validation | undefined
  cache: Map<string, unknown>
  train: { X: number[][]; y: number[] }
}

interface Output { prediction: number[]; proba?: number[][]; weights?: Record<string, number> }


function resolveWeights(w: number[] | Record<string, number> | undefined, members: Input['members'], names: readonly string[]): number[] | undefined {
  if (!w) return undefined
  if (Array.isArray(w)) {
    if (w.length !== names.length) throw new Error(`vote weights: ${w.length} weights for ${names.length} members (give one per member, in member order, or a record by name)`)
    return members.map(x => w[x.m]!)
  }
  const missing = members.filter(x => !(names[x.m]! in w)).map(x => names[x.m]!)
  if (missing.length) throw new Error(`vote weights: no weight for member(s) ${missing.join(', ')}`)
  return members.map(x => w[names[x.m]!]!)
}

function need(v: Validation | undefined, m: number, name: string): Float64Array {
  const p = v?.pred.get(m)
  if (!p) throw new Error(`ensemble: no validation predictions for member ${name}`)
  return p
}

/** Validation probability rows of a member: its own, or one-hot rows from its labels. */
function valProba(v: Validation, m: number, name: string, k: number): number[][] {
  return v.proba.get(m) ?? oneHot(need(v, m, name), k)
}

/** Log-likelihood of the validation labels under each member (BMA evidence). */
function logLikelihood(v: Validation, m: number, name: string, task: Input['task']): number {
  const p = need(v, m, name)
  if (task === 'regression') {
    const s2 = Math.max(mse(v.y, p), 1e-12)
    return -(v.y.length / 2) * (Math.log(2 * Math.PI * s2) + 1) // Gaussian likelihood at the ML variance
  }
  const pr = v.proba.get(m)
  if (pr) return v.y.reduce((s, c, i) => { const row = pr[i]!, z = row.reduce((a, b) => a + b, 0) || 1; return s + Math.log(Math.max(1e-15, (row[c] ?? 0) / z)) }, 0)
  // hard-label member: calibrate by its validation accuracy (right with probability acc, else uniform over the rest)
  const acc = Math.min(Math.max(accuracy(v.y, p), 1e-6), 1 - 1e-6)
  return v.y.reduce((s, c, i) => s + Math.log(p[i] === c ? acc : (1 - acc) / Math.max(1, v.k - 1)), 0)
}

export async function combine(input: Input): Promise<Output> {
  const { task, k, vote, names, members, validation: val, cache } = input
  if (members.length === 0) throw new Error('ensemble: every member failed; nothing to vote on (see failures)')
  const preds = members.map(x => x.p)
  // the executor has checked every member's rows: k columns each
  const probas = () => members.map(x => x.pr ?? oneHot(x.p, k))
  const named = (w: number[]) => Object.fromEntries(members.map((x, i) => [names[x.m]!, w[i]!]))
  const key = `${vote.kind}:${members.map(x => x.m).join(',')}`

  switch (vote.kind) {
    case 'majority':
      return { prediction: Array.from(task === 'classification' ? majorityVote(preds, k) : medianVote(preds)) }
    case 'weighted': {
      let w = resolveWeights(vote.weights, members, names)
      if (!w) {
        w = cache.get(key) as number[] | undefined
        if (!w) {
          // accuracy for classifiers; inverse MSE for regressors (a member twice as far off counts a quarter)
          w = members.map(x => { const p = need(val, x.m, names[x.m]!); return task === 'classification' ? accuracy(val!.y, p) : 1 / Math.max(mse(val!.y, p), 1e-12) })
          cache.set(key, w)
        }
      }
      const prediction = task === 'classification' ? Array.from(majorityVote(preds, k, w)) : Array.from(weightedMean(preds, w))
      return { prediction, weights: named(w) }
    }
    case 'soft': {
      const w = resolveWeights(vote.weights, members, names)
      if (task === 'regression') return { prediction: Array.from(weightedMean(preds, w)), ...(w ? { weights: named(w) } : {}) }
      const { labels, proba } = softVote(probas(), w)
      return { prediction: Array.from(labels), proba, ...(w ? { weights: named(w) } : {}) }
    }
    case 'bma': {
      let w = cache.get(key) as number[] | undefined
      if (!w) {
        const prior = resolveWeights(vote.prior, members, names)
        w = bmaWeights(members.map(x => logLikelihood(val!, x.m, names[x.m]!, task)), prior)
        cache.set(key, w)
      }
      if (task === 'regression') return { prediction: Array.from(weightedMean(preds, w)), weights: named(w) }
      const { labels, proba } = softVote(probas(), w)
      return { prediction: Array.from(labels), proba, weights: named(w) }
    }
    case 'stacking': {
      // meta-features: member probabilities (classification) or predictions (regression), out-of-fold for training
      let meta = cache.get(key) as Member | undefined
      if (!meta) {
        const v = val!
        const oof = members.map(x => (task === 'classification' ? valProba(v, x.m, names[x.m]!, k) : Array.from(need(v, x.m, names[x.m]!), p => [p])))
        const F = Array.from({ length: v.y.length }, (_, i) => oof.flatMap(o => o[i]!))
        meta = vote.meta?.() ?? createModel(task === 'classification'
          ? { type: 'logistic-regression', task, name: 'stacking-meta', standardize: false }
          : { type: 'ridge', task, name: 'stacking-meta', standardize: false, params: { alpha: 1 } })
        if (!meta.fit) throw new Error('stacking: the meta-model needs a fit(X, y) method')
        await meta.fit(F, v.y)
        cache.set(key, meta)
      }
      const n = preds[0]!.length
      const cols = task === 'classification' ? probas() : preds.map(p => p.map(v => [v]))
      const F = Array.from({ length: n }, (_, i) => cols.flatMap(c => c[i]!))
      const prediction = Array.from(await meta.predict(F))
      const proba = task === 'classification' && meta.predictProba ? await meta.predictProba(F) : undefined
      if (proba?.some(r => r.length !== k)) throw new Error(`stacking: the meta-model returned probability rows without one column per class (${k}); were all classes in the validation rows?`)
      return { prediction, ...(proba ? { proba } : {}) }
    }
  }
}
