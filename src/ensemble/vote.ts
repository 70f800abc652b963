// Vote combiners: pure functions over per-member prediction arrays (member-major: preds[m][i]).
// Ties between classes go to the smallest class index, as scikit-learn's argmax does.

import { medianSorted } from '../compare/stats/describe.ts'

type Labels = ArrayLike<number>

function checkLabels(preds: readonly Labels[], nClasses: number, fn: string): number {
  if (preds.length === 0) throw new Error(`${fn}: no member predictions to combine (every member failed?)`)
  const n = preds[0]!.length
  for (const [m, p] of preds.entries()) if (p.length !== n) throw new Error(`${fn}: member ${m} gave ${p.length} predictions, member 0 gave ${n}`)
  if (!Number.isInteger(nClasses) || nClasses < 1) throw new RangeError(`${fn}: nClasses must be a positive integer, got ${nClasses}`)
  return n
}

function checkWeights(weights: readonly number[] | undefined, m: number, fn: string): readonly number[] {
  if (!weights) return new Array<number>(m).fill(1)
  if (weights.length !== m) throw new Error(`${fn}: ${weights.length} weights for ${m} members`)
  if (!weights.every(w => Number.isFinite(w) && w >= 0)) throw new RangeError(`${fn}: weights must be finite and ≥ 0, got [${weights.join(', ')}]`)
  return weights
}

/**
 * (Weighted) plurality vote over class labels. Blocked and member-major so each member's array is read
 * sequentially: this is the fast path measured in benches/ensemble-vote.bench.ts.
 */
export function majorityVote(preds: readonly Labels[], nClasses: number, weights?: readonly number[], out?: Int32Array): Int32Array {
  const n = checkLabels(preds, nClasses, 'majorityVote')
  const w = checkWeights(weights, preds.length, 'majorityVote')
  const result = out ?? new Int32Array(n)
  const k = nClasses
  const BLOCK = Math.min(2048, n) // small inputs (one predict call) should not pay for a full block
  const counts = new Float64Array(Math.max(1, BLOCK) * k)
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK)
    counts.fill(0, 0, (end - start) * k)
    for (let m = 0; m < preds.length; m++) {
      const p = preds[m]!, wm = w[m]!
      for (let i = start; i < end; i++) {
        const c = p[i]!
        if (c >= 0 && c < k) counts[(i - start) * k + c]! += wm // out-of-range labels cast no vote
      }
    }
    for (let i = start; i < end; i++) {
      const base = (i - start) * k
      let best = 0, bestCount = counts[base]!
      for (let c = 1; c < k; c++) { const v = counts[base + c]!; if (v > bestCount) { best = c; bestCount = v } }
      result[i] = best
    }
  }
  return result
}

/** The straightforward version (a Map of counts per sample), kept as the reference the fast path is checked against. */
export function majorityVoteSimple(preds: readonly Labels[], weights?: readonly number[]): number[] {
  const n = preds[0]?.length ?? 0
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const counts = new Map<number, number>()
    preds.forEach((p, m) => counts.set(p[i]!, (counts.get(p[i]!) ?? 0) + (weights?.[m] ?? 1)))
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])
    out.push(sorted[0]![0])
  }
  return out
}

/** Regression counterpart of plurality: the median of the members' predictions (robust to one wild member). */
export function medianVote(preds: readonly Labels[]): Float64Array {
  const n = checkLabels(preds, 1, 'medianVote')
  const out = new Float64Array(n)
  const col = new Float64Array(preds.length)
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < preds.length; m++) col[m] = preds[m]![i]!
    col.sort()
    out[i] = medianSorted(col)
  }
  return out
}

/** Weighted mean of regression predictions (weights need not sum to 1). */
export function weightedMean(preds: readonly Labels[], weights?: readonly number[]): Float64Array {
  const n = checkLabels(preds, 1, 'weightedMean')
  const w = checkWeights(weights, preds.length, 'weightedMean')
  const total = w.reduce((a, b) => a + b, 0)
  if (!(total > 0)) throw new RangeError('weightedMean: weights sum to 0')
  const out = new Float64Array(n)
  for (let m = 0; m < preds.length; m++) {
    const p = preds[m]!, wm = w[m]! / total
    for (let i = 0; i < n; i++) out[i]! += wm * p[i]!
  }
  return out
}

/** Weighted average of class-probability rows; returns the averaged rows and their argmax labels. */
export function softVote(probas: readonly (readonly (readonly number[])[])[], weights?: readonly number[]): { labels: Int32Array; proba: number[][] } {
  if (probas.length === 0) throw new Error('softVote: no member probabilities to combine')
  const n = probas[0]!.length, k = probas[0]![0]?.length ?? 0
  const w = checkWeights(weights, probas.length, 'softVote')
  const total = w.reduce((a, b) => a + b, 0)
  if (!(total > 0)) throw new RangeError('softVote: weights sum to 0')
  const proba = Array.from({ length: n }, () => new Array<number>(k).fill(0))
  probas.forEach((pm, m) => {
    if (pm.length !== n) throw new Error(`softVote: member ${m} gave ${pm.length} rows, member 0 gave ${n}`)
    const wm = w[m]! / total
    for (let i = 0; i < n; i++) {
      const row = pm[i]!, acc = proba[i]!
      if (row.length !== k) throw new Error(`softVote: member ${m} row ${i} has ${row.length} classes, expected ${k}`)
      for (let c = 0; c < k; c++) acc[c]! += wm * row[c]!
    }
  })
  const labels = new Int32Array(n)
  proba.forEach((row, i) => { labels[i] = argmax(row) })
  return { labels, proba }
}

export function argmax(row: ArrayLike<number>): number {
  let best = 0
  for (let c = 1; c < row.length; c++) if (row[c]! > row[best]!) best = c
  return best
}

/**
 * Bayesian model averaging weights: posterior ∝ prior × exp(log-likelihood on validation data), computed
 * with log-sum-exp so large log-likelihoods do not overflow. With hundreds of validation rows the posterior
 * is usually close to one-hot on the best member; that is what BMA does, not a bug.
 */
export function bmaWeights(logLikelihoods: readonly number[], prior?: readonly number[]): number[] {
  if (logLikelihoods.length === 0) throw new Error('bmaWeights: no members')
  const p = checkWeights(prior, logLikelihoods.length, 'bmaWeights')
  const logPost = logLikelihoods.map((ll, m) => (p[m]! > 0 && !Number.isNaN(ll) ? ll + Math.log(p[m]!) : -Infinity))
  const max = Math.max(...logPost)
  if (max === -Infinity) throw new Error('bmaWeights: every member has zero posterior (log-likelihood -Infinity or prior 0)')
  const e = logPost.map(v => Math.exp(v - max))
  const z = e.reduce((a, b) => a + b, 0)
  return e.map(v => v / z)
}

/** Turns hard labels into one-hot probability rows (for members that give no probabilities). */
export function oneHot(labels: ArrayLike<number>, nClasses: number): number[][] {
  return Array.from(labels, c => { const r = new Array<number>(nClasses).fill(0); if (c >= 0 && c < nClasses) r[c] = 1; return r })
}
