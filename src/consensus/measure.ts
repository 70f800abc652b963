// Aggregate figures of a mechanism over seeded runs: what the hive-mind benches record as metrics.
import { decisionQuality, oracleAgents } from './agents.ts'
import { randomSchedule } from './faults.ts'
import { mechanismInfo, type Mechanism } from './registry.ts'
import { simulate } from './sim/simulator.ts'
import type { NetworkInput } from './sim/schema.ts'
import type { SimResult } from './sim/types.ts'
import type { Provenance } from '../schema/baseline.ts'
import { mean } from '../compare/stats/describe.ts'

export interface MeasureOptions {
  n: number
  decisions: number
  seeds: number
  firstSeed?: number
  /** Random faults within the mechanism's bound (as in the safety sweep). */
  faults?: boolean
  network?: NetworkInput
  /** Per-agent accuracy (probability of proposing the ground truth). */
  accuracy?: number | number[]
}

export interface Measurement {
  mechanism: Mechanism
  n: number
  runs: number
  /** Fraction of wanted decisions reached by every honest running node. */
  decidedFraction: number
  /** Mean virtual ms from start to the last honest decision, per decision. */
  virtualMsPerDecision: number
  messagesPerDecision: number
  bytesPerDecision: number
  leaderElections: number
  rounds: number
  /**
   * Mean over runs of the fraction of honest deciders agreeing with the most common honest decision, per slot
   * decided; null when no run decided anything (there is no agreement to measure, which is not 0 agreement).
   */
  honestAgreement: number | null
  /** Runs in which no honest node decided any slot: left out of honestAgreement, counted here. */
  undecidedRuns: number
  /** Fraction of slots decided equal to the ground truth. */
  quality: number
  safetyViolations: number
  wallMsPerRun: number
  /** Every figure above but the wall time comes from the seeded simulation: what it simulated. */
  provenance: Provenance
}

/** Per-slot honest agreement averaged over the slots anyone honest decided; null when none was decided. */
export function honestAgreement(r: SimResult): number | null {
  let sum = 0, slots = 0
  for (let s = 0; s < r.target; s++) {
    const counts = new Map<string, number>()
    let total = 0
    r.decisions.forEach((d, i) => { const v = d[s]; if (r.honest[i] && v !== undefined) { counts.set(v, (counts.get(v) ?? 0) + 1); total++ } })
    if (total === 0) continue
    sum += Math.max(...counts.values()) / total
    slots++
  }
  return slots === 0 ? null : sum / slots
}

export async function measureMechanism(mechanism: Mechanism, o: MeasureOptions): Promise<Measurement> {
  const info = mechanismInfo(mechanism)
  const acc = { decided: 0, vt: 0, msgs: 0, bytes: 0, leaders: 0, rounds: 0, agree: 0, agreeRuns: 0, quality: 0, unsafe: 0, wall: 0 }
  const first = o.firstSeed ?? 1
  for (let seed = first; seed < first + o.seeds; seed++) {
    const agents = oracleAgents({ options: ['A', 'B', 'C', 'D'], accuracy: o.accuracy ?? 0.7, truthSeed: seed })
    const sched = o.faults ? randomSchedule(seed, { n: o.n, model: info.model, maxFaulty: info.bound(o.n), protect: info.protect }) : { network: o.network ?? {}, faults: {} }
    const r = await simulate(info.create(), agents, { n: o.n, seed, decisions: o.decisions, maxTime: 60_000, network: sched.network, faults: sched.faults })
    let reached = 0
    for (let s = 0; s < o.decisions; s++) if (r.decisions.every((d, i) => !r.honest[i] || !r.up[i] || d[s] !== undefined)) reached++
    acc.decided += reached / o.decisions
    acc.vt += (Number.isNaN(r.decidedAt) ? r.virtualTime : r.decidedAt) / o.decisions
    acc.msgs += r.messages / o.decisions
    acc.bytes += r.bytes / o.decisions
    acc.leaders += r.leaderElections
    acc.rounds += r.rounds
    const agreement = honestAgreement(r)
    if (agreement !== null) { acc.agree += agreement; acc.agreeRuns++ }
    acc.quality += decisionQuality(r.decisions, r.honest, o.decisions, agents.truth)
    acc.unsafe += r.safety.ok ? 0 : 1
    acc.wall += r.wallMs
  }
  const k = o.seeds
  return {
    mechanism, n: o.n, runs: k, decidedFraction: acc.decided / k, virtualMsPerDecision: acc.vt / k, messagesPerDecision: acc.msgs / k,
    bytesPerDecision: acc.bytes / k, leaderElections: acc.leaders / k, rounds: acc.rounds / k,
    honestAgreement: acc.agreeRuns ? acc.agree / acc.agreeRuns : null, undecidedRuns: k - acc.agreeRuns,
    quality: acc.quality / k, safetyViolations: acc.unsafe, wallMsPerRun: acc.wall / k,
    provenance: { kind: 'simulated', how: simulationLabel(mechanism, o, first) },
  }
}

/** What a measurement simulated, in a line: mechanism, size, seeds, decisions, network and faults. */
export function simulationLabel(mechanism: Mechanism, o: MeasureOptions, first = o.firstSeed ?? 1): string {
  const net = o.faults ? 'random faults within the bound (loss, duplication, reordering, partitions, crashes)'
    : o.network && Object.keys(o.network).length ? `network ${JSON.stringify(o.network)}` : 'clean network, uniform 1–10 ms per message'
  const acc = Array.isArray(o.accuracy) ? `accuracy [${o.accuracy.join(', ')}]` : `accuracy ${o.accuracy ?? 0.7}`
  return `${mechanism}, n = ${o.n}, seeds ${first}${o.seeds > 1 ? `–${first + o.seeds - 1}` : ''}, ${o.decisions} decisions, ${net}, oracle agents (${acc}), virtual time`
}

/** Least-squares slope of log(y) on log(x): the exponent b in y ≈ a·x^b. */
export function fitExponent(xs: readonly number[], ys: readonly number[]): { exponent: number; r2: number } {
  if (xs.length !== ys.length || xs.length < 2) throw new RangeError('fitExponent: need at least two (x, y) pairs of equal length')
  if ([...xs, ...ys].some(v => !(v > 0))) throw new RangeError('fitExponent: values must be positive')
  const lx = xs.map(Math.log), ly = ys.map(Math.log)
  const mx = mean(lx), my = mean(ly)
  let sxy = 0, sxx = 0, syy = 0
  for (let i = 0; i < lx.length; i++) { sxy += (lx[i]! - mx) * (ly[i]! - my); sxx += (lx[i]! - mx) ** 2; syy += (ly[i]! - my) ** 2 }
  const exponent = sxy / sxx
  return { exponent, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy) }
}
