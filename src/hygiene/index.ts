// Benchmark hygiene: pure checks on one benchmark's figures that say when a number should not be trusted,
// each with its fix. The reporter calls hygieneWarnings() once per benchmark and shows each warning once.
import { z } from 'zod'
import { parseOption } from '../errors/index.ts'
import { trimmedMean } from '../compare/stats/describe.ts'

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
  /** Heap bytes the function allocates per call (median over the memory fixture's chunks, `mem.alloc.perCall`),
   *  when measured: a function that allocates is doing work, so it was not eliminated. */
  allocBytesPerCall: z.number().optional(),
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
  /** A function measured allocating at least this many heap bytes per call is not dead code, however fast it
   *  looks (V8's smallest object is 8+ bytes; the measurement's own readings spread to a fraction of a byte). */
  deadCodeAllocBytes: z.number().nonnegative().default(8),
})
export type HygieneThresholds = z.input<typeof HygieneThresholdsSchema>

const ns = (ms: number) => ms < 1e-3 ? `${(ms * 1e6).toFixed(1)} ns` : ms < 1 ? `${(ms * 1e3).toFixed(2)} µs` : `${ms.toFixed(2)} ms`
// The per-call figure every message quotes: the median, named as such, with the mean that tinybench's table
// shows beside it when they differ, so that no message gives a per-call time the reader cannot find or place.
const perCall = (l: { p50: number; mean: number }) => {
  const median = `median ${ns(l.p50)} per call`
  return ns(l.mean) === ns(l.p50) ? median : `${median} (mean ${ns(l.mean)}, the table's figure)`
}

/** The warnings for one benchmark, in a fixed order; empty when nothing looks wrong. Pure. */
export function hygieneWarnings(input: HygieneInput, thresholds: HygieneThresholds = {}): HygieneWarning[] {
  const parsedInput = parseOption(HygieneInputSchema, input, 'hygieneWarnings', 'input', '(input)')
  const t = parseOption(HygieneThresholdsSchema, thresholds, 'hygieneWarnings', 'threshold', '(thresholds)')
  const { id, latency: l, timer, moduleRunner, firstSampleMs, allocBytesPerCall } = parsedInput
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
  // Timing alone cannot tell a cheap function from an eliminated one; measured allocation can: eliminated code
  // allocates nothing (a push onto a closure array, say, allocates and cannot be dropped).
  const allocates = allocBytesPerCall !== undefined && allocBytesPerCall >= t.deadCodeAllocBytes
  if (!allocates && (l.mean < t.deadCodeFloorMs || medianIsZero || asEmpty)) {
    const why = medianIsZero ? 'half the calls measured 0' : asEmpty ? `${perCall(l)} is no more than the timer's own ${ns(timer.overheadMs!)} per reading` : `mean ${ns(l.mean)} per call is under ${ns(t.deadCodeFloorMs)}`
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
  // The median call, as in the dead-code check: a few preempted calls lift the mean, not the getters' share.
  if (moduleRunner && l.p50 > 0 && t.getterCostMs / l.p50 >= t.getterShare) {
    out.push({
      code: 'module-runner-getters',
      message: `${id}: at ${perCall(l)}, Vite's module runner export getters (~${ns(t.getterCostMs)} per imported binding access) can be ${(100 * t.getterCostMs / l.p50).toFixed(0)}% or more of the figure.`,
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
  return timerFigures(d)
}

/** Resolution and overhead from back-to-back differences of two clock readings (ms). Pure. */
export function timerFigures(diffs: ArrayLike<number>): { resolutionMs: number; overheadMs: number } {
  let resolution = Infinity
  for (let i = 0; i < diffs.length; i++) if (diffs[i]! > 0 && diffs[i]! < resolution) resolution = diffs[i]!
  return { resolutionMs: Number.isFinite(resolution) ? resolution : 0, overheadMs: trimmedMean(diffs, 0.05) }
}
