// One seeded run of a mechanism under a random fault schedule: the unit the safety sweep, the replay CLI
// and the tests share. The same (mechanism, seed, spec) always gives the same trace hash.
import { z } from 'zod'
import { oracleAgents } from './agents.ts'
import { randomSchedule } from './faults.ts'
import { MechanismSchema, mechanismInfo } from './registry.ts'
import { simulate } from './sim/simulator.ts'
import type { SimResult } from './sim/types.ts'

export const ScenarioSchema = z.strictObject({
  mechanism: MechanismSchema,
  seed: z.number().int(),
  n: z.number().int().min(1).max(1000).default(4),
  decisions: z.number().int().min(1).default(3),
  /** 'none': clean network; 'within': random faults inside the bound; 'beyond': one more faulty node than the bound. */
  faults: z.enum(['none', 'within', 'beyond']).default('within'),
  maxTime: z.number().positive().default(30_000),
  keepTrace: z.boolean().default(false),
})
export type ScenarioInput = z.input<typeof ScenarioSchema>

export async function runScenario(input: ScenarioInput): Promise<SimResult> {
  const r = ScenarioSchema.safeParse(input)
  if (!r.success) throw new TypeError(`consensus scenario: ${r.error.issues.map(i => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}`)
  const s = r.data
  const info = mechanismInfo(s.mechanism)
  const bound = info.bound(s.n)
  const schedule = s.faults === 'none'
    ? { network: {}, faults: {} }
    : randomSchedule(s.seed, { n: s.n, model: info.model, maxFaulty: s.faults === 'within' ? bound : Math.min(s.n, bound + 1), protect: s.faults === 'within' ? info.protect : [] })
  if (s.faults === 'beyond') {
    // Force faults past the bound: Byzantine liars (crashes alone cannot break these protocols' safety). One
    // liar already exceeds a crash-fault bound; a Byzantine-tolerant protocol needs bound + 1 of them.
    const f = schedule.faults as { byzantine?: { node: number; mode: 'silent' | 'equivocate' | 'wrong' }[]; crashes?: unknown[] }
    const liars = info.model === 'crash' ? 1 : Math.min(s.n, bound + 1)
    f.byzantine = Array.from({ length: liars }, (_, node) => ({ node, mode: 'equivocate' as const }))
    f.crashes = []
  }
  const agents = oracleAgents({ options: ['A', 'B', 'C'], accuracy: 0.8, truthSeed: s.seed, strictJudge: s.faults !== 'beyond' })
  return simulate(info.create(), agents, { n: s.n, seed: s.seed, decisions: s.decisions, maxTime: s.maxTime, keepTrace: s.keepTrace, ...schedule })
}
