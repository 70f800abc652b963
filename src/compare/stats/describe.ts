// Small descriptive statistics shared by the tests, the bootstrap and the minimal-detectable-effect estimate.

export function mean(xs: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < xs.length; i++) s += xs[i]!
  return s / xs.length
}

/** Median of an ascending-sorted array (typed arrays too: the vote sorts one in place per row). */
export function medianSorted(s: ArrayLike<number>): number {
  const n = s.length
  if (n === 0) return NaN
  const m = n >> 1
  return n % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

export function median(xs: readonly number[]): number {
  return medianSorted(xs.toSorted((a, b) => a - b))
}

/** Linear-interpolated quantile (type 7) of an ascending-sorted array. */
export function quantileSorted(s: readonly number[], p: number): number {
  const n = s.length
  if (n === 0) return NaN
  const h = (n - 1) * p
  const lo = Math.floor(h), hi = Math.ceil(h)
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!)
}

/**
 * Mean of the samples between the `trim` and 1 − `trim` positions of the sorted order (indices floor(n·trim) up to
 * ceil(n·(1 − trim))): robust to a few preempted readings at either end. NaN for no samples.
 */
export function trimmedMean(xs: ArrayLike<number>, trim: number): number {
  if (!(trim >= 0 && trim < 0.5)) throw new RangeError(`trimmedMean: trim must be in [0, 0.5), got ${trim}`)
  const s = Float64Array.from(xs).sort()
  const lo = Math.floor(s.length * trim), hi = Math.ceil(s.length * (1 - trim))
  if (hi <= lo) return NaN
  let sum = 0
  for (let i = lo; i < hi; i++) sum += s[i]!
  return sum / (hi - lo)
}

/** Robust standard deviation: 1.4826 × median absolute deviation (consistent for the normal). */
export function robustSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0
  const m = median(xs)
  return 1.4826 * median(xs.map(x => Math.abs(x - m)))
}

export function sd(xs: readonly number[]): number {
  const n = xs.length
  if (n < 2) return 0
  const m = mean(xs)
  let s = 0
  for (const x of xs) s += (x - m) ** 2
  return Math.sqrt(s / (n - 1))
}

/** Linear-interpolated quantile (type 7) of samples in any order; NaN for none. */
export function quantile(xs: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile: p must be in [0, 1], got ${p}`)
  return quantileSorted(xs.toSorted((a, b) => a - b), p)
}

/** The summary every helper reports for a sample set (latencies, sync delays…): one definition of p50/p95/p99. */
export interface Distribution { n: number; mean: number; min: number; max: number; p50: number; p95: number; p99: number }

/** Summary of samples in any order; undefined for none (missing is missing, never 0 or NaN). */
export function distribution(xs: readonly number[]): Distribution | undefined {
  if (xs.length === 0) return undefined
  const s = xs.toSorted((a, b) => a - b)
  return { n: s.length, mean: mean(s), min: s[0]!, max: s[s.length - 1]!, p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), p99: quantileSorted(s, 0.99) }
}

/** Latency summary in the baseline's shape (n, mean, min, max, p50, p75, p99, sd, rme); undefined for no samples. */
export interface SampleSummary { n: number; mean: number; min: number; max: number; p50: number; p75: number; p99: number; sd: number; rme: number }

/**
 * The baseline's summary of samples that arrive without one (ingested results). rme is the 95% margin of error of
 * the mean as a percent of the mean, with the normal critical value 1.96 (tinybench uses Student's t; the two
 * differ by under 5% from n = 30 on); 0 when the mean is 0 or there is one sample.
 */
export function sampleSummary(xs: readonly number[]): SampleSummary | undefined {
  if (xs.length === 0) return undefined
  const s = xs.toSorted((a, b) => a - b)
  const m = mean(s), d = sd(s)
  const rme = m > 0 && s.length > 1 ? (1.959963984540054 * d / Math.sqrt(s.length) / m) * 100 : 0
  return { n: s.length, mean: m, min: s[0]!, max: s[s.length - 1]!, p50: quantileSorted(s, 0.5), p75: quantileSorted(s, 0.75), p99: quantileSorted(s, 0.99), sd: d, rme }
}
