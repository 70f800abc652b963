// Stand-in agents for scenarios with a ground truth: each agent knows the truth with its own accuracy,
// otherwise it picks a wrong option. Users plug real agents (LLM calls) into the same Agent interface.
import { z } from 'zod'
import type { Rng } from '../random/index.ts'
import type { Agent, AgentFactory } from './sim/types.ts'

export const OracleOptionsSchema = z.strictObject({
  options: z.array(z.string().min(1)).min(2),
  /** Per-agent probability of proposing the truth; a single number applies to all. */
  accuracy: z.union([z.number().min(0).max(1), z.array(z.number().min(0).max(1)).min(1)]),
  /** Seed of the ground truth per slot (independent of the simulation seed). */
  truthSeed: z.number().int().default(1),
  /** Judge: reject values outside `options` (a Byzantine fabrication), accept the rest. */
  strictJudge: z.boolean().default(true),
})
export type OracleOptions = z.input<typeof OracleOptionsSchema>

/** The ground truth of slot `slot`: a deterministic pick from `options`. */
export function groundTruth(options: readonly string[], truthSeed: number, slot: number): string {
  let h = Math.imul(truthSeed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(slot + 1, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ (h >>> 12)
  return options[(h >>> 0) % options.length]!
}

export function oracleAgents(input: OracleOptions): AgentFactory & { truth(slot: number): string; accuracyOf(node: number): number } {
  const o = OracleOptionsSchema.parse(input)
  const accuracyOf = (node: number): number => typeof o.accuracy === 'number' ? o.accuracy : o.accuracy[node % o.accuracy.length]!
  const truth = (slot: number): string => groundTruth(o.options, o.truthSeed, slot)
  const factory = (node: number, rng: Rng): Agent => ({
    propose({ slot }) {
      const t = truth(slot)
      const acc = accuracyOf(node)
      if (rng.next() < acc) return { value: t, confidence: acc }
      const wrong = o.options.filter(x => x !== t)
      return { value: wrong[rng.int(wrong.length)]!, confidence: acc }
    },
    judge({ value }) { return !o.strictJudge || o.options.includes(value) },
  })
  return Object.assign(factory, { truth, accuracyOf })
}

/** Fraction of `slots` whose decision (by the first honest node that decided) equals the truth. */
export function decisionQuality(decisions: (string | undefined)[][], honest: boolean[], slots: number, truth: (slot: number) => string): number {
  let right = 0
  for (let s = 0; s < slots; s++) {
    const node = decisions.findIndex((d, i) => honest[i] && d[s] !== undefined)
    if (node >= 0 && decisions[node]![s] === truth(s)) right++
  }
  return right / slots
}
