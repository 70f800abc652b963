// Proportions: the Wilson interval for a rate, the exact tests that compare two rates (success rates of
// repeated agent trials), pass@k / pass^k, and the power of the rate test for planning how many trials to run.

/**
 * Wilson score interval for k successes in n trials (95% by default). Unlike the normal approximation it
 * stays inside [0, 1] and is informative at k = 0 or k = n, which is where calibration rates sit.
 */
export function wilson(k: number, n: number, z = 1.959963984540054): [number, number] {
  checkCounts(k, n, 'wilson')
  if (n === 0) return [0, 1]
  const p = k / n, d = 1 + z * z / n
  const c = (p + z * z / (2 * n)) / d, h = (z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / d
  // At k = 0 and k = n the bound is exactly 0 or 1; rounding would otherwise leave 0.9999999999999999.
  return [k === 0 ? 0 : Math.max(0, c - h), k === n ? 1 : Math.min(1, c + h)]
}

function checkCounts(k: number, n: number, where: string): void {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) throw new RangeError(`${where}: need whole numbers 0 ≤ k ≤ n, got k=${k}, n=${n}`)
}

// ---- log-space combinatorics -------------------------------------------------------------------------

const LOG_FACT: number[] = [0]
function logFact(n: number): number {
  for (let i = LOG_FACT.length; i <= n; i++) LOG_FACT[i] = LOG_FACT[i - 1]! + Math.log(i)
  return LOG_FACT[n]!
}
function logChoose(n: number, k: number): number {
  return logFact(n) - logFact(k) - logFact(n - k)
}

/** Ties within this relative distance count as equal (as R's fisher.test and SciPy do), so rounding cannot split them. */
const REL_TIE = 1e-7

// ---- Fisher's exact test -----------------------------------------------------------------------------

/**
 * Fisher's exact test, two-sided: k1 of n1 against k2 of n2. Conditions on the total number of successes and
 * sums the hypergeometric probabilities of every table no more likely than the observed one.
 */
export function fisherExact(k1: number, n1: number, k2: number, n2: number): number {
  checkCounts(k1, n1, 'fisherExact'); checkCounts(k2, n2, 'fisherExact')
  const s = k1 + k2
  const lo = Math.max(0, s - n2), hi = Math.min(n1, s)
  const denom = logChoose(n1 + n2, s)
  const logP = (x: number) => logChoose(n1, x) + logChoose(n2, s - x) - denom
  const obs = logP(k1)
  let p = 0
  for (let x = lo; x <= hi; x++) {
    const lp = logP(x)
    if (lp <= obs + REL_TIE) p += Math.exp(lp)
  }
  return Math.min(1, p)
}

// ---- Barnard's exact unconditional test --------------------------------------------------------------

/** The pooled score statistic (p̂₂ − p̂₁) / √(p̄(1 − p̄)(1/n1 + 1/n2)); 0 when every trial agrees. */
export function scoreStatistic(k1: number, n1: number, k2: number, n2: number): number {
  const pooled = (k1 + k2) / (n1 + n2)
  const v = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
  return v > 0 ? (k2 / n2 - k1 / n1) / Math.sqrt(v) : 0
}

/** Grid over the nuisance parameter before the local refinement; see maxOverNuisance. */
const NUISANCE_GRID = 200

/**
 * Barnard's exact unconditional test, two-sided, with the pooled score statistic (SciPy's `barnard_exact`
 * default). Only the trial counts per side are fixed by design; the total number of successes is not, so
 * the test does not condition on it (Fisher's does, which makes Fisher's conservative and less powerful at
 * the small n agent trials afford). p = max over the common success rate π of P_π(|T| ≥ |t_obs|).
 */
export function barnardExact(k1: number, n1: number, k2: number, n2: number): number {
  checkCounts(k1, n1, 'barnardExact'); checkCounts(k2, n2, 'barnardExact')
  if (n1 === 0 || n2 === 0) return 1
  const t = Math.abs(scoreStatistic(k1, n1, k2, n2))
  if (t === 0) return 1
  return Math.min(1, maxOverNuisance(regionBySlice(n1, n2, (x1, x2) => Math.abs(scoreStatistic(x1, n1, x2, n2)) >= t * (1 - REL_TIE))))
}

/**
 * Under a common rate π the probability of a set of tables is Σ_s f_s · Binom(N, π)(s), where s = x1 + x2 and
 * f_s is the hypergeometric mass of the set's tables among those with s successes (Σ_x C(n1,x)C(n2,s−x) = C(N,s)).
 * So each set reduces to N + 1 numbers in [0, 1] and each π costs O(N), without overflow at any n.
 */
