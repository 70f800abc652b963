// Theil–Sen slope with Sen's (1968) rank-based confidence interval. Robust to the odd sample that a late
// finaliser or a code-space growth step throws off: up to ~29% of points can be outliers without moving it.
import quantile from '@stdlib/stats-base-dists-normal-quantile'
import { medianSorted } from '../compare/stats/describe.ts'

export interface SlopeFit {
  /** Median of pairwise slopes. */
  slope: number
  /** Median of y − slope·x. */
  intercept: number
  /** Confidence interval of the slope at `confidence`. */
  ci: [number, number]
  confidence: number
  n: number
}


/**
 * Fits y = intercept + slope·x. Needs at least 3 points with at least 2 distinct x. The interval comes from
 * the normal approximation to Kendall's S: C = z·sqrt(n(n−1)(2n+5)/18) (with the tie correction for x), and
 * the bounds are the pairwise slopes of rank (N−C)/2 and (N+C)/2 + 1, N the number of slopes.
 */
export function theilSen(xs: readonly number[], ys: readonly number[], confidence = 0.95): SlopeFit {
  if (xs.length !== ys.length) throw new RangeError(`theilSen: x and y differ in length (${xs.length} vs ${ys.length})`)
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`theilSen: confidence must be in (0, 1), got ${confidence}`)
  const n = xs.length
  if (n < 3) throw new RangeError(`theilSen: needs at least 3 points, got ${n}`)
  if (![...xs, ...ys].every(Number.isFinite)) throw new RangeError('theilSen: all x and y must be finite numbers')
  const slopes: number[] = []
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j]! - xs[i]!
      if (dx !== 0) slopes.push((ys[j]! - ys[i]!) / dx)
    }
  }
  if (slopes.length === 0) throw new RangeError('theilSen: all x are equal, the slope is undefined')
  slopes.sort((a, b) => a - b)
  const slope = medianSorted(slopes)
  const intercept = medianSorted(xs.map((x, i) => ys[i]! - slope * x).sort((a, b) => a - b))
  // Variance of Kendall's S with ties in x (ties in y are ignored: continuous heap readings).
  let tieTerm = 0
  const counts = new Map<number, number>()
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1)
  for (const t of counts.values()) tieTerm += t * (t - 1) * (2 * t + 5)
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18
  const N = slopes.length
  const c = quantile(1 - (1 - confidence) / 2, 0, 1) * Math.sqrt(varS)
  const lo = Math.max(0, Math.min(N - 1, Math.floor((N - c) / 2) - 1))
  const hi = Math.max(0, Math.min(N - 1, Math.ceil((N + c) / 2)))
  return { slope, intercept, ci: [slopes[lo]!, slopes[hi]!], confidence, n }
}
