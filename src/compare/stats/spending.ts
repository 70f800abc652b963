// Error-spending functions (Lan & DeMets 1983, Biometrika 70:659–663): how much of a total error rate a
// group-sequential test may have used up by information fraction t ∈ [0, 1]. Each is 0 at t = 0, the total at
// t = 1 and non-decreasing, so looks can fall anywhere and a test stopped early has spent less than the total.
// The assumption this file holds: the shape of the spending, chosen before any data are seen.
import { normalQuantile, normalSf } from './normal.ts'

export type Spending =
  /** Lan–DeMets O'Brien–Fleming type: 2 − 2Φ(z_{1−a/2}/√t). Spends almost nothing early, nearly all at the end. */
  | { family: 'obrien-fleming' }
  /** Lan–DeMets Pocock type: a·ln(1 + (e − 1)t). Spends evenly on the boundary scale. */
  | { family: 'pocock' }
  /** Hwang, Shih & DeCani (1990): a(1 − e^{−γt})/(1 − e^{−γ}); γ = −4 is O'Brien–Fleming-like, γ = 1 Pocock-like. */
  | { family: 'hsd'; gamma: number }
  /** Kim & DeMets (1987) power family: a·t^ρ. */
  | { family: 'power'; rho: number }

/** Error spent by information fraction t out of `total` (two-sided or one-sided alike). */
export function spend(total: number, t: number, s: Spending): number {
  if (!(total > 0 && total < 1)) throw new RangeError(`spend: total error must be in (0, 1), got ${total}`)
  if (!(t >= 0)) throw new RangeError(`spend: information fraction must be ≥ 0, got ${t}`)
  if (t === 0) return 0
  if (t >= 1) return total
  switch (s.family) {
    case 'obrien-fleming': return 2 * normalSf(normalQuantile(1 - total / 2) / Math.sqrt(t))
    case 'pocock': return total * Math.log(1 + (Math.E - 1) * t)
    case 'hsd': return s.gamma === 0 ? total * t : (total * -Math.expm1(-s.gamma * t)) / -Math.expm1(-s.gamma)
    case 'power':
      if (!(s.rho > 0)) throw new RangeError(`spend: power family needs rho > 0, got ${s.rho}`)
      return total * t ** s.rho
  }
}

/** Short name for reports: "O'Brien–Fleming", "Pocock", "HSD(γ=−2)", "power(ρ=3)". */
export function spendingName(s: Spending): string {
  switch (s.family) {
    case 'obrien-fleming': return 'O\'Brien–Fleming-type'
    case 'pocock': return 'Pocock-type'
    case 'hsd': return `Hwang–Shih–DeCani (γ = ${s.gamma})`
    case 'power': return `power family (ρ = ${s.rho})`
  }
}
