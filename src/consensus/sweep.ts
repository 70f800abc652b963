// Safety sweep: many seeded fault schedules per mechanism. Cluster size and decision count vary with the
// seed, so the sweep covers small and mid-sized clusters. Used by `npm test` (a few hundred seeds) and
// scripts/consensus-safety.ts (the full 10,000).
import type { Mechanism } from './registry.ts'
import { runScenario } from './scenario.ts'

export interface SweepOptions {
  mechanism: Mechanism
  seeds: number
  firstSeed?: number
  faults?: 'within' | 'beyond' | 'none'
}

export interface SweepReport {
  mechanism: Mechanism
  faults: 'within' | 'beyond' | 'none'
  runs: number
  unsafe: number
  /** Seeds with a violation, with the first message, for replay. */
  failures: { seed: number; n: number; violation: string; traceHash: string }[]
  withinBound: number
  live: number
  messages: number
  wallMs: number
}

/** Cluster size for a seed: 3..7 for crash-tolerant mechanisms, 4 or 7 (f = 1, 2) for PBFT. */
export function sweepSize(mechanism: Mechanism, seed: number, faults: string): number {
  if (mechanism === 'pbft') return seed % 3 === 0 ? 7 : 4
  // Past the bound, voting needs two honest listeners besides the lying coordinator to show disagreement.
  return faults === 'beyond' ? 5 : 3 + (seed % 5)
}

export async function safetySweep(o: SweepOptions): Promise<SweepReport> {
  const faults = o.faults ?? 'within'
  const first = o.firstSeed ?? 1
  const rep: SweepReport = { mechanism: o.mechanism, faults, runs: 0, unsafe: 0, failures: [], withinBound: 0, live: 0, messages: 0, wallMs: 0 }
  const t0 = performance.now()
  for (let seed = first; seed < first + o.seeds; seed++) {
    const n = sweepSize(o.mechanism, seed, faults)
    const r = await runScenario({ mechanism: o.mechanism, seed, n, decisions: 1 + (seed % 3), faults, ...(faults === 'beyond' ? { maxTime: 5000 } : {}) })
    rep.runs++
    rep.messages += r.messages
    if (r.liveness.withinBound) { rep.withinBound++; if (r.liveness.live) rep.live++ }
    if (!r.safety.ok) {
      rep.unsafe++
      if (rep.failures.length < 20) rep.failures.push({ seed, n, violation: r.safety.violations[0]!, traceHash: r.traceHash })
    }
  }
  rep.wallMs = performance.now() - t0
  return rep
}
