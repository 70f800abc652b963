// Benchmark hygiene: pure checks on one benchmark's figures that say when a number should not be trusted,
// each with its fix. The reporter calls hygieneWarnings() once per benchmark and shows each warning once.
import { z } from 'zod'
import { parseOption } from '../errors/index.ts'

export type HygieneCode = 'below-timer-resolution' | 'dead-code' | 'high-rme' | 'slow-first-sample' | 'module-runner-getters'

export interface HygieneWarning { code: HygieneCode; message: string; fix: string }

export const HygieneInputSchema = z.object({
  /** Benchmark id, for the messages. */
  id: z.string(),
  /** Latency statistics in ms, as tinybench reports them. */
  latency: z.object({
    mean: z.number(), min: z.number(), max: z.number(), p50: z.number(), p99: z.number(),
    rme: z.number().describe('relative margin of error, %'),
    n: z.number().int().nonnegative(),
    samples: z.array(z.number()).optional().describe('sorted ascending, ms'),
  }),
  timer: z.object({
    /** Smallest step the clock can show, ms (see measureTimer). */
    resolutionMs: z.number().nonnegative(),
    /** Cost of one timestamp pair, ms: what an empty function measures as, when known. */
    overheadMs: z.number().nonnegative().optional(),
  }),
  /** Whether the benchmark ran through Vite's module runner (experimental.viteModuleRunner not false). */
  moduleRunner: z.boolean(),
  /** Time of the function's very first, cold call in ms: the memory fixture's `firstCall` metric. tinybench's
   *  samples are sorted and begin after warm-up, so they cannot give it. */
  firstSampleMs: z.number().nonnegative().optional(),
})
export type HygieneInput = z.input<typeof HygieneInputSchema>

export const HygieneThresholdsSchema = z.strictObject({
  /** rme (%) above which the result is called too noisy. */
  rmePct: z.number().positive().default(10),
  /** A first call this many times the median… */
  firstSampleRatio: z.number().positive().default(20),
  /** …and at least this many ms slower than it, is reported. */
  firstSampleMinMs: z.number().nonnegative().default(1),
  /** Per-call cost of module-runner export getters, ms (~20 ns measured in vitest5-bench.md §6). */
  getterCostMs: z.number().nonnegative().default(20e-6),
  /** Warn about getters when they could be this fraction of the mean or more. */
  getterShare: z.number().positive().default(0.05),
  /** Means below this (ms) cannot be real work on today's CPUs when each call is timed. */
  deadCodeFloorMs: z.number().nonnegative().default(1e-6),
  /** A median within this factor of one timer reading's cost is indistinguishable from an empty function.
   *  1.2 flagged an empty and a dead loop (p50 50 ns, reading 64 ns) but not 40 additions (81 ns) here. */
  deadCodeOverheadFactor: z.number().positive().default(1.2),
})
export type HygieneThresholds = z.input<typeof HygieneThresholdsSchema>

const ns = (ms: number) => ms < 1e-3 ? `${(ms * 1e6).toFixed(1)} ns` : ms < 1 ? `${(ms * 1e3).toFixed(2)} µs` : `${ms.toFixed(2)} ms`