function regionBySlice(n1: number, n2: number, inRegion: (x1: number, x2: number) => boolean): Float64Array {
  const N = n1 + n2
  const f = new Float64Array(N + 1)
  for (let s = 0; s <= N; s++) {
    const denom = logChoose(N, s)
    for (let x1 = Math.max(0, s - n2); x1 <= Math.min(n1, s); x1++) {
      if (inRegion(x1, s - x1)) f[s]! += Math.exp(logChoose(n1, x1) + logChoose(n2, s - x1) - denom)
    }
  }
  return f
}

function massAt(f: Float64Array, pi: number): number {
  const N = f.length - 1
  if (pi <= 0) return f[0]!
  if (pi >= 1) return f[N]!
  const lp = Math.log(pi), lq = Math.log1p(-pi)
  let p = 0
  for (let s = 0; s <= N; s++) if (f[s]! > 0) p += f[s]! * Math.exp(logChoose(N, s) + s * lp + (N - s) * lq)
  return p
}

/**
 * sup over π of the set's probability: a grid, then golden-section search around the best grid points. The
 * function is a smooth polynomial in π, so the refinement lands within 1e-9 of the local maximum; a maximum
 * narrower than the grid step could in principle be missed, which would make p slightly small.
 */
function maxOverNuisance(f: Float64Array): number {
  const vals: { pi: number; v: number }[] = []
  for (let i = 0; i <= NUISANCE_GRID; i++) {
    const pi = i / NUISANCE_GRID
    vals.push({ pi, v: massAt(f, pi) })
  }
  let best = 0
  const top = vals.toSorted((a, b) => b.v - a.v).slice(0, 3)
  for (const { pi } of top) {
    let a = Math.max(0, pi - 1 / NUISANCE_GRID), b = Math.min(1, pi + 1 / NUISANCE_GRID)
    const g = (Math.sqrt(5) - 1) / 2
    let c = b - g * (b - a), d = a + g * (b - a), fc = massAt(f, c), fd = massAt(f, d)
    while (b - a > 1e-9) {
      if (fc > fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = massAt(f, c) }
      else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = massAt(f, d) }
    }
    best = Math.max(best, fc, fd)
  }
  return Math.max(best, ...top.map(t => t.v))
}

export type RateTest = 'barnard' | 'fisher'

/** Two-sided exact p-value for the difference between k1/n1 and k2/n2. */
export function rateTestP(k1: number, n1: number, k2: number, n2: number, test: RateTest = 'barnard'): number {
  return test === 'fisher' ? fisherExact(k1, n1, k2, n2) : barnardExact(k1, n1, k2, n2)
}

// ---- pass@k and pass^k -------------------------------------------------------------------------------

/**
 * pass@k: the chance that at least one of k trials drawn without replacement from n (c of them passed) passes.
 * The unbiased estimator of Chen et al. (2021), 1 − C(n−c, k)/C(n, k), as a stable product.
 */
export function passAtK(n: number, c: number, k: number): number {
  checkCounts(c, n, 'passAtK')
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`passAtK: need a whole 1 ≤ k ≤ n, got k=${k}, n=${n}`)
  if (n - c < k) return 1
  let q = 1
  for (let i = n - c + 1; i <= n; i++) q *= 1 - k / i
  return 1 - q
}

/** pass^k: the chance that all k trials drawn without replacement pass, C(c, k)/C(n, k); unbiased for p^k. */
export function passHatK(n: number, c: number, k: number): number {
  checkCounts(c, n, 'passHatK')
  if (!(Number.isInteger(k) && k >= 1 && k <= n)) throw new RangeError(`passHatK: need a whole 1 ≤ k ≤ n, got k=${k}, n=${n}`)
  if (c < k) return 0
  let r = 1
  for (let i = 0; i < k; i++) r *= (c - i) / (n - i)
  return r
}

// ---- power and planning ------------------------------------------------------------------------------

export interface RatePowerInput {
  /** Success rate of the base configuration. */
  base: number
  /** Success rate of the head configuration (a drop: head < base). */
  head: number
  /** Trials per side. */
  n: number
  /** Level each test is held to: α, or α / m for the first step of Holm over m tests. */
  level: number
  /** The verdict also needs the observed drop to exceed this many points (0..100). */
  minDropPoints?: number
  test?: RateTest
}

/**
 * Exact probability that the rate test flags the drop: Σ over all outcomes (x1, x2) of their binomial
 * probabilities where the two-sided p ≤ level, the head is worse, and the drop exceeds the point threshold.
 */
