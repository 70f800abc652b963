// Options of the comparison engine. Embedded in the plugin options as `compare` and read by the gate, so the
// schema is the single place where defaults live.
import { z } from 'zod'
import type { MetricKind } from '../schema/baseline.ts'

// A noise threshold of 1 (100%) or more would hide even a 2× slowdown: it cannot be meant.
const fraction = z.number().min(0).lt(1)

export const DeterministicPolicySchema = z.strictObject({
  /** Relative tolerance (fraction of the base value). A change within relTol OR absTol is tolerated. */
  relTol: z.number().min(0).default(0),
  /** Absolute tolerance, in the metric's unit. */
  absTol: z.number().min(0).default(0),
})

export const QualityPolicySchema = z.strictObject({
  /** Largest tolerated drop, in points (percentage points for unit 'ratio' or '%', else the metric's unit). */
  maxDropPoints: z.number().min(0).default(1),
})

export const MemoryPolicySchema = z.strictObject({
  /** Noise threshold for sampled memory figures (fraction); defaults to the global threshold. */
  threshold: fraction.optional(),
  /** Relative tolerance for memory figures without samples (one value per round). */
  relTol: z.number().min(0).default(0.05),
})

export const DifferencePolicySchema = z.strictObject({
  /** Largest tolerated change of a 'difference' metric, in its own unit (0.05: five points of a ratio). */
  absTol: z.number().min(0).default(0.05),
})

const PoliciesSchema = z.strictObject({
  deterministic: DeterministicPolicySchema.default({ relTol: 0, absTol: 0 }),
  difference: DifferencePolicySchema.default({ absTol: 0.05 }),
  quality: QualityPolicySchema.default({ maxDropPoints: 1 }),
  memory: MemoryPolicySchema.default({ relTol: 0.05 }),
})

export const OverrideSchema = z.strictObject({
  /** Entry id, exactly, or a glob over it ('*' any run of characters, '?' one character). */
  match: z.string().min(1),
  /** Restrict the override to one metric ('latency' for the benchmark's own timing). */
  metric: z.string().optional(),
  threshold: fraction.optional(),
  deterministic: DeterministicPolicySchema.partial().optional(),
  quality: QualityPolicySchema.partial().optional(),
  memory: MemoryPolicySchema.partial().optional(),
  difference: DifferencePolicySchema.partial().optional(),
  /** false: show the row but never fail a gate on it. */
  gating: z.boolean().optional(),
})
export type Override = z.infer<typeof OverrideSchema>

