// Options of a simulation: network model and fault plan. Validated with zod so bad input names the field.
import { z } from 'zod'

export const LatencySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('constant'), ms: z.number().nonnegative() }),
  z.strictObject({ kind: z.literal('uniform'), min: z.number().nonnegative(), max: z.number().nonnegative() })
    .refine(l => l.max >= l.min, { message: 'uniform latency: max must be >= min' }),
  z.strictObject({ kind: z.literal('exponential'), mean: z.number().positive(), min: z.number().nonnegative().default(0) }),
  z.strictObject({ kind: z.literal('lognormal'), median: z.number().positive(), sigma: z.number().nonnegative() }),
])
export type Latency = z.output<typeof LatencySchema>

export const NetworkSchema = z.strictObject({
  latency: LatencySchema.default({ kind: 'uniform', min: 1, max: 10 }),
  /** Probability a message is dropped. */
  loss: z.number().min(0).max(1).default(0),
  /** Probability a message is delivered twice (the copy gets its own latency draw). */
  duplicate: z.number().min(0).max(1).default(0),
  /** With probability p a message is held back by up to maxDelay extra virtual ms, overtaking order. */
  reorder: z.strictObject({ p: z.number().min(0).max(1), maxDelay: z.number().nonnegative() }).default({ p: 0, maxDelay: 0 }),
})
export type NetworkInput = z.input<typeof NetworkSchema>

export const ByzantineModeSchema = z.enum(['silent', 'equivocate', 'wrong'])
export type ByzantineMode = z.output<typeof ByzantineModeSchema>

const nodeId = z.number().int().nonnegative()
export const FaultPlanSchema = z.strictObject({
  /** While active, messages between nodes in different groups are dropped (checked at delivery). */
  partitions: z.array(z.strictObject({
    at: z.number().nonnegative(),
    heal: z.number().nonnegative().optional(),
    groups: z.array(z.array(nodeId)).min(2),
  })).default([]),
  /** Crash-stop at `at`; with `restart` the node comes back with its persisted state. */
  crashes: z.array(z.strictObject({ node: nodeId, at: z.number().nonnegative(), restart: z.number().nonnegative().optional() })).default([]),
  byzantine: z.array(z.strictObject({ node: nodeId, mode: ByzantineModeSchema })).default([]),
  /** Beyond every bound: a restarted node loses its persisted state (a wiped disk). */
  amnesia: z.boolean().default(false),
})
export type FaultPlan = z.output<typeof FaultPlanSchema>
export type FaultPlanInput = z.input<typeof FaultPlanSchema>

export const SimOptionsSchema = z.strictObject({
  n: z.number().int().min(1).max(5000),
  seed: z.number().int(),
  /** Number of decisions (slots) every honest node must reach. */
  decisions: z.number().int().min(1).max(100_000).default(1),
  /** Virtual ms after which the run stops (liveness failure if undecided). */
  maxTime: z.number().positive().default(60_000),
  maxEvents: z.number().int().positive().default(20_000_000),
  network: NetworkSchema.default({ latency: { kind: 'uniform', min: 1, max: 10 }, loss: 0, duplicate: 0, reorder: { p: 0, maxDelay: 0 } }),
  faults: FaultPlanSchema.default({ partitions: [], crashes: [], byzantine: [], amnesia: false }),
  /** Count bytes as the JSON length of each message; turn off to measure raw simulator speed. */
  countBytes: z.boolean().default(true),
  /** Keep the full event list (for replay diffs); the trace hash is always computed. */
  keepTrace: z.boolean().default(false),
}).superRefine((o, ctx) => {
  const check = (node: number, path: (string | number)[]) => {
    if (node >= o.n) ctx.addIssue({ code: 'custom', path, message: `node ${node} does not exist (n = ${o.n}); use 0..${o.n - 1}` })
  }
  o.faults.crashes.forEach((c, i) => {
    check(c.node, ['faults', 'crashes', i, 'node'])
    if (c.restart !== undefined && c.restart < c.at) ctx.addIssue({ code: 'custom', path: ['faults', 'crashes', i, 'restart'], message: 'restart must be >= at' })
  })
  o.faults.byzantine.forEach((b, i) => check(b.node, ['faults', 'byzantine', i, 'node']))
  o.faults.partitions.forEach((p, i) => p.groups.forEach((g, j) => g.forEach((node, k) => check(node, ['faults', 'partitions', i, 'groups', j, k]))))
})
export type SimOptionsInput = z.input<typeof SimOptionsSchema>
export type SimOptions = z.output<typeof SimOptionsSchema>

/** Parse options, throwing one readable error naming the offending field. */
export function parseSimOptions(input: unknown): SimOptions {
  const r = SimOptionsSchema.safeParse(input)
  if (!r.success) {
    const msg = r.error.issues.map(i => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ')
    throw new TypeError(`consensus simulation options: ${msg}`)
  }
  return r.data
}
