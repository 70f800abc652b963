// Normal distribution from @stdlib (maintained, accurate in the tails) rather than a hand-written erf.
import cdf from '@stdlib/stats-base-dists-normal-cdf'
import quantile from '@stdlib/stats-base-dists-normal-quantile'

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return cdf(z, 0, 1)
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return quantile(p, 0, 1)
}

/** Upper tail 1 − Φ(z), computed as Φ(−z) so small tails keep their precision. */
export function normalSf(z: number): number {
  return cdf(-z, 0, 1)
}
