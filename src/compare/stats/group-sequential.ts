// Group-sequential boundaries from error spending, under the canonical joint distribution: the z-statistics
// Z_1…Z_K of K looks at information fractions t_1 < … < t_K are those of a Brownian motion, i.e. the score
// S_k = Z_k·√t_k has independent normal increments with variance t_k − t_{k−1} and mean θ(t_k − t_{k−1})
// (Jennison & Turnbull 2000, "Group Sequential Methods with Applications to Clinical Trials", ch. 3 and 11).
// That is the assumption this file holds; it is exact for normal data with known variance and the standard
// large-sample approximation otherwise (for a t statistic the nominal levels are used, J&T §3.8).
//
// Probabilities of crossing are computed by the recursive numerical integration of Armitage, McPherson & Rowe
// (1969) (J&T ch. 19): the sub-density of S_k on the continuation region is carried from look to look on a
// grid (Simpson's rule), and the probability of crossing at look k is a one-dimensional integral of normal tails.
import { normalCdf, normalQuantile, normalSf } from './normal.ts'
import { spend, type Spending } from './spending.ts'

export interface BoundaryInput {
  /** Information fractions of the looks so far, strictly increasing in (0, 1]. */
  fractions: readonly number[]
  /** Total error over all planned looks (reached only if the last fraction is 1); two-sided: α/2 per side. */
  alpha: number
  spending: Spending
  /** 2: symmetric boundaries ±z_k, rejection on either side; 1: upper boundary only. */
  sides: 1 | 2
}

export interface Boundaries {
  /** Critical values on the z scale, one per look (Infinity when a look spends nothing). */
  z: number[]
  /** Nominal level per look: the fixed-sample p-value at which look k rejects (two-sided when sides = 2). */
  nominal: number[]
  /** Cumulative error spent up to each look. */
  spent: number[]
}

/** Half-width of the region the densities are carried on, in standard deviations (tails beyond are < 1e-15). */
const TAIL_SD = 8.5

interface Grid { x: Float64Array; w: Float64Array; f: Float64Array }

function checkFractions(fractions: readonly number[]): void {
  if (fractions.length === 0) throw new RangeError('group-sequential: needs at least one look')
  let prev = 0
  for (const t of fractions) {
    if (!(t > prev && t <= 1)) throw new RangeError(`group-sequential: information fractions must increase within (0, 1], got ${fractions.join(', ')}`)
    prev = t
  }
}

/** Simpson nodes and weights on [lo, hi], spacing at most `h`. */
function simpson(lo: number, hi: number, h: number): { x: Float64Array; w: Float64Array } {
  let n = Math.max(2, Math.ceil((hi - lo) / h))
  if (n % 2) n++
  const step = (hi - lo) / n
  const x = new Float64Array(n + 1), w = new Float64Array(n + 1)
  for (let i = 0; i <= n; i++) {
    x[i] = lo + i * step
    w[i] = (step / 3) * (i === 0 || i === n ? 1 : i % 2 ? 4 : 2)
  }
  return { x, w }
}

/**
 * Walks the looks: at look k, `decide(k, crossUp, crossDown)` is given functions that return the probability of
 * first crossing above `u` (or below `l`) at look k, on the z scale, and returns the continuation region
 * (lower, upper) on the z scale; the density is then carried on to look k + 1.
 */
