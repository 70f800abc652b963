// Student's t distribution from @stdlib (maintained, accurate in the tails, also at fractional degrees of
// freedom, which the moderated t needs), and the tests built on it.
import cdf from '@stdlib/stats-base-dists-t-cdf'
import quantile from '@stdlib/stats-base-dists-t-quantile'

/** Two-sided p of a t statistic with `df` degrees of freedom (df = Infinity: the normal). */
export function tTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return 1
  if (!Number.isFinite(t)) return 0
  if (!Number.isFinite(df)) return Math.min(1, 2 * cdf(-Math.abs(t), 1e12))
  return Math.min(1, 2 * cdf(-Math.abs(t), df))
}

/** Lower tail P(T ≤ t) of Student's t with `df` degrees of freedom (df = Infinity: the normal). */
export function tCdf(t: number, df: number): number {
  if (Number.isNaN(t)) return NaN
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0
  return cdf(t, Number.isFinite(df) ? df : 1e12)
}

const quantiles = new Map<string, number>()

/** The t quantile t_{p, df}; memoized, as a suite asks for the same few (p, df) pairs thousands of times. */
export function tQuantile(p: number, df: number): number {
  const key = `${p} ${df}`
  let q = quantiles.get(key)
  if (q === undefined) {
    if (quantiles.size > 10_000) quantiles.clear()
    quantiles.set(key, q = quantile(p, Number.isFinite(df) ? df : 1e12))
  }
  return q
}

export interface PredictionTest {
  /** Earlier values the prediction rests on. */
  n: number
  mean: number
  /** Their standard deviation (after the floor). */
  sd: number
  df: number
  t: number
  /** Two-sided p of the new value under "it comes from the same distribution as the earlier ones". */
  p: number
  /** Interval of (new − mean) at level 1 − alpha: the prediction interval moved to the new value. */
  interval: [number, number]
}

/**
 * Prediction test of one new value against n earlier ones (all roughly normal, e.g. logs of per-run timings):
 * t = (y − ȳ) / (s·√(1 + 1/n)) ~ t_{n−1} when y is drawn like the others. `sdFloor` keeps a history of
 * identical values (timer resolution) from making every difference significant.
 */
export function predictionTest(history: readonly number[], y: number, alpha: number, sdFloor = 0): PredictionTest {
  const n = history.length
  if (n < 2) throw new RangeError(`predictionTest: needs at least 2 earlier values, got ${n}`)
  let mean = 0
  for (const v of history) mean += v
  mean /= n
  let ss = 0
  for (const v of history) ss += (v - mean) ** 2
  const sd = Math.max(Math.sqrt(ss / (n - 1)), sdFloor)
  const df = n - 1
  const scale = sd * Math.sqrt(1 + 1 / n)
  const d = y - mean
  const t = scale > 0 ? d / scale : d === 0 ? 0 : Math.sign(d) * Infinity
  const half = tQuantile(1 - alpha / 2, df) * scale
  return { n, mean, sd, df, t, p: tTwoSidedP(t, df), interval: [d - half, d + half] }
}
