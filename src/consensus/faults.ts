// Seeded random fault schedules, either inside a mechanism's tolerance or deliberately beyond it.
import { createRng } from '../random/index.ts'
import type { ByzantineMode, FaultPlanInput, NetworkInput } from './sim/schema.ts'

export type FaultModel = 'crash' | 'byzantine'

export interface ScheduleSpec {
  n: number
  /** 'crash': crash/restart faults only (Raft, Paxos, voting). 'byzantine': Byzantine plus crashes (PBFT). */
  model: FaultModel
  /** How many nodes may be faulty (crashed for good, or Byzantine). */
  maxFaulty: number
  /** Faults happen before this virtual ms; partitions heal by then. */
  horizon?: number
  /** Nodes that must stay correct (e.g. a voting coordinator). */
  protect?: readonly number[]
}

export interface Schedule { network: NetworkInput; faults: FaultPlanInput }

const MODES: ByzantineMode[] = ['silent', 'equivocate', 'wrong']

/** A random network model plus a fault plan with at most `maxFaulty` faulty nodes; same seed, same schedule. */
export function randomSchedule(seed: number, spec: ScheduleSpec): Schedule {
  const rng = createRng(seed ^ 0x5ced)
  const { n } = spec
  const horizon = spec.horizon ?? 400
  const protect = new Set(spec.protect ?? [])
  // Skewed towards the start, where protocols are busiest (first election, first slot).
  const early = (): number => horizon * rng.next() ** 2
  const latency = [
    { kind: 'uniform' as const, min: 1, max: 1 + rng.int(20) },
    { kind: 'exponential' as const, mean: 2 + rng.int(10), min: 0.5 },
    { kind: 'lognormal' as const, median: 3 + rng.int(5), sigma: 0.3 + rng.next() },
    { kind: 'constant' as const, ms: 1 + rng.int(8) },
  ][rng.int(4)]!
  const network: NetworkInput = {
    latency,
    loss: rng.next() < 0.5 ? 0 : rng.next() * 0.15,
    duplicate: rng.next() < 0.5 ? 0 : rng.next() * 0.1,
    reorder: rng.next() < 0.5 ? { p: 0, maxDelay: 0 } : { p: rng.next() * 0.3, maxDelay: 5 + rng.int(40) },
  }
  const candidates = rng.shuffle(Array.from({ length: n }, (_, i) => i).filter(i => !protect.has(i)))
  const faulty = candidates.slice(0, rng.int(spec.maxFaulty + 1))
  const faults: Required<Pick<FaultPlanInput, 'crashes' | 'byzantine' | 'partitions'>> = { crashes: [], byzantine: [], partitions: [] }
  for (const node of faulty) {
    if (spec.model === 'byzantine' && rng.next() < 0.7) faults.byzantine.push({ node, mode: MODES[rng.int(3)]! })
    else faults.crashes.push({ node, at: early() })
  }
  // Correct nodes may crash and restart (state persisted): never counted as faulty.
  if (spec.model === 'crash') {
    for (const node of candidates.slice(faulty.length)) {
      if (rng.next() < 0.3) { const at = early(); faults.crashes.push({ node, at, restart: at + 10 + rng.next() * 200 }) }
    }
  }
  const parts = rng.int(3)
  for (let p = 0; p < parts; p++) {
    const shuffled = rng.shuffle(Array.from({ length: n }, (_, i) => i))
    const cut = 1 + rng.int(Math.max(1, n - 1))
    const at = early()
    faults.partitions.push({ at, heal: at + 20 + rng.next() * 300, groups: [shuffled.slice(0, cut), shuffled.slice(cut)] })
  }
  return { network, faults }
}
