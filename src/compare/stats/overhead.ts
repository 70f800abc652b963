// The one estimator of an overhead (what a wrapper, a fixture or a policy adds to a piece of work), used by every
// helper and bench. Each pair is one measurement of the bare work and one of the wrapped work, taken side by side
// (alternating which goes first), so that machine noise hits both; medians, so a few preempted runs do not set it.
import { median } from './describe.ts'

export interface PairedOverhead {
  /** Median over pairs of treated / base − 1: the relative overhead (0.05 = 5% more). */
  ratio: number
  /** Median over pairs of treated − base, in the unit measured. */
  difference: number
  /** Per-pair treated / base − 1, as samples for a comparison. */
  ratios: number[]
  /** Per-pair treated − base. */
  differences: number[]
  pairs: number
}

export function pairedOverhead(base: readonly number[], treated: readonly number[]): PairedOverhead {
  if (base.length !== treated.length || base.length === 0) throw new RangeError(`pairedOverhead: need the same, non-zero number of base and treated measurements (got ${base.length} and ${treated.length})`)
  if (base.some(b => !(b > 0))) throw new RangeError('pairedOverhead: base measurements must be positive')
  const ratios = base.map((b, i) => treated[i]! / b - 1)
  const differences = base.map((b, i) => treated[i]! - b)
  return { ratio: median(ratios), difference: median(differences), ratios, differences, pairs: base.length }
}
