// The baseline file format. Every field a report shows comes from here, so the schema is the contract
// between the reporter (writer), the history store, the diff and the CLI (readers).
import { z } from 'zod'

/**
 * 2: metrics and entries carry `provenance` ({ kind, how }); schema 1's free-text `estimate` on a metric is read
 * as provenance { kind: 'estimate', how } (upgradeBaseline). A reader that knows only 1 refuses a 2 rather
 * than show a simulated or authored figure as measured.
 */
export const BASELINE_SCHEMA_VERSION = 2

// Numbers are finite by construction (zod 4 refuses NaN and ±Infinity; JSON's 1e999 reads as Infinity).
// Durations, counts and spreads cannot be negative.
const nonNegative = z.number().nonnegative()

/** Summary statistics of one sample set, in the sample's own unit (ms for latency). */
export const StatsSchema = z.object({
  n: z.number().int().nonnegative().describe('number of samples the statistics were computed from'),
  mean: nonNegative,
  min: nonNegative,
  max: nonNegative,
  p50: nonNegative,
  p75: nonNegative,
  p99: nonNegative,
  sd: nonNegative,
  rme: nonNegative.describe('relative margin of error, % of the mean (95% confidence)'),
})
export type Stats = z.infer<typeof StatsSchema>

/** The most samples one round can keep: the largest sampleCap. */
export const MAX_STORED_SAMPLES = 1_000_000
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Raw samples, kept compactly: little-endian float64 in base64, sorted ascending as tinybench returns them.
 * The payload is decoded and checked here, so that a damaged or hand-edited one is refused when the file is
 * read (with the field named), not met later as a crash inside the statistics.
 */
export const SamplesSchema = z.object({
  encoding: z.literal('f64le-base64'),
  count: z.number().int().nonnegative().max(MAX_STORED_SAMPLES).describe('samples stored in data'),
  total: z.number().int().nonnegative().describe('samples measured; larger than count when capped'),
  data: z.string(),
}).superRefine((s, ctx) => {
  const problem = samplesProblem(s)
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message })
})

function samplesProblem(s: { count: number; total: number; data: string }): { field: string; message: string } | undefined {
  if (s.total < s.count) return { field: 'total', message: `total (${s.total}) is below count (${s.count}): samples kept cannot outnumber samples measured` }
  if (s.data.length % 4 !== 0 || !BASE64.test(s.data)) return { field: 'data', message: 'is not valid base64' }
  const bytes = Buffer.from(s.data, 'base64')
  if (bytes.length !== s.count * 8) return { field: 'data', message: `holds ${bytes.length} bytes but count says ${s.count} samples (${s.count * 8} bytes)` }
  let previous = 0
  for (let i = 0; i < s.count; i++) {
    const v = bytes.readDoubleLE(i * 8)
    if (!Number.isFinite(v)) return { field: 'data', message: `sample ${i} is ${v}, not a finite number` }
    if (v < 0) return { field: 'data', message: `sample ${i} is negative (${v}); a duration cannot be` }
    if (v < previous) return { field: 'data', message: `samples are not sorted ascending (sample ${i} is ${v}, after ${previous})` }
    previous = v
  }
  return undefined
}
export type EncodedSamples = z.infer<typeof SamplesSchema>

export const BetterSchema = z.enum(['lower', 'higher'])
/**
 * How a metric's change is judged. 'difference': a difference or ratio of two measurements that sits near 0 and may
 * change sign (an overhead, a gain over a baseline): judged by its change in its own unit, never as a percent of
 * a value near 0 (0.227 → −0.063 is −0.29, not "−128%"); like timing, not gated when environments differ nor
 * from one process per side (it gates from rounds).
 */
export const MetricKindSchema = z.enum(['timing', 'deterministic', 'quality', 'memory', 'info', 'difference'])
export type Better = z.infer<typeof BetterSchema>
export type MetricKind = z.infer<typeof MetricKindSchema>

/**
 * Where a figure comes from. Absent means 'measured': read off something that really ran here. Every other
 * kind is shown beside the figure in every output (terminal, Markdown, JSON, annotations, HTML).
 * - estimate: computed from a model of the thing, not observed (e.g. tokens counted offline for a model without a tokenizer)
 * - simulated: produced by a seeded simulation (consensus over a simulated network)
 * - replayed: read back from a recording of a real run (a cassette with origin 'recorded')
 * - authored: written by hand (a cassette or fixture a person made up)
 * - stand-in: produced by a local stand-in for the real thing (a stand-in `claude`, a loopback API server)
 * - judged: a grade given by a model (an LLM judge), not by code
 */
export const ProvenanceKindSchema = z.enum(['measured', 'estimate', 'simulated', 'replayed', 'authored', 'stand-in', 'judged'])
export type ProvenanceKind = z.infer<typeof ProvenanceKindSchema>
export const ProvenanceSchema = z.strictObject({
  kind: ProvenanceKindSchema,
  how: z.string().min(1).optional().describe('how the figure was made: the simulator and seed, the cassette, the price table and its date…'),
})
export type Provenance = z.infer<typeof ProvenanceSchema>

