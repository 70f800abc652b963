// Leak detection: run a function many times, sample the retained heap after full GCs, fit a robust slope and
// call it a leak only when the slope's confidence interval excludes zero and the slope clears a floor.
import { z } from 'zod'
import { collectGarbage, gcFunction, NO_GC_WARNING, type GcFn } from './gc.ts'
import { theilSen } from './theilsen.ts'
import { diffHeapSummaries, takeHeapSummary, type ConstructorGrowth } from './snapshot.ts'
import { parseOption } from '../errors/index.ts'

export const LeakOptionsSchema = z.strictObject({
  /** Measured iterations after warm-up. */
  iterations: z.number().int().min(10).default(2000),
  /** Retained-heap samples taken at even intervals over the measured iterations (plus one at the start). */
  samples: z.number().int().min(4).max(500).default(20),
  /** Iterations run before the first sample, so one-time caches and compiled code do not look like growth.
   *  Default: a fifth of `iterations` (at least one sampling interval). */
  warmup: z.number().int().nonnegative().optional(),
  /** Smallest slope reported as a leak, bytes per iteration. */
  floorBytes: z.number().nonnegative().default(32),
  confidence: z.number().gt(0).lt(1).default(0.95),
  /** Diff two heap snapshots (start and end) to name the constructors that grew. Slow: seconds on a big heap. */
  snapshots: z.boolean().default(false),
  top: z.number().int().positive().default(10),
})
export type LeakOptions = z.input<typeof LeakOptionsSchema>

export interface LeakPoint { iteration: number; heapUsed: number; external: number; retained: number }

export interface LeakAnalysis {
  verdict: 'leak' | 'no-leak'
  /** Theil–Sen slope of retained bytes (heap used + external) per iteration. */
  bytesPerIteration: number
  ci: [number, number]
  confidence: number
  floorBytes: number
  message: string
}

export interface LeakReport extends Omit<LeakAnalysis, 'verdict'> {
  verdict: LeakAnalysis['verdict'] | 'unavailable'
  iterations: number
  points: LeakPoint[]
  warnings: string[]
  growth?: ConstructorGrowth[]
}

function fmtBytes(b: number): string {
  const a = Math.abs(b)
  return a >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(2)} MiB` : a >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b.toFixed(1)} B`
}

/** Decides from the sampled points. Pure: the part that the property tests pin down. */
export function analyzeLeak(points: readonly Pick<LeakPoint, 'iteration' | 'retained'>[], opts: { floorBytes?: number; confidence?: number } = {}): LeakAnalysis {
  const floorBytes = opts.floorBytes ?? 32, confidence = opts.confidence ?? 0.95
  const fit = theilSen(points.map(p => p.iteration), points.map(p => p.retained), confidence)
  const [lo, hi] = fit.ci
  // A leak grows all the way; one-time growth (compiled code, feedback vectors, caches filling) happens early
  // and stops. So with enough points the later half must show the leak on its own too.
  const late = points.length >= 10 ? points.slice(Math.floor(points.length / 2)) : undefined
  const lateFit = late ? theilSen(late.map(p => p.iteration), late.map(p => p.retained), confidence) : undefined
  const lateOk = !lateFit || (lateFit.ci[0] > 0 && lateFit.slope > floorBytes)
  const leak = lo > 0 && fit.slope > floorBytes && lateOk
  const ciText = `${(confidence * 100).toFixed(0)}% CI ${fmtBytes(lo)} to ${fmtBytes(hi)}`
  const message = leak
    ? `leaks ~${fmtBytes(fit.slope)}/iteration (${ciText}, ${points.length} samples after GC)`
    : lo > 0 && fit.slope > floorBytes
      ? `no leak reported: retained memory grew ~${fmtBytes(fit.slope)}/iteration (${ciText}) but not over the later half of the run (${fmtBytes(lateFit!.slope)}/iteration there): one-time growth, not a leak`
      : lo > 0
      ? `no leak reported: retained memory grows ~${fmtBytes(fit.slope)}/iteration (${ciText}), below the ${fmtBytes(floorBytes)} floor`
      : `no leak detected: slope ${fmtBytes(fit.slope)}/iteration, ${ciText} includes 0`
  return { verdict: leak ? 'leak' : 'no-leak', bytesPerIteration: fit.slope, ci: [lo, hi], confidence, floorBytes, message }
}

/**
 * Runs `fn` for warm-up + `iterations` calls and samples retained memory after full GCs. Needs a GC hook
 * (--expose-gc); without one it runs nothing and returns verdict 'unavailable' with the warning.
 */
export async function detectLeak(fn: () => unknown, options: LeakOptions = {}, gc: GcFn | null = gcFunction() ?? null): Promise<LeakReport> {
  const o = parseOption(LeakOptionsSchema, options, 'detectLeak')
  if (!gc) {
    return {
      verdict: 'unavailable', bytesPerIteration: NaN, ci: [NaN, NaN], confidence: o.confidence, floorBytes: o.floorBytes,
      message: 'leak detection unavailable: cannot force GC', iterations: 0, points: [], warnings: [NO_GC_WARNING],
    }
  }
  const step = Math.max(1, Math.floor(o.iterations / o.samples))
  const warmup = o.warmup ?? Math.max(step, Math.ceil(o.iterations / 5))
  const call = async () => { const r = fn() as { then?: unknown } | undefined; if (r && typeof r.then === 'function') await r }
  for (let i = 0; i < warmup; i++) await call()
  // Readings go into arrays allocated up front, so the sampler itself does not grow the heap it measures.
  const slots = Math.ceil(o.iterations / step) + 1
  const at = new Float64Array(slots), heap = new Float64Array(slots), ext = new Float64Array(slots)
  let k = 0
  const sample = (iteration: number) => {
    collectGarbage(gc)
    const m = process.memoryUsage()
    at[k] = iteration; heap[k] = m.heapUsed; ext[k] = m.external; k++
  }
  const before = o.snapshots ? await takeHeapSummary() : undefined
  sample(0)
  let done = 0
  while (done < o.iterations) {
    const upto = Math.min(o.iterations, done + step)
    for (; done < upto; done++) await call()
    sample(done)
  }
  const points: LeakPoint[] = Array.from({ length: k }, (_, i) => ({ iteration: at[i]!, heapUsed: heap[i]!, external: ext[i]!, retained: heap[i]! + ext[i]! }))
  const analysis = analyzeLeak(points, o)
  const report: LeakReport = { ...analysis, iterations: o.iterations, points, warnings: [] }
  if (before) report.growth = diffHeapSummaries(before, await takeHeapSummary(), o.top)
  return report
}
