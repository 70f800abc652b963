// Rates with their counts (the success rate of repeated agent trials): an exact test on the two proportions,
// whose p joins the suite-wide correction like every other tested row. "Regressed" needs the corrected p ≤ α
// and an observed drop beyond the quality policy's maxDropPoints (percentage points).
import type { Metric } from '../schema/baseline.ts'
import { barnardExact, wilson } from './stats/index.ts'
import type { StatOutcome } from './statistical.ts'
import type { Verdict } from './types.ts'

/** Counts summed over rounds: trials of several process runs are independent trials of the same rate. */
export function totalCounts(m: Metric): { successes: number; trials: number } | undefined {
  if (!m.rounds.every(r => r.counts)) return undefined
  return m.rounds.reduce((t, r) => ({ successes: t.successes + r.counts!.successes, trials: t.trials + r.counts!.trials }), { successes: 0, trials: 0 })
}

export interface RateOutcome extends StatOutcome {
  /** Decides the verdict once the corrected p is known. */
  decide(pAdjusted: number | undefined, alpha: number): Verdict
  /** Smallest p the test can give at these trial counts (all successes against none). */
  minP: number
}

/** Compares two rates by Barnard's exact test (see stats/proportion.ts for why Barnard's and not Fisher's). */
export function compareRate(base: { successes: number; trials: number }, head: { successes: number; trials: number }, better: 'lower' | 'higher', maxDropPoints: number): RateOutcome {
  const rb = base.successes / base.trials, rh = head.successes / head.trials
  const points = (rh - rb) * 100
  const p = barnardExact(base.successes, base.trials, head.successes, head.trials)
  const [blo, bhi] = wilson(base.successes, base.trials), [hlo, hhi] = wilson(head.successes, head.trials)
  const note = `${head.successes}/${head.trials} vs ${base.successes}/${base.trials} (${points >= 0 ? '+' : ''}${+points.toFixed(2)} points, limit ${maxDropPoints}); Barnard exact p = ${p.toPrecision(3)}; 95% Wilson: base ${fmt(blo)}–${fmt(bhi)}, head ${fmt(hlo)}–${fmt(hhi)}`
  return {
    base: rb, head: rh, changePct: rb !== 0 ? (rh / rb - 1) * 100 : null, delta: rh - rb, p,
    n: { base: base.trials, head: head.trials }, method: 'points', note, lowPower: false, singleRun: false,
    minP: barnardExact(base.trials, base.trials, 0, head.trials),
    decide(pAdjusted, alpha) {
      if (pAdjusted === undefined || pAdjusted > alpha) return 'unchanged'
      const worse = better === 'higher' ? -points : points
      return worse > maxDropPoints ? 'regressed' : -worse > maxDropPoints ? 'improved' : 'unchanged'
    },
  }
}

function fmt(x: number): string {
  return `${+(x * 100).toFixed(1)}%`
}
