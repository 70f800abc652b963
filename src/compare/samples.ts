// Raw samples travel in baselines as little-endian float64, base64-encoded, sorted ascending. When a run
// measured more samples than the cap, we keep an even spread of quantiles so the distribution's shape survives.
import type { EncodedSamples } from '../schema/baseline.ts'

/** Decodes stored samples; throws a clear error when the payload does not match its declared count. */
export function decodeSamples(encoded: EncodedSamples): number[] {
  if (encoded.encoding !== 'f64le-base64') throw new TypeError(`samples: unknown encoding '${String(encoded.encoding)}' (expected 'f64le-base64')`)
  const buf = Buffer.from(encoded.data, 'base64')
  if (buf.length !== encoded.count * 8) {
    throw new TypeError(`samples: data holds ${buf.length} bytes but count says ${encoded.count} samples (${encoded.count * 8} bytes); the baseline is corrupted`)
  }
  const out = new Array<number>(encoded.count)
  for (let i = 0; i < encoded.count; i++) out[i] = buf.readDoubleLE(i * 8)
  return out
}

/**
 * Sorts, optionally caps (keeping evenly spaced order statistics, min and max included) and encodes samples.
 * `total` records how many were measured before capping.
 */
export function encodeSamples(samples: readonly number[], cap?: number): EncodedSamples {
  if (cap !== undefined && (!Number.isInteger(cap) || cap < 2)) throw new RangeError(`encodeSamples: cap must be an integer ≥ 2, got ${cap}`)
  const sorted = samples.toSorted((a, b) => a - b)
  const kept = cap !== undefined && sorted.length > cap ? downsample(sorted, cap) : sorted
  const buf = Buffer.alloc(kept.length * 8)
  kept.forEach((v, i) => buf.writeDoubleLE(v, i * 8))
  return { encoding: 'f64le-base64', count: kept.length, total: sorted.length, data: buf.toString('base64') }
}

/** Evenly spaced order statistics of a sorted array (quantile down-sampling). */
export function downsample(sorted: readonly number[], k: number): number[] {
  if (sorted.length <= k) return [...sorted]
  const out = new Array<number>(k)
  const step = (sorted.length - 1) / (k - 1)
  for (let i = 0; i < k; i++) out[i] = sorted[Math.round(i * step)]!
  return out
}
