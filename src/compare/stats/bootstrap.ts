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
  const b = base.toSorted((x, y) => x - y), h = head.toSorted((x, y) => x - y)
  const ratios = new Float64Array(o.resamples)
  const rb = o.rng.fork(), rh = o.rng.fork()
  const counts = new Uint32Array(Math.max(b.length, h.length))
  for (let r = 0; r < o.resamples; r++) {
    ratios[r] = resampleStat(h, stat, rh, counts) / resampleStat(b, stat, rb, counts)
  }
  const sorted = Array.from(ratios).sort((x, y) => x - y)
  return [quantileSorted(sorted, o.alpha / 2), quantileSorted(sorted, 1 - o.alpha / 2)]
}

/**
 * One bootstrap replicate of the statistic. For the median of a sorted array we only need which index is
 * the middle order statistic of the drawn indices, found by counting — O(n) and no sort per replicate.
 */
function resampleStat(sorted: readonly number[], stat: LocationStat, rng: Rng, counts: Uint32Array): number {
  const n = sorted.length
  if (stat === 'mean') {
    let s = 0
    for (let i = 0; i < n; i++) s += sorted[rng.int(n)]!
    return s / n
  }
  counts.fill(0, 0, n)
  for (let i = 0; i < n; i++) counts[rng.int(n)]!++
  const lowRank = (n - 1) >> 1, highRank = n >> 1 // 0-based ranks of the middle order statistic(s)
  let seen = 0, lo = NaN
  for (let idx = 0; idx < n; idx++) {
    const c = counts[idx]!
    if (c === 0) continue
    if (Number.isNaN(lo) && seen + c > lowRank) lo = sorted[idx]!
    if (seen + c > highRank) return (lo + sorted[idx]!) / 2
    seen += c
  }
  return lo
}

/**
 * Hodges–Lehmann estimate of the shift head − base: the median of all pairwise differences. Large samples
 * are first reduced to evenly spaced order statistics so the pair count stays bounded.
 */
export function hodgesLehmann(base: readonly number[], head: readonly number[], maxPerSide = 400): number {
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