/** A rate's raw counts: value = successes / trials. With counts the diff judges the rate by an exact test. */
export const CountsSchema = z.strictObject({
  successes: z.number().int().nonnegative(),
  trials: z.number().int().positive(),
}).refine(c => c.successes <= c.trials, { message: 'successes must not exceed trials' })
export type Counts = z.infer<typeof CountsSchema>

/** One metric's value in one round (one process run); samples when the figure was sampled. */
export const MetricValueSchema = z.object({
  value: z.number(),
  samples: z.array(z.number()).optional(),
  counts: CountsSchema.optional().describe('for a rate: the successes and trials it was computed from (judged by an exact test)'),
})

export const MetricSchema = z.object({
  unit: z.string(),
  better: BetterSchema,
  kind: MetricKindSchema,
  provenance: ProvenanceSchema.optional().describe("absent means 'measured'"),
  rounds: z.array(MetricValueSchema).min(1),
})
export type Metric = z.infer<typeof MetricSchema>

/** One process run of a benchmark. A baseline made with --rounds N holds N of these per entry. */
export const RoundSchema = z.object({
  latency: StatsSchema.describe('milliseconds per iteration'),
  throughputMean: nonNegative.describe('operations per second, mean'),
  samples: SamplesSchema.optional().describe('latency samples in ms, when retained'),
})
export type Round = z.infer<typeof RoundSchema>

export const EntrySchema = z.object({
  id: z.string().describe('stable key: project › file › test › group › bench'),
  project: z.string(),
  file: z.string(),
  test: z.string(),
  group: z.string().optional(),
  bench: z.string().optional().describe('absent for a test-level entry that holds only metrics'),
  rounds: z.array(RoundSchema).describe('timing, one per process run; empty for metric-only entries'),
  metrics: z.record(z.string(), MetricSchema),
  thresholds: z.record(z.string(), nonNegative).optional().describe('per-metric noise threshold overrides (fraction)'),
  provenance: ProvenanceSchema.optional().describe("of the entry's own timing; absent means 'measured'"),
})
export type Entry = z.infer<typeof EntrySchema>

export const RunMetaSchema = z.object({
  createdAt: z.string().describe('ISO 8601'),
  rounds: z.number().int().positive(),
  git: z.object({
    sha: z.string().nullable(),
    branch: z.string().nullable(),
    dirty: z.boolean().nullable(),
  }),
  env: z.object({
    node: z.string(),
    v8: z.string(),
    os: z.string(),
    arch: z.string(),
    cpuModel: z.string(),
    cpuCount: z.number().int().nonnegative(),
    vitest: z.string(),
    moduleRunner: z.boolean().describe('false when experimental.viteModuleRunner was off for benchmarks'),
    runner: z.string().optional().describe('what ran the benchmarks when not Vitest: "jest 30.2.0", "swarmbench ingest: go test -bench"'),
  }),
  wallTimeMs: nonNegative.optional().describe('wall time of the bench run, first test start to run end'),
  shard: z.object({
    index: z.number().int().positive(),
    count: z.number().int().positive(),
    options: z.string().describe('digest of the swarmbench options the shard ran with; every shard of one run has the same'),
  }).optional().describe('set on a partial run, one shard of `vitest bench --shard index/count`; `swarmbench merge` joins the shards into one run'),
})
export type RunMeta = z.infer<typeof RunMetaSchema>

export const BaselineSchema = z.object({
  schemaVersion: z.literal(BASELINE_SCHEMA_VERSION),
  run: RunMetaSchema,
  entries: z.record(z.string(), EntrySchema),
})
export type Baseline = z.infer<typeof BaselineSchema>

/**
 * Brings a parsed JSON baseline of an older schema up to the current one; anything else passes through
 * untouched (the schema then judges it). Schema 1 → 2: `estimate: how` on a metric becomes
 * `provenance: { kind: 'estimate', how }`.
 */
export function upgradeBaseline(raw: unknown): unknown {
  if (!isRecord(raw) || raw['schemaVersion'] !== 1) return raw
  const entries = isRecord(raw['entries']) ? raw['entries'] : {}
  const upgraded: Record<string, unknown> = {}
  for (const [id, e] of Object.entries(entries)) {
    if (!isRecord(e) || !isRecord(e['metrics'])) { upgraded[id] = e; continue }
    const metrics = Object.fromEntries(Object.entries(e['metrics']).map(([name, m]) => [name, upgradeMetricV1(m)]))
    upgraded[id] = { ...e, metrics }
  }
  return { ...raw, schemaVersion: BASELINE_SCHEMA_VERSION, entries: upgraded }
}

/** A schema-1 metric's free-text `estimate` as provenance; shared by the baseline reader and the history. */
export function upgradeMetricV1(m: unknown): unknown {
  if (!isRecord(m) || m['estimate'] === undefined) return m
  const { estimate, ...rest } = m
  return typeof estimate === 'string' && estimate !== '' && rest['provenance'] === undefined
    ? { ...rest, provenance: { kind: 'estimate', how: estimate } } : rest
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

export function baselineJsonSchema(): unknown {
  return z.toJSONSchema(BaselineSchema, { target: 'draft-2020-12' })
}