/** The warnings for one benchmark, in a fixed order; empty when nothing looks wrong. Pure. */
export function hygieneWarnings(input: HygieneInput, thresholds: HygieneThresholds = {}): HygieneWarning[] {
  const parsedInput = parseOption(HygieneInputSchema, input, 'hygieneWarnings', 'input', '(input)')
  const t = parseOption(HygieneThresholdsSchema, thresholds, 'hygieneWarnings', 'threshold', '(thresholds)')
  const { id, latency: l, timer, moduleRunner, firstSampleMs } = parsedInput
  const out: HygieneWarning[] = []
  if (l.n === 0) return out

  if (l.mean < timer.resolutionMs) {
    out.push({
      code: 'below-timer-resolution',
      message: `${id}: mean ${ns(l.mean)} is below the timer's resolution (${ns(timer.resolutionMs)}); single calls cannot be timed.`,
      fix: 'Loop the work inside the benchmarked function (e.g. 1000 calls) and divide, or benchmark a larger unit of work.',
    })
  }
  const medianIsZero = l.p50 <= 0
  // The median, not the mean: on a busy machine a few preempted calls lift a 50 ns mean far above the timer cost.
  const asEmpty = timer.overheadMs !== undefined && timer.overheadMs > 0 && l.p50 <= timer.overheadMs * t.deadCodeOverheadFactor
  if (l.mean < t.deadCodeFloorMs || medianIsZero || asEmpty) {
    const why = medianIsZero ? 'half the calls measured 0' : asEmpty ? `median ${ns(l.p50)} is no more than the timer's own ${ns(timer.overheadMs!)} per reading` : `mean ${ns(l.mean)} is under ${ns(t.deadCodeFloorMs)}`
    out.push({
      code: 'dead-code',
      message: `${id}: looks dead-code-eliminated (${why}): the engine may have dropped the work whose result is unused.`,
      fix: 'Use the result: return it from the function or accumulate it into a variable read after the run; vary the input between calls.',
    })
  }
  if (l.rme > t.rmePct) {
    out.push({
      code: 'high-rme',
      message: `${id}: relative margin of error ±${l.rme.toFixed(1)}% (limit ${t.rmePct}%); differences smaller than that are noise.`,
      fix: 'Raise time/iterations, move setup into beforeAll/beforeEach, quiet the machine, or compare several rounds; check GC with the memory fixture.',
    })
  }
  if (firstSampleMs !== undefined && l.p50 > 0 && firstSampleMs >= t.firstSampleRatio * l.p50 && firstSampleMs - l.p50 >= t.firstSampleMinMs) {
    out.push({
      code: 'slow-first-sample',
      message: `${id}: the first call took ${ns(firstSampleMs)}, ${(firstSampleMs / l.p50).toFixed(0)}× the median ${ns(l.p50)}: one-time work (lazy init, loading, compiling) is hidden by warm-up and not in the figures.`,
      fix: 'If cold-start cost matters, benchmark it separately (fresh state per iteration via beforeEach); otherwise move the initialisation into beforeAll so it is explicit.',
    })
  }
  if (moduleRunner && l.mean > 0 && t.getterCostMs / l.mean >= t.getterShare) {
    out.push({
      code: 'module-runner-getters',
      message: `${id}: at ${ns(l.mean)} per call, Vite's module runner export getters (~${ns(t.getterCostMs)} per imported binding access) can be ${(100 * t.getterCostMs / l.mean).toFixed(0)}% or more of the figure.`,
      fix: "Alias imports to local constants (const f = imported) in the bench file, or set experimental: { viteModuleRunner: false } on the benchmark project.",
    })
  }
  return out
}

/**
 * Measures performance.now(): resolution = smallest non-zero step seen; overhead = what one reading costs,
 * as the 5–95% trimmed mean of back-to-back differences (robust to preemption, and not stuck at 0 when the
 * clock is coarser than a call). Real measurements, a few ms.
 */
export function measureTimer(pairs = 20_000): { resolutionMs: number; overheadMs: number } {
  if (!Number.isInteger(pairs) || pairs < 10) throw new RangeError(`measureTimer: pairs must be an integer ≥ 10, got ${pairs}`)
  const d = new Float64Array(pairs)
  for (let i = 0; i < pairs; i++) {
    const a = performance.now()
    d[i] = performance.now() - a
  }
  d.sort()
  let resolution = Infinity
  for (const x of d) if (x > 0) { resolution = x; break }
  const lo = Math.floor(pairs * 0.05), hi = Math.ceil(pairs * 0.95)
  let sum = 0
  for (let i = lo; i < hi; i++) sum += d[i]!
  const overheadMs = sum / (hi - lo)
  return { resolutionMs: Number.isFinite(resolution) ? resolution : 0, overheadMs }
}
