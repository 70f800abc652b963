// Minimal detectable effect: the smallest true relative change that the verdict rule (significant AND interval
// wholly beyond the threshold) catches with the given power. For an estimate with standard error se the
// interval's near end clears the threshold with probability `power` once the change exceeds
// threshold + (z_{1−α/2} + z_{power}) · se. Uses the normal approximation; a planning figure, not a test.
import { normalQuantile } from './normal.ts'

export interface MdeInput {
  /** Relative standard error of each side's location estimate (se / centre). */
  relSeBase: number
  relSeHead: number
  threshold: number
  alpha: number
  power?: number
}

export function minimalDetectableEffect(o: MdeInput): number {
  const se = Math.sqrt(o.relSeBase ** 2 + o.relSeHead ** 2)
  const z = normalQuantile(1 - o.alpha / 2) + normalQuantile(o.power ?? 0.8)
  return o.threshold + z * se
}

/** Relative standard error of a median of n values with the given robust sd (asymptotic √(π/2) factor). */
export function relSeOfMedian(robustSd: number, n: number, centre: number): number {
  if (n < 1 || centre === 0) return Infinity
  return (Math.sqrt(Math.PI / 2) * robustSd) / Math.sqrt(n) / Math.abs(centre)
}
