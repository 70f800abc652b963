// Statistical comparison of one sampled figure (latency, sampled memory, timing metrics). The unit of analysis
// is the process run when both sides have ≥ 2 of them: iteration samples within one process share JIT state,
// memory layout and machine load, so they are not independent and cannot stand in for repeated runs.
import type { Better } from '../schema/baseline.ts'
import type { Rng } from '../random/index.ts'
import { bootstrapRatioCi, hodgesLehmann, mannWhitney, median, mean, minimalDetectableEffect, moderate, relSeOfMedian, robustSd, sd, tQuantile, tTwoSidedP, type VariancePrior } from './stats/index.ts'
import type { ComparisonRow } from './types.ts'

/** One process run's figures: its samples (ascending) or, without samples, its central value alone. */
export interface RoundData {
  samples: number[]
  median: number
  mean: number
}

export interface StatContext {
  /**
   * The samples are independent trials (each its own agent run, not iterations sharing one process): they are
   * the units, pooled over rounds, with no single-run penalty.
   */
  independent?: boolean
  better: Better
  threshold: number
  singleRunThreshold: number
  alpha: number
  minSamples: number
  warnSamples: number
  resamples: number
  rng: Rng
  /** Describe only (centres, change, n): the caller judges the row another way (single-run timing). */
  describeOnly?: boolean
}

/** The row's statistical fields before the suite-wide correction turns `p` into a verdict. */
export type StatOutcome = Pick<ComparisonRow, 'base' | 'head' | 'changePct' | 'ciPct' | 'ciMeanPct' | 'hlShiftPct' | 'mdePct' | 'threshold' | 'note' | 'n' | 'method' | 'p' | 'delta'> & {
  /** Direction-free decision input: the median-ratio interval as fractions (head/base − 1). */
  ci?: [number, number]
  lowPower: boolean
  singleRun: boolean
  /** Relative standard errors of both centres, for the minimal detectable effect once the family size is known. */
  relSe?: { base: number; head: number }
  /** Per-round log summaries, when the row is judged by the moderated t once every row's variance is known. */
  logRounds?: LogRounds
  /** The moderated t's pieces once computed: log ratio of geometric means, its standard error, degrees of freedom. */
  moderated?: { d: number; se: number; df: number }
}

/** A rounds row on the log scale: difference of mean log round-medians, pooled within-side variance, its df. */
export interface LogRounds { d: number; s2: number; df: number; n1: number; n2: number }

function logRounds(xb: number[], xh: number[]): LogRounds {
  const lb = xb.map(Math.log), lh = xh.map(Math.log)
  const mb = mean(lb), mh = mean(lh)
  let ss = 0
  for (const v of lb) ss += (v - mb) ** 2
  for (const v of lh) ss += (v - mh) ** 2
  const df = lb.length + lh.length - 2
  return { d: mh - mb, s2: ss / df, df, n1: lb.length, n2: lh.length }
}

/**
 * The moderated t of a rounds row (see stats/moderated.ts): its variance moderated by the prior fitted over
 * all such rows (never below its own), then p and the interval of the ratio of geometric means at level 1 − alpha.
 */
export function finishModerated(o: StatOutcome, prior: VariancePrior | undefined, alpha: number): { df: number } {
  const lr = o.logRounds!
  const moderated = moderate(lr.s2, lr.df, prior)
  // Never shrink a row's variance below its own estimate: a row noisier than the suite keeps its own spread
  // (shrinking it towards quieter rows is where a misfitted prior gives false alarms in large families),
  // while a quiet row borrows the suite's degrees of freedom, which is where the power comes from.
  const s2 = Math.max(moderated.s2, lr.s2), df = moderated.df
  const se = Math.sqrt(s2 * (1 / lr.n1 + 1 / lr.n2))
  const t = se > 0 ? lr.d / se : lr.d === 0 ? 0 : Math.sign(lr.d) * Infinity
  o.p = tTwoSidedP(t, df)
  const half = se > 0 ? tQuantile(1 - alpha / 2, df) * se : 0
  o.ci = [Math.exp(lr.d - half) - 1, Math.exp(lr.d + half) - 1]
  o.ciPct = [o.ci[0] * 100, o.ci[1] * 100]
  o.relSe = { base: Math.sqrt(s2 / lr.n1), head: Math.sqrt(s2 / lr.n2) }
  o.moderated = { d: lr.d, se, df }
  return { df }
}