function walk(fractions: readonly number[], drift: number, decide: (k: number, up: (u: number) => number, down: (l: number) => number) => [number, number]): void {
  let grid: Grid | undefined
  for (let k = 0; k < fractions.length; k++) {
    const t = fractions[k]!, dt = t - (k ? fractions[k - 1]! : 0), sdt = Math.sqrt(dt), st = Math.sqrt(t)
    const mean = drift * dt
    const g = grid
    // P(S_k ≥ b) for each grid point of the previous look, weighted by its density (or from 0 at the first look).
    const up = (u: number) => {
      if (u === Infinity) return 0
      const b = u * st
      if (!g) return normalSf((b - mean) / sdt)
      let p = 0
      for (let i = 0; i < g.x.length; i++) p += g.w[i]! * g.f[i]! * normalSf((b - g.x[i]! - mean) / sdt)
      return p
    }
    const down = (l: number) => {
      if (l === -Infinity) return 0
      const b = l * st
      if (!g) return normalCdf((b - mean) / sdt)
      let p = 0
      for (let i = 0; i < g.x.length; i++) p += g.w[i]! * g.f[i]! * normalCdf((b - g.x[i]! - mean) / sdt)
      return p
    }
    const [lower, upper] = decide(k, up, down)
    if (k === fractions.length - 1) return
    // Carry the sub-density of S_k on (lower, upper) (cut to where it is not negligible) to a grid.
    const centre = drift * t
    const lo = Math.max(lower * st, centre - TAIL_SD * st), hi = Math.min(upper * st, centre + TAIL_SD * st)
    const nextSd = Math.sqrt(fractions[k + 1]! - t)
    if (!(hi > lo)) { grid = { x: new Float64Array([0]), w: new Float64Array([0]), f: new Float64Array([0]) }; continue }
    const { x, w } = simpson(lo, hi, Math.min(sdt, nextSd) / 12)
    const f = new Float64Array(x.length)
    for (let j = 0; j < x.length; j++) {
      if (!g) { f[j] = phi((x[j]! - mean) / sdt) / sdt; continue }
      let s = 0
      for (let i = 0; i < g.x.length; i++) s += g.w[i]! * g.f[i]! * phi((x[j]! - g.x[i]! - mean) / sdt)
      f[j] = s / sdt
    }
    grid = { x, w, f }
  }
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI)
function phi(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z)
}

/** Largest z with f(z) ≥ target, for f decreasing in z (bisection; the crossing probability is monotone). */
function solve(f: (z: number) => number, target: number): number {
  if (!(target > 0)) return Infinity
  let lo = 0, hi = 40
  if (f(lo) <= target) return lo
  for (let i = 0; i < 100 && hi - lo > 1e-10; i++) {
    const mid = (lo + hi) / 2
    if (f(mid) > target) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

const cache = new Map<string, Boundaries>()

/**
 * Critical values that spend `alpha` by `spending`: under θ = 0 the probability of first crossing at look k is
 * spend(t_k) − spend(t_{k−1}). Depends only on the looks so far (the Lan–DeMets property), so a test stopped
 * early uses the same boundaries it would have used had it gone on. Memoized.
 */
export function spendingBoundaries(input: BoundaryInput): Boundaries {
  checkFractions(input.fractions)
  const key = JSON.stringify([input.fractions, input.alpha, input.spending, input.sides])
  const hit = cache.get(key)
  if (hit) return hit
  const z: number[] = [], nominal: number[] = [], spent: number[] = []
  walk(input.fractions, 0, (k, up, down) => {
    // Two-sided symmetric: each side spends half of alpha by the spending function (the convention of
    // Lan–DeMets' tables, gsDesign and ldbounds), so an O'Brien–Fleming-type test keeps its shape per side.
    const share = input.sides === 2 ? input.alpha / 2 : input.alpha
    const before = k ? input.sides * spend(share, input.fractions[k - 1]!, input.spending) : 0
    const now = input.sides * spend(share, input.fractions[k]!, input.spending)
    const c = input.sides === 2 ? solve(c => up(c) + down(-c), now - before) : solve(up, now - before)
    z.push(c)
    nominal.push(c === Infinity ? 0 : input.sides === 2 ? 2 * normalSf(c) : normalSf(c))
    spent.push(now)
    return [input.sides === 2 ? -c : -Infinity, c]
  })
  const out = { z, nominal, spent }
  if (cache.size > 5_000) cache.clear()
  cache.set(key, out)
  return out
}

/**
 * Probabilities of first crossing the upper (≥ upper_k) or lower (≤ lower_k) boundary at each look when the
 * drift is θ, i.e. E[Z_k] = θ·√t_k (θ is the expected z at t = 1). ±Infinity for a side with no boundary.
 */
export function crossingProbabilities(fractions: readonly number[], upper: readonly number[], lower: readonly number[], drift = 0): { up: number[]; down: number[] } {
  checkFractions(fractions)
  if (upper.length !== fractions.length || lower.length !== fractions.length) throw new RangeError('crossingProbabilities: one upper and one lower boundary per look')
  const upP: number[] = [], downP: number[] = []
  walk(fractions, drift, (k, up, down) => {
    upP.push(up(upper[k]!))
    downP.push(down(lower[k]!))
    return [lower[k]!, upper[k]!]
  })
  return { up: upP, down: downP }
}

/** Fixed-sample critical value for comparison: z_{1−α/sides}. */
export function fixedCritical(alpha: number, sides: 1 | 2): number {
  return normalQuantile(1 - alpha / sides)
}