export const CompareOptionsSchema = z.strictObject({
  /** Significance level of each verdict after the suite-wide correction. */
  alpha: z.number().gt(0).lt(1).default(0.05),
  /** 'holm' controls the family-wise error rate; 'bh' (Benjamini–Hochberg) the false discovery rate. */
  correction: z.enum(['holm', 'bh']).default('holm'),
  /** Noise threshold (fraction): a statistical change must lie wholly beyond it to count. */
  threshold: fraction.default(0.02),
  /**
   * Threshold used instead when a side has a single process run, so the variation between processes was not
   * measured. Back-to-back runs of identical code differed by up to ~11% on a quiet machine and by far more
   * on a loaded one, so a single run only fails a gate on a large change (a 2× slowdown still fails).
   */
  singleRunThreshold: fraction.default(0.25),
  /** No rank-test verdict below this many units per side (samples of a single run; rounds with figures ≤ 0). Rounds of positive figures are judged by the moderated t from 2 per side. */
  minSamples: z.number().int().min(1).default(4),
  /** Warn below this many units per side. */
  warnSamples: z.number().int().min(1).default(10),
  policies: PoliciesSchema.default({ deterministic: { relTol: 0, absTol: 0 }, difference: { absTol: 0.05 }, quality: { maxDropPoints: 1 }, memory: { relTol: 0.05 } }),
  /** Later overrides win over earlier ones. */
  overrides: z.array(OverrideSchema).default([]),
  bootstrap: z.strictObject({
    seed: z.number().int().default(20260101),
    resamples: z.number().int().min(100).max(100_000).default(2000),
  }).default({ seed: 20260101, resamples: 2000 }),
  /**
   * Timing from one process per side is judged against the history's earlier single-process runs of the same
   * benchmark (same environment, same branch when known) once it holds `minRuns` of them; without them such
   * timing is shown but not gated (the variation between processes is unknown).
   */
  history: z.strictObject({
    /** Earlier runs needed before a single run's timing can gate. */
    minRuns: z.number().int().min(3).default(10),
    /** Most recent runs used (older ones may describe another machine state). */
    maxRuns: z.number().int().min(3).default(30),
    /** Level of each row's prediction test, before the family correction. */
    alpha: z.number().gt(0).lt(1).default(0.01),
    /**
     * The per-run summary compared: each run's minimum latency (default), or its median. Load on a shared
     * machine only ever adds time, so a run's minimum moves least from process to process: on the 2-core CI
     * machine the quick start's between-run sd(log) was 0.18 on the minimum against 0.35 on the median, and a 2×
     * slowdown was caught in 12 of 12 real trials on the minimum against 4 of 12 on the median
     * (notes/issue-14-verdicts.md).
     */
    summary: z.enum(['median', 'min']).default('min'),
    /** Smallest between-run sd assumed (natural log units, 0.005 ≈ 0.5%): timers have a resolution. */
    sdFloor: z.number().min(0).default(0.005),
  }).default({ minRuns: 10, maxRuns: 30, alpha: 0.01, summary: 'min', sdFloor: 0.005 }),
  /** Gate on timing even when the two environments differ (off by default: such timings are not comparable). */
  gateTimingOnEnvMismatch: z.boolean().default(false),
})
export type CompareOptions = z.infer<typeof CompareOptionsSchema>
export type CompareOptionsInput = z.input<typeof CompareOptionsSchema>

/** Parses options, turning a zod failure into one line naming the field. */
export function parseCompareOptions(input: CompareOptionsInput | undefined): CompareOptions {
  const r = CompareOptionsSchema.safeParse(input ?? {})
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  throw new TypeError(`compare options: ${issue.path.join('.') || '(root)'}: ${issue.message}`)
}

/** The policy in force for one row, after overrides. */
export interface RowPolicy {
  threshold: number
  deterministic: { relTol: number; absTol: number }
  quality: { maxDropPoints: number }
  memory: { threshold?: number | undefined; relTol: number }
  difference: { absTol: number }
  gating: boolean
}

export function resolvePolicy(o: CompareOptions, id: string, metric: string, kind: MetricKind, entryThreshold?: number): RowPolicy {
  const p: RowPolicy = {
    threshold: o.threshold,
    deterministic: { ...o.policies.deterministic },
    quality: { ...o.policies.quality },
    memory: { ...o.policies.memory },
    difference: { ...o.policies.difference },
    gating: kind !== 'info',
  }
  // A threshold recorded with the metric (metric(..., { threshold })) applies unless an override says otherwise.
  if (entryThreshold !== undefined) {
    p.threshold = entryThreshold
    p.memory.threshold = entryThreshold
    if (kind === 'deterministic' || kind === 'info') p.deterministic.relTol = entryThreshold
    if (kind === 'difference') p.difference.absTol = entryThreshold // in the metric's own unit
  }
  for (const ov of o.overrides) {
    if (ov.metric !== undefined && ov.metric !== metric) continue
    if (!matchId(ov.match, id)) continue
    if (ov.threshold !== undefined) p.threshold = ov.threshold
    Object.assign(p.deterministic, defined(ov.deterministic))
    Object.assign(p.quality, defined(ov.quality))
    Object.assign(p.memory, defined(ov.memory))
    Object.assign(p.difference, defined(ov.difference))
    if (ov.gating !== undefined) p.gating = ov.gating && kind !== 'info'
  }
  return p
}

function defined<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>
}

/** Exact id, or a glob where '*' matches any run of characters and '?' one character. */
export function matchId(pattern: string, id: string): boolean {
  if (pattern === id) return true
  if (!/[*?]/.test(pattern)) return false
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 's')
  return re.test(id)
}
