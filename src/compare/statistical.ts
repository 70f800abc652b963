// Statistical comparison of one sampled figure (latency, sampled memory, timing metrics). The unit of analysis
// is the process run when both sides have ≥ 2 of them: iteration samples within one process share JIT state,
// memory layout and machine load, so they are not independent and cannot stand in for repeated runs.
import type { Better } from '../schema/baseline.ts'
import type { Rng } from '../random/index.ts'
import { bootstrapRatioCi, hodgesLehmann, mannWhitney, median, mean, minimalDetectableEffect, relSeOfMedian, robustSd, sd } from './stats/index.ts'
import type { ComparisonRow } from './types.ts'

/** One process run's figures: its samples (ascending) or, without samples, its central value alone. */
export interface RoundData {
  samples: number[]
  median: number
  mean: number
}

export interface StatContext {
  better: Better
  threshold: number
  singleRunThreshold: number
  alpha: number
  minSamples: number
  warnSamples: number
  resamples: number
  rng: Rng
}

/** The row's statistical fields before the suite-wide correction turns `p` into a verdict. */
export type StatOutcome = Pick<ComparisonRow, 'base' | 'head' | 'changePct' | 'ciPct' | 'ciMeanPct' | 'hlShiftPct' | 'mdePct' | 'threshold' | 'note' | 'n' | 'method' | 'p' | 'delta'> & {
  /** Direction-free decision input: the median-ratio interval as fractions (head/base − 1). */
  ci?: [number, number]
  lowPower: boolean
  singleRun: boolean
  /** Relative standard errors of both centres, for the minimal detectable effect once the family size is known. */
  relSe?: { base: number; head: number }
}

export function compareSampled(base: RoundData[], head: RoundData[], c: StatContext): StatOutcome {
  const byRounds = base.length >= 2 && head.length >= 2
  const singleRun = !byRounds
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
  const unit = byRounds ? 'rounds' : 'samples'
  const notes: string[] = []
  if (singleRun) notes.push(`${base.length === 1 && head.length === 1 ? 'one process run per side' : 'one side has a single process run'}: variation between processes not measured, so samples of one run stand in and the threshold is raised to ${fmtPct(threshold)}`)
  const n = Math.min(xb.length, xh.length)
  if (n < c.minSamples) {
    notes.push(`n too small: ${xb.length} vs ${xh.length} ${unit}; no verdict below ${c.minSamples} per side`)
    out.note = notes.join('; ')
    return out
  }
  if (n < c.warnSamples) { out.lowPower = true; notes.push(`only ${n} ${unit} per side (< ${c.warnSamples}): low power`) }

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
