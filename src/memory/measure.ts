// Memory around a benchmark run: what the fixture does, without vitest so that it can run and be tested anywhere.
import v8 from 'node:v8'
import { z } from 'zod'
import { collectGarbage, diffMemory, gcFunction, measureAllocation, NO_GC_WARNING, observeGc, readMemory, type GcFn, type GcSummary, type MemoryReading } from './gc.ts'
import { parseOption } from '../errors/index.ts'

export const MemoryMeasureOptionsSchema = z.strictObject({
  /** Time budget of the allocation phase (ms), run after the benchmark. 0 skips it. */
  allocTime: z.number().nonnegative().max(60_000).default(100),
  /** Chunks the allocation phase is split into: each gives one bytes-per-iteration sample. */
  allocChunks: z.number().int().min(1).max(1000).default(10),
  /** Upper bound on calls per chunk, for functions faster than the timer can tell apart. */
  maxChunkIterations: z.number().int().positive().default(1_000_000),
})
export type MemoryMeasureOptions = z.input<typeof MemoryMeasureOptionsSchema>

export interface AllocationReport {
  /** One sample per chunk: JS-heap bytes allocated per call. */
  bytesPerIteration: number[]
  /** One sample per chunk: external (ArrayBuffer/Buffer) bytes allocated per call. */
  externalBytesPerIteration: number[]
  iterationsPerChunk: number
  /** GCs and GC cost during the allocation phase, where only the function runs: comparable between runs. */
  gcCount: number
  gcTimeMs: number
}

export interface MemoryReport {
  /** Whether full GCs were forced between phases (process started with --expose-gc). */
  gcForced: boolean
  isAsync: boolean
  /** Wall time of the very first call, made cold before the benchmark (ms). */
  firstCallMs: number
  /** After a forced GC, before the run. */
  before: MemoryReading
  /** Right after the run, before any GC: includes garbage. */
  end: MemoryReading
  /** After a forced GC, after the run. */
  after: MemoryReading
  /** after − before: what the run left behind. Garbage-inflated when !gcForced. Negative when memory from before
   *  the run was freed meanwhile: then the run's retention is below what this measures (see `warnings`). */
  retained: MemoryReading
  /** Largest used JS heap seen during the run (just before a GC, or at the end). */
  peakHeapUsed: number
  /** GC pauses during the benchmark run ('gc' performance entries); includes the harness's own garbage. */
  gc: GcSummary
  allocation?: AllocationReport
  warnings: string[]
}

type BenchLike = { latency: { mean: number } }

/** The retained figures (after − before, both after forced GCs) that are recorded: a byte count, never negative. */
export const RETAINED_FIGURES = [['heapUsed', 'mem.heap.retained'], ['external', 'mem.external.retained'], ['arrayBuffers', 'mem.arrayBuffers.retained']] as const

/**
 * A run cannot retain negative bytes: less memory after it than before means something from before was freed
 * meanwhile (lazily compiled code flushed, a cache trimmed), which hides whatever the run kept. Such a figure is
 * left out (missing, not shown as −156 B or clamped to 0) and says why. Pure.
 */
export function negativeRetentionWarnings(retained: MemoryReading): string[] {
  return RETAINED_FIGURES.filter(([field]) => retained[field] < 0).map(([field, metric]) =>
    `swarmbench memory: ${metric} not recorded: ${field} after the run was ${-retained[field]} B below its level before (memory from before the run was freed meanwhile), so what the run retained is below what this measurement resolves.`)
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return x !== null && (typeof x === 'object' || typeof x === 'function') && typeof (x as { then?: unknown }).then === 'function'
}

/**
 * Runs `runBench` (the benchmark proper) between memory readings and GC observation, then an allocation phase.
 * The function gets one cold call first, timed: it doubles as the async check tinybench would otherwise do
 * with an untimed call, so the benchmark sees as many calls as a bare one.
 */
export async function measureMemory<R extends BenchLike>(
  fn: () => unknown,
  runBench: (isAsync: boolean) => Promise<R>,
  options: MemoryMeasureOptions = {},
  gc: GcFn | null = gcFunction() ?? null,
): Promise<{ result: R; report: MemoryReport }> {
  const o = parseOption(MemoryMeasureOptionsSchema, options, 'memory')
  const warnings = gc ? [] : [NO_GC_WARNING]
  const t0 = performance.now()
  const first = fn()
  const isAsync = isThenable(first)
  if (isAsync) await first
  const firstCallMs = performance.now() - t0

  if (gc) collectGarbage(gc)
  const before = readMemory()
  const gcObs = observeGc()
  const profiler = new v8.GCProfiler()
  profiler.start()
  let result: R
  let stats: v8.GCProfilerResult['statistics'] = []
  let gcRun: GcSummary
  try {
    result = await runBench(isAsync)
  } finally {
    stats = profiler.stop()?.statistics ?? []
    gcRun = await gcObs.stop()
  }
  const end = readMemory()
  const peakHeapUsed = Math.max(end.heapUsed, ...stats.map(s => s.beforeGC.heapStatistics.usedHeapSize))
  if (gc) collectGarbage(gc)
  const after = readMemory()

  const retained = diffMemory(after, before)
  if (gc) warnings.push(...negativeRetentionWarnings(retained))
  const report: MemoryReport = { gcForced: !!gc, isAsync, firstCallMs, before, end, after, retained, peakHeapUsed, gc: gcRun, warnings }
  if (o.allocTime > 0) {
    const meanMs = Math.max(result.latency.mean, 1e-6)
    const perChunk = Math.min(o.maxChunkIterations, Math.max(1, Math.round(o.allocTime / o.allocChunks / meanMs)))
    if (gc) collectGarbage(gc)
    const alloc: AllocationReport = { bytesPerIteration: [], externalBytesPerIteration: [], iterationsPerChunk: perChunk, gcCount: 0, gcTimeMs: 0 }
    for (let c = 0; c < o.allocChunks; c++) {
      const chunk = await measureAllocation(fn, perChunk, isAsync)
      alloc.bytesPerIteration.push(chunk.heapBytes / perChunk)
      alloc.externalBytesPerIteration.push(chunk.externalBytes / perChunk)
      alloc.gcCount += chunk.gcCount
      alloc.gcTimeMs += chunk.gcTimeMs
    }
    report.allocation = alloc
  }
  return { result, report }
}
