// ml-cart's own floating-point arithmetic, reproduced operation for operation. The fast split search ranks
// candidates with exact integer counts (classification) or centred sums (regression); only the candidates
// within rounding distance of the best are then scored here, exactly as ml-cart 2.1.1 scores them, so that
// near-ties are broken the way ml-cart breaks them and the trees come out identical.

/**
 * ml-cart's class share: `counts[c] += 1 / n` once per row of class c, i.e. `k` additions of fl(1/n). This is
 * not fl(k / n) in general, and the difference decides ties.
 */
export function repeatedShare(k: number, n: number): number {
  const step = 1 / n
  let s = 0
  for (let i = 0; i < k; i++) s += step
  return s
}

/** ml-cart's Gini impurity of a node with these class counts (1 − Σ p², p as above). */
export function giniImpurity(counts: ArrayLike<number>, n: number): number {
  if (n === 0) return 0
  let sum = 0.0
  for (let c = 0; c < counts.length; c++) {
    const p = repeatedShare(counts[c]!, n)
    sum += p * p
  }
  return 1 - sum
}

/** ml-cart's giniGain: impurity of the node minus the size-weighted impurity of "greater" then "lesser". */
export function giniGain(nodeImpurity: number, n: number, lesser: ArrayLike<number>, nLesser: number, greater: ArrayLike<number>, nGreater: number): number {
  let splits = 0.0
  splits += (giniImpurity(greater, nGreater) * nGreater) / n
  splits += (giniImpurity(lesser, nLesser) * nLesser) / n
  return nodeImpurity - splits
}

/** ml-cart's leaf distribution (class shares as above). */
export function distribution(counts: ArrayLike<number>, n: number, out: Float64Array, offset: number): void {
  for (let c = 0; c < counts.length; c++) out[offset + c] = repeatedShare(counts[c]!, n)
}

/** ml-array-mean: left-to-right sum divided by the length. */
export function mean(ys: ArrayLike<number>, len: number): number {
  let s = 0
  for (let i = 0; i < len; i++) s += ys[i]!
  return s / len
}

/** ml-cart's squaredError: two passes (mean, then Σ (y − mean)²), rows in node order. */
export function squaredError(ys: ArrayLike<number>, len: number): number {
  if (len === 0) return 0.0
  const m = mean(ys, len)
  let e = 0.0
  for (let i = 0; i < len; i++) { const v = ys[i]! - m; e += v * v }
  return e
}

/** ml-cart's regressionError: squared error of "greater", then plus that of "lesser". */
export function regressionError(lesser: ArrayLike<number>, nLesser: number, greater: ArrayLike<number>, nGreater: number): number {
  let e = 0.0
  e += squaredError(greater, nGreater)
  e += squaredError(lesser, nLesser)
  return e
}
