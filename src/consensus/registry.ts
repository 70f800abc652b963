// Mechanisms by name, with their fault model and bound: what the CLI, the safety script and benches share.
import { z } from 'zod'
import { majorityVoting, weightedVoting } from './mechanisms/voting.ts'
import { pbft, pbftFaultBound } from './mechanisms/pbft.ts'
import { raft } from './mechanisms/raft.ts'
import { paxos } from './mechanisms/paxos.ts'
import type { FaultModel } from './faults.ts'
import type { Msg, Protocol } from './sim/types.ts'

export const MechanismSchema = z.enum(['majority', 'weighted', 'pbft', 'raft', 'paxos', 'multi-paxos'])
export type Mechanism = z.output<typeof MechanismSchema>
export const MECHANISMS = MechanismSchema.options

export interface MechanismInfo {
  create(): Protocol<Msg>
  model: FaultModel
  /** Faulty nodes tolerated out of n. */
  bound(n: number): number
  /** Nodes that must stay correct within the bound. */
  protect: number[]
}

const crashBound = (n: number): number => Math.floor((n - 1) / 2)

export const MECHANISM_INFO: Record<Mechanism, MechanismInfo> = {
  majority: { create: () => majorityVoting() as Protocol<Msg>, model: 'crash', bound: crashBound, protect: [0] },
  weighted: { create: () => weightedVoting() as Protocol<Msg>, model: 'crash', bound: crashBound, protect: [0] },
  pbft: { create: () => pbft() as Protocol<Msg>, model: 'byzantine', bound: pbftFaultBound, protect: [] },
  raft: { create: () => raft() as Protocol<Msg>, model: 'crash', bound: crashBound, protect: [] },
  paxos: { create: () => paxos({ leaderOptimisation: false }) as Protocol<Msg>, model: 'crash', bound: crashBound, protect: [] },
  'multi-paxos': { create: () => paxos({ leaderOptimisation: true }) as Protocol<Msg>, model: 'crash', bound: crashBound, protect: [] },
}

export function mechanismInfo(name: string): MechanismInfo {
  const r = MechanismSchema.safeParse(name)
  if (!r.success) throw new TypeError(`unknown consensus mechanism '${name}'; use one of: ${MECHANISMS.join(', ')}`)
  return MECHANISM_INFO[r.data]
}
