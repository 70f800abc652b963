// Moderated t-statistics (Smyth 2004, limma's eBayes): each row's variance is shrunk towards a prior fitted
// across all rows, s̃² = (d0·s0² + d·s²) / (d0 + d), and t̃ = effect / (s̃·√(1/n1 + 1/n2)) has d0 + d degrees of
// freedom under the null. With 6 rounds per side a row has d = 10; pooling adds d0 (often tens), so the
// p-values are not floored the way a rank test's are and reach the levels a 1,000-row family needs.
import digamma from '@stdlib/math-base-special-digamma'

/** Trigamma ψ′(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series. */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN
  let acc = 0
  while (x < 10) { acc += 1 / (x * x); x += 1 }
  const x2 = 1 / (x * x)
  return acc + 1 / x + x2 / 2 + (x2 / x) * (1 / 6 - x2 * (1 / 30 - x2 * (1 / 42 - x2 / 30)))
}

/** Inverse of trigamma by Newton's method on 1/ψ′ (limma's trigammaInverse). */
export function trigammaInverse(y: number): number {
  if (!(y > 0)) return NaN
  if (y > 1e7) return 1 / Math.sqrt(y)
  if (y < 1e-6) return 1 / y
  let x = 0.5 + 1 / y
  for (let i = 0; i < 50; i++) {
    const tri = trigamma(x)
    const dif = (tri * (1 - tri / y)) / tetragamma(x)
    x += dif
    if (-dif / x < 1e-8) break
  }
  return x
}

/** ψ″(x) by the same recurrence and series. */
function tetragamma(x: number): number {
  let acc = 0
  while (x < 10) { acc -= 2 / (x * x * x); x += 1 }
  const x2 = 1 / (x * x)
  return acc - x2 - x2 / x - (x2 * x2) * (1 / 2 - x2 * (1 / 6 - x2 * (1 / 6 - (3 * x2) / 10)))
}

export interface VariancePrior {
  /** Prior degrees of freedom (Infinity: every row has the same variance). */
  d0: number
  /** Prior variance. */
  s02: number
}

/**
 * Fits the scaled inverse-χ² prior of the row variances by moments of log s² (limma's fitFDist without
 * covariates). Rows with s² = 0 or a non-finite s² are left out of the fit. Undefined with fewer than 3 rows.
 */
export function fitVariancePrior(s2: readonly number[], df: readonly number[]): VariancePrior | undefined {
  const z: number[] = [], e: number[] = [], tri: number[] = []
  s2.forEach((v, i) => {
    const d = df[i]!
    if (!(v > 0) || !Number.isFinite(v) || !(d > 0)) return
    const zi = Math.log(v)
    z.push(zi)
    e.push(zi - digamma(d / 2) + Math.log(d / 2))
    tri.push(trigamma(d / 2))
  })
  const n = e.length
  if (n < 3) return undefined
  const emean = e.reduce((a, v) => a + v, 0) / n
  const evar = e.reduce((a, v) => a + (v - emean) ** 2, 0) / (n - 1) - tri.reduce((a, v) => a + v, 0) / n
  if (!(evar > 0)) return { d0: Infinity, s02: Math.exp(emean) }
  const d0 = 2 * trigammaInverse(evar)
  return { d0, s02: Math.exp(emean + digamma(d0 / 2) - Math.log(d0 / 2)) }
}

/** The row's posterior variance and its degrees of freedom under the prior (the row alone without one). */
export function moderate(s2: number, df: number, prior: VariancePrior | undefined): { s2: number; df: number } {
  if (!prior) return { s2, df }
  if (!Number.isFinite(prior.d0)) return { s2: prior.s02, df: Infinity }
  return { s2: (prior.d0 * prior.s02 + df * s2) / (prior.d0 + df), df: prior.d0 + df }
}
