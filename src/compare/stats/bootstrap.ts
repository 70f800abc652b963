// Seeded percentile bootstrap of the ratio head/base of a location statistic. Each side is resampled on its
// own (the two sides are independent runs). Callers choose the unit: round medians (cluster bootstrap over
// process runs) or raw samples of a single run.
import type { Rng } from '../../random/index.ts'
import { medianSorted, quantileSorted } from './describe.ts'

export type LocationStat = 'median' | 'mean'

export interface BootstrapOptions {
  resamples: number
  /** Two-sided level: the interval covers 1 − alpha. */
  alpha: number
  rng: Rng
}

/** Percentile interval of stat(head*) / stat(base*), as a ratio. */
export function bootstrapRatioCi(base: readonly number[], head: readonly number[], stat: LocationStat, o: BootstrapOptions): [number, number] {
  if (base.length === 0 || head.length === 0) throw new RangeError('bootstrap: both sides need at least one value')
  // Typed arrays: the mean's replicate loop reads n values at random; Float64Array reads are the cheapest.
  const b = Float64Array.from(base).sort(), h = Float64Array.from(head).sort()
  const ratios = new Float64Array(o.resamples)
  const rb = o.rng.fork(), rh = o.rng.fork()
  const draws = new Uint32Array(Math.max(b.length, h.length))
  for (let r = 0; r < o.resamples; r++) {
    ratios[r] = resampleStat(h, stat, rh, draws) / resampleStat(b, stat, rb, draws)
  }
  const sorted = Array.from(ratios).sort((x, y) => x - y)
  return [quantileSorted(sorted, o.alpha / 2), quantileSorted(sorted, 1 - o.alpha / 2)]
}

/**
 * One bootstrap replicate of the statistic.
 *
 * Median, in O(1): resampling n values with replacement means drawing n indices uniformly from 0..n−1, and
 * the resample's k-th smallest value is sorted[k-th smallest index]. The k-th smallest of n discrete uniform
 * indices is exactly floor(n·U₍k₎), U₍k₎ the k-th order statistic of n continuous uniforms, which is
 * Beta(k, n−k+1). For even n the next order statistic follows from U₍k₎ as the minimum of the n−k uniforms
 * above it. So each replicate has the exact bootstrap distribution of the median without touching n values.
 *
 * Mean, in O(n): n indices drawn in bulk.
 */
function resampleStat(sorted: Float64Array, stat: LocationStat, rng: Rng, draws: Uint32Array): number {
  const n = sorted.length
  if (stat === 'mean') {
    const idx = rng.fillInts(draws.subarray(0, n), n)
    let s = 0
    for (let i = 0; i < n; i++) s += sorted[idx[i]!]!
    return s / n
  }
  if (n === 1) return sorted[0]!
  const k = (n + 1) >> 1 // 1-based rank of the (lower) middle order statistic
  const u = betaSample(k, n - k + 1, rng)
  const lo = sorted[Math.min(n - 1, Math.floor(n * u))]!
  if (n % 2 === 1) return lo
  const above = n - k // uniforms left above U₍k₎; the next order statistic is their minimum
  const next = u + (1 - u) * (1 - Math.pow(1 - rng.next(), 1 / above))
  return (lo + sorted[Math.min(n - 1, Math.floor(n * next))]!) / 2
}

/** Beta(a, b) from two gamma variates. */
export function betaSample(a: number, b: number, rng: Rng): number {
  const x = gammaSample(a, rng), y = gammaSample(b, rng)
  return x / (x + y)
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000); shapes below 1 through the boost Gamma(a+1)·U^(1/a). */
export function gammaSample(shape: number, rng: Rng): number {
  if (shape < 1) return gammaSample(shape + 1, rng) * Math.pow(1 - rng.next(), 1 / shape)
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d)
  for (;;) {
    const x = rng.normal()
    const v0 = 1 + c * x
    if (v0 <= 0) continue
    const v = v0 * v0 * v0
    const u = 1 - rng.next()
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v
  }
}

/**
 * Hodges–Lehmann estimate of the shift head − base: the median of all pairwise differences. Large samples
 * are first reduced to evenly spaced order statistics so the pair count stays bounded.
 */
export function hodgesLehmann(base: readonly number[], head: readonly number[], maxPerSide = 128): number {
  if (base.length === 0 || head.length === 0) throw new RangeError('hodgesLehmann: both sides need at least one value')
  const b = thin(base.toSorted((x, y) => x - y), maxPerSide), h = thin(head.toSorted((x, y) => x - y), maxPerSide)
  const diffs = new Float64Array(b.length * h.length)
  let k = 0
  for (const y of h) for (const x of b) diffs[k++] = y - x
  diffs.sort()
  return medianSorted(diffs as unknown as number[])
}

function thin(sorted: number[], k: number): number[] {
  if (sorted.length <= k) return sorted
  const step = (sorted.length - 1) / (k - 1)
  return Array.from({ length: k }, (_, i) => sorted[Math.round(i * step)]!)
}
