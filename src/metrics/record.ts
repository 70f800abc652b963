// Metrics travel from the bench file to the reporter as test artifacts: unlike task meta, an artifact
// reaches the reporter before the benchmark it belongs to (see shared/docs/vitest5-bench.md, section 3).
// Vitest is imported only when a metric is recorded (inside a Vitest worker, where it is loaded anyway), so
// that the reporter, the CLI and `swarmbench/memory` & co. can use this module without loading Vitest.
import type { RunnerTestCase } from 'vitest'
import { z } from 'zod'
import { BetterSchema, CountsSchema, MetricKindSchema, ProvenanceKindSchema, ProvenanceSchema, type Better, type MetricKind, type Provenance } from '../schema/baseline.ts'
import { parseOption } from '../errors/index.ts'
import { median } from '../compare/stats/describe.ts'
import { toProvenance } from './provenance.ts'

export const METRIC_ARTIFACT = 'swarmbench:metric'

export const MetricOptionsSchema = z.strictObject({
  unit: z.string().default(''),
  better: BetterSchema,
  kind: MetricKindSchema.default('deterministic'),
  /**
   * Name of the bench task this figure belongs to; defaults to the benchmark that ran last in the test. `false`
   * records it on the test itself, belonging to no benchmark (a leak run or a persistence check is not one).
   */
  bench: z.union([z.string(), z.literal(false)]).optional(),
  /**
   * An entry of its own under the test (`<project> › <file> › <test> › <entry>`), for figures that no benchmark
   * of the test measured: one per cell of a swarm matrix. Excludes `bench`.
   */
  entry: z.string().min(1).optional(),
  /**
   * Where the figure comes from: a kind ('simulated'…) or { kind, how }. Absent means measured here. Anything
   * else is shown beside the figure in every output, so say how it was made (the simulator and seed…).
   */
  provenance: z.union([ProvenanceKindSchema, ProvenanceSchema]).optional(),
  /** Noise threshold for this metric as a fraction (0.02 = 2%), overriding the policy. */
  threshold: z.number().nonnegative().optional(),
  /** For a rate: the successes and trials behind it. The value must equal successes / trials; the diff then judges it by an exact test. */
  counts: CountsSchema.optional(),
})
export type MetricOptions = z.input<typeof MetricOptionsSchema>

export interface MetricArtifactPayload {
  name: string
  value: number
  samples?: number[]
  unit: string
  better: Better
  kind: MetricKind
  /** A bench name, or false for a test-level figure. */
  bench?: string | false
  entry?: string
  provenance?: Provenance
  threshold?: number
  counts?: { successes: number; trials: number }
  /** How many benchmark runs of this test had finished when the metric was recorded. */
  afterRuns: number
}

declare module 'vitest' {
  interface TestArtifactRegistry {
    'swarmbench:metric': { type: 'swarmbench:metric'; metric: MetricArtifactPayload }
  }
}

/** Validates a metric and returns the payload the reporter receives. Pure, so it is shared and tested alone. */
export function toMetricPayload(name: string, value: number | readonly number[], options: MetricOptions, afterRuns: number): MetricArtifactPayload {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('metric(name, …): name must be a non-empty string')
  const o = parseOption(MetricOptionsSchema, options, `metric('${name}')`)
  if (o.bench !== undefined && o.entry !== undefined) throw new TypeError(`metric('${name}'): pass bench or entry, not both`)
  const samples = typeof value === 'number' ? undefined : [...value]
  if (samples && samples.length === 0) throw new TypeError(`metric('${name}'): sample array is empty`)
  const all = samples ?? [value as number]
  if (!all.every(Number.isFinite)) throw new TypeError(`metric('${name}'): value must be a finite number, got ${all.find(v => !Number.isFinite(v))}`)
  const central = samples ? median(samples) : (value as number)
  if (o.counts && Math.abs(central - o.counts.successes / o.counts.trials) > 1e-12) throw new TypeError(`metric('${name}'): value ${central} is not counts.successes / counts.trials = ${o.counts.successes}/${o.counts.trials}`)
  return {
    name, value: central, ...(samples ? { samples } : {}), unit: o.unit, better: o.better, kind: o.kind,
    ...(o.bench !== undefined ? { bench: o.bench } : {}),
    ...(o.entry !== undefined ? { entry: o.entry } : {}),
    ...(o.provenance !== undefined ? { provenance: toProvenance(o.provenance)! } : {}),
    ...(o.threshold !== undefined ? { threshold: o.threshold } : {}),
    ...(o.counts ? { counts: o.counts } : {}),
    afterRuns,
  }
}


let vitest: Promise<typeof import('vitest')> | undefined

/**
 * Attach a figure to the current benchmark of `task`. A value array is treated as samples
 * (compared statistically); a single number is compared under its kind's policy.
 */
export async function recordMetric(task: RunnerTestCase, name: string, value: number | readonly number[], options: MetricOptions): Promise<MetricArtifactPayload> {
  const metric = toMetricPayload(name, value, options, task.benchmarks?.length ?? 0)
  const { recordArtifact } = await (vitest ??= import('vitest'))
  await recordArtifact(task, { type: METRIC_ARTIFACT, metric })
  return metric
}