export function compareSampled(base: RoundData[], head: RoundData[], c: StatContext): StatOutcome {
  const byRounds = !c.independent && base.length >= 2 && head.length >= 2
  const singleRun = !byRounds && !c.independent
  // Pooled samples of a single run, or the per-round medians/means as the units.
  const xb = byRounds ? base.map(r => r.median) : base.flatMap(r => r.samples)
  const xh = byRounds ? head.map(r => r.median) : head.flatMap(r => r.samples)
  const mb = byRounds ? base.map(r => r.mean) : xb
  const mh = byRounds ? head.map(r => r.mean) : xh
  const threshold = singleRun ? Math.max(c.threshold, c.singleRunThreshold) : c.threshold
  const centreB = median(xb), centreH = median(xh)
  const out: StatOutcome = {
    base: centreB, head: centreH,
    changePct: centreB !== 0 ? (centreH / centreB - 1) * 100 : null,
    delta: centreH - centreB,
    threshold, n: { base: xb.length, head: xh.length },
    method: byRounds ? 'rounds' : 'samples', lowPower: false, singleRun,
  }
  const unit = byRounds ? 'rounds' : c.independent ? 'trials' : 'samples'
  const notes: string[] = []
  if (c.independent) notes.push(`per-trial samples, each an independent trial (rank test; threshold ${fmtPct(threshold)})`)
  if (singleRun) notes.push(`${base.length === 1 && head.length === 1 ? 'one process run per side' : 'one side has a single process run'}: variation between processes not measured, so samples of one run stand in and the threshold is raised to ${fmtPct(threshold)}`)
  const n = Math.min(xb.length, xh.length)
  // Rounds are judged by the moderated t, valid from 2 per side (more rounds, more power); samples of one run by
  // the rank test, which needs minSamples per side.
  const positive = byRounds && xb.every(v => v > 0) && xh.every(v => v > 0)
  if (!positive && n < c.minSamples) {
    notes.push(`n too small: ${xb.length} vs ${xh.length} ${unit}; no verdict below ${c.minSamples} per side`)
    out.note = notes.join('; ')
    return out
  }
  if (c.describeOnly) { if (notes.length) out.note = notes.join('; '); return out }
  if (n < c.warnSamples) { out.lowPower = true; notes.push(`only ${n} ${unit} per side (< ${c.warnSamples}): low power`) }

  // Rounds with positive figures: judged on the log scale by the moderated t once all rows are known.
  if (positive) {
    out.logRounds = logRounds(xb, xh)
    if (centreB !== 0) out.hlShiftPct = (hodgesLehmann(xb, xh) / centreB) * 100
    if (notes.length) out.note = notes.join('; ')
    return out
  }
  const mw = mannWhitney(xh, xb)
  out.p = mw.p
  const ci = bootstrapRatioCi(xb, xh, 'median', { resamples: c.resamples, alpha: c.alpha, rng: c.rng })
  // The mean's interval is shown, not decided on, and costs O(n) per replicate (the median's is O(1)): fewer replicates.
  const ciMean = bootstrapRatioCi(mb, mh, 'mean', { resamples: Math.min(c.resamples, MEAN_CI_RESAMPLES), alpha: c.alpha, rng: c.rng })
  out.ci = [ci[0] - 1, ci[1] - 1]
  out.ciPct = [(ci[0] - 1) * 100, (ci[1] - 1) * 100]
  out.ciMeanPct = [(ciMean[0] - 1) * 100, (ciMean[1] - 1) * 100]
  if (centreB !== 0) out.hlShiftPct = (hodgesLehmann(xb, xh) / centreB) * 100
  // Spread of the units: sd for a handful of round medians, the robust sd for many (outlier-prone) samples.
  const spread = (xs: number[]) => (byRounds ? sd(xs) : robustSd(xs))
  out.relSe = { base: relSeOfMedian(spread(xb), xb.length, centreB), head: relSeOfMedian(spread(xh), xh.length, centreB) }
  if (notes.length) out.note = notes.join('; ')
  return out
}

/** Smallest change (%) caught with 80% power at the level a family of `familySize` tests leaves each one. */
export function mdePct(o: StatOutcome, alpha: number, familySize: number): number | undefined {
  if (!o.relSe) return undefined
  const mde = minimalDetectableEffect({ relSeBase: o.relSe.base, relSeHead: o.relSe.head, threshold: o.threshold ?? 0, alpha: alpha / Math.max(1, familySize) })
  return Number.isFinite(mde) ? mde * 100 : undefined
}

/** Turns a corrected p-value and the interval into the verdict. */
export function decideSampled(o: StatOutcome, pAdjusted: number | undefined, alpha: number, better: Better): ComparisonRow['verdict'] {
  if (o.ci === undefined || pAdjusted === undefined) return 'inconclusive'
  if (pAdjusted > alpha) return 'unchanged'
  const t = o.threshold ?? 0
  const up = o.ci[0] > t, down = o.ci[1] < -t
  if (!up && !down) return 'unchanged'
  return up === (better === 'lower') ? 'regressed' : 'improved'
}

/** Replicates for the (informational) interval of the ratio of means. */
export const MEAN_CI_RESAMPLES = 250

function fmtPct(f: number): string {
  return `${+(f * 100).toFixed(2)}%`
}
