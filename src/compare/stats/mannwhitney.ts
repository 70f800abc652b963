// Two-sided Mann–Whitney U (Wilcoxon rank-sum) test. Exact null distribution for small samples without ties,
// otherwise the normal approximation with tie correction and continuity correction (as R and SciPy do).
import { normalSf } from './normal.ts'

export interface MannWhitneyResult {
  /** U statistic of the first sample: pairs (x, y) with x > y, ties counting ½. */
  u: number
  /** U of the second sample (n1·n2 − u). */
  u2: number
  /** Two-sided p-value in [0, 1]. */
  p: number
  /** Whether the exact distribution was used. */
  exact: boolean
  /** Standardised statistic of the normal approximation (0 when exact or without spread). */
  z: number
  /** Common-language effect size: P(X > Y) + ½ P(X = Y). */
  effect: number
}

/** Largest n1 + n2 for which the exact distribution is used (when there are no ties). */
export const EXACT_LIMIT = 60

/** method 'auto': exact without ties when n1 + n2 ≤ EXACT_LIMIT, otherwise the normal approximation. */
export function mannWhitney(x: readonly number[], y: readonly number[], method: 'auto' | 'asymptotic' = 'auto'): MannWhitneyResult {
  const n1 = x.length, n2 = y.length
  if (n1 === 0 || n2 === 0) throw new RangeError('mannWhitney: both samples need at least one value')
  if (![...x, ...y].every(Number.isFinite)) throw new RangeError('mannWhitney: samples must be finite numbers')
  const { rankSumX, tieTerm } = rankSum(x, y)
  const u = rankSumX - (n1 * (n1 + 1)) / 2
  const u2 = n1 * n2 - u
  const effect = u / (n1 * n2)
  if (method === 'auto' && tieTerm === 0 && n1 + n2 <= EXACT_LIMIT) {
    return { u, u2, p: exactP(u, n1, n2), exact: true, z: 0, effect }
  }
  const n = n1 + n2
  const mu = (n1 * n2) / 2
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)))
  if (!(variance > 0)) return { u, u2, p: 1, exact: false, z: 0, effect }
  const diff = Math.abs(u - mu)
  const z = Math.max(0, diff - 0.5) / Math.sqrt(variance)
  return { u, u2, p: Math.min(1, 2 * normalSf(z)), exact: false, z: Math.sign(u - mu) * z, effect }
}

/** Rank sum of x in the pooled sample (mid-ranks for ties) and Σ(t³ − t) over tie groups. */
function rankSum(x: readonly number[], y: readonly number[]): { rankSumX: number; tieTerm: number } {
  const pooled = [...x.map(v => ({ v, isX: true })), ...y.map(v => ({ v, isX: false }))].sort((a, b) => a.v - b.v)
  let rankSumX = 0, tieTerm = 0
  for (let i = 0; i < pooled.length;) {
    let j = i
    while (j + 1 < pooled.length && pooled[j + 1]!.v === pooled[i]!.v) j++
    const t = j - i + 1
    const midRank = (i + j) / 2 + 1
    for (let k = i; k <= j; k++) if (pooled[k]!.isX) rankSumX += midRank
    if (t > 1) tieTerm += t ** 3 - t
    i = j + 1
  }
  return { rankSumX, tieTerm }
}

/**
 * Exact two-sided p: the number of arrangements with each U is the coefficient list of the Gaussian binomial
 * [n1+n2 choose n1]_q = Π_{i=1..n1} (1 − q^{n2+i}) / (1 − q^i), built by polynomial multiply/divide.
 */
export function exactP(u: number, n1: number, n2: number): number {
  const freq = uDistribution(n1, n2)
  let total = 0
  for (const f of freq) total += f
  const k = Math.round(u)
  let lower = 0, upper = 0
  for (let i = 0; i < freq.length; i++) {
    if (i <= k) lower += freq[i]!
    if (i >= k) upper += freq[i]!
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / total)
}

/** Frequencies of U = 0..n1·n2 under the null (counts of rank arrangements). */
export function uDistribution(n1: number, n2: number): number[] {
  const max = n1 * n2
  const c = new Array<number>(max + 1).fill(0)
  c[0] = 1
  for (let i = 1; i <= n1; i++) {
    // multiply by (1 − q^{n2+i}) …
    const a = n2 + i
    for (let k = max; k >= a; k--) c[k]! -= c[k - a]!
    // … and divide by (1 − q^i): c[k] += c[k − i], ascending
    for (let k = i; k <= max; k++) c[k]! += c[k - i]!
  }
  return c
}