export function ratePower(o: RatePowerInput): number {
  const { n, base, head, level } = o
  const minDrop = (o.minDropPoints ?? 0) / 100
  const rejects = rejectionRegion(n, level, o.test ?? 'barnard')
  const pb = binomPmf(n, base), ph = binomPmf(n, head)
  let power = 0
  for (let x1 = 0; x1 <= n; x1++) for (let x2 = 0; x2 < x1; x2++) {
    if ((x1 - x2) / n > minDrop && rejects(x1, x2)) power += pb[x1]! * ph[x2]!
  }
  return power
}

function binomPmf(n: number, p: number): Float64Array {
  const out = new Float64Array(n + 1)
  for (let x = 0; x <= n; x++) {
    out[x] = p <= 0 ? (x === 0 ? 1 : 0) : p >= 1 ? (x === n ? 1 : 0) : Math.exp(logChoose(n, x) + x * Math.log(p) + (n - x) * Math.log1p(-p))
  }
  return out
}

/**
 * The tables the test rejects at `level`, n trials per side. Barnard's p is monotone in |T| (a larger |T|
 * has a smaller tail set), so the region is {|T| ≥ t*}: t* is found by bisection over the distinct |T| values.
 */
function rejectionRegion(n: number, level: number, test: RateTest): (x1: number, x2: number) => boolean {
  if (test === 'fisher') return (x1, x2) => fisherExact(x1, n, x2, n) <= level
  const ts = new Set<number>()
  for (let x1 = 0; x1 <= n; x1++) for (let x2 = 0; x2 <= n; x2++) ts.add(Math.abs(scoreStatistic(x1, n, x2, n)))
  const sorted = [...ts].filter(t => t > 0).sort((a, b) => a - b)
  const pAt = (t: number) => maxOverNuisance(regionBySlice(n, n, (a, b) => Math.abs(scoreStatistic(a, n, b, n)) >= t * (1 - REL_TIE)))
  let lo = 0, hi = sorted.length // first index whose p ≤ level
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (pAt(sorted[mid]!) <= level) hi = mid
    else lo = mid + 1
  }
  const tStar = lo < sorted.length ? sorted[lo]! : Infinity
  return (x1, x2) => Math.abs(scoreStatistic(x1, n, x2, n)) >= tStar * (1 - REL_TIE)
}

export interface PlanInput {
  /** The success rate expected of the base configuration. */
  rate: number
  /** The drop to detect, as a fraction (0.1 = ten points). */
  detect: number
  /** Family-wise α (default 0.05). */
  alpha?: number
  /** Power wanted (default 0.8). */
  power?: number
  /** Tests corrected together (cells × gated metrics); Holm's first step holds each at α / family. */
  family?: number
  minDropPoints?: number
  test?: RateTest
  /** Give up beyond this many trials per cell (default 2000). */
  maxTrials?: number
}

export interface Plan { trialsPerCell: number | null; power: number; level: number }

/**
 * Trials per cell so that a drop of `detect` from `rate` is flagged with the wanted power, at the level Holm
 * gives the most significant of `family` tests (α / family: the planning figure for one real drop among
 * unchanged cells). Exact tests are saw-toothed in n; this returns the smallest n that reaches the power.
 */
export function planTrials(o: PlanInput): Plan {
  const alpha = o.alpha ?? 0.05, want = o.power ?? 0.8, level = alpha / Math.max(1, o.family ?? 1)
  const head = o.rate - o.detect
  if (!(o.rate > 0 && o.rate <= 1 && o.detect > 0 && head >= 0)) throw new RangeError(`planTrials: need 0 < rate ≤ 1 and 0 < detect ≤ rate, got rate=${o.rate}, detect=${o.detect}`)
  const at = (n: number) => ratePower({ base: o.rate, head, n, level, ...(o.minDropPoints !== undefined ? { minDropPoints: o.minDropPoints } : {}), ...(o.test ? { test: o.test } : {}) })
  const max = o.maxTrials ?? 2000
  // Double until the power is reached, then bisect; a final linear walk down catches the saw-tooth.
  let hi = 2
  while (hi <= max && at(hi) < want) hi *= 2
  if (hi > max) { hi = max; if (at(hi) < want) return { trialsPerCell: null, power: at(hi), level } }
  let lo = Math.max(1, hi >> 1)
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (at(mid) >= want) hi = mid
    else lo = mid + 1
  }
  let n = hi
  while (n > 1 && at(n - 1) >= want) n--
  return { trialsPerCell: n, power: at(n), level }
}
