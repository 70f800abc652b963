// Reading memory and driving the collector. Everything here is a thin, real measurement: process.memoryUsage,
// V8's GC profiler and the 'gc' performance entries. No vitest import, so child processes can use it too.
import v8 from 'node:v8'
import { PerformanceObserver, performance, constants } from 'node:perf_hooks'

/**
 * The Node flags a process needs so that swarmbench can force a full GC between measurement phases.
 * Add these to the benchmark project's `execArgv` (forks pool: worker threads cannot take V8 flags).
 */
export const MEMORY_EXEC_ARGV: readonly string[] = Object.freeze(['--expose-gc'])

/** Returns `execArgv` with the memory flags added once (idempotent), for the plugin to put in the bench project. */
export function withMemoryExecArgv(execArgv: readonly string[] = []): string[] {
  const out = [...execArgv]
  for (const flag of MEMORY_EXEC_ARGV) if (!out.includes(flag) && !out.includes(flag.replace(/-/g, '_').replace(/^__/, '--'))) out.push(flag)
  return out
}

export const NO_GC_WARNING =
  'swarmbench memory: cannot force garbage collection (globalThis.gc is missing), so retained-memory figures include ' +
  'garbage not yet collected and leak detection is unavailable. Fix: run the benchmark process with --expose-gc ' +
  "(the swarmbench plugin adds it to the bench project's execArgv; otherwise set test.execArgv: ['--expose-gc'] with the forks pool)."

export type GcFn = () => void

/** The collector hook when the process runs with --expose-gc, else undefined. */
export function gcFunction(scope: object = globalThis): GcFn | undefined {
  const gc = (scope as { gc?: unknown }).gc
  return typeof gc === 'function' ? () => { (gc as () => void)() } : undefined
}

/** Full, blocking GC, repeated because one mark-compact can leave finalizer/weak-callback garbage for the next. */
export function collectGarbage(gc: GcFn, passes = 2): void {
  for (let i = 0; i < passes; i++) gc()
}

export interface MemoryReading {
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  rss: number
}

export function readMemory(): MemoryReading {
  const m = process.memoryUsage()
  return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss }
}

export function diffMemory(after: MemoryReading, before: MemoryReading): MemoryReading {
  return {
    heapUsed: after.heapUsed - before.heapUsed, heapTotal: after.heapTotal - before.heapTotal,
    external: after.external - before.external, arrayBuffers: after.arrayBuffers - before.arrayBuffers, rss: after.rss - before.rss,
  }
}

export interface GcSummary {
  count: number
  /** Total pause time reported by the 'gc' performance entries, ms. */
  timeMs: number
  byKind: { minor: number; major: number; incremental: number; weakcb: number }
}

const KIND_NAMES: Record<number, keyof GcSummary['byKind']> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
}

/** Summarises 'gc' entries that started inside [from, to] (performance.now() ms). Pure. */
export function summariseGcEntries(entries: readonly { startTime: number; duration: number; detail?: unknown }[], from = -Infinity, to = Infinity): GcSummary {
  const out: GcSummary = { count: 0, timeMs: 0, byKind: { minor: 0, major: 0, incremental: 0, weakcb: 0 } }
  for (const e of entries) {
    if (e.startTime < from || e.startTime > to) continue
    out.count++
    out.timeMs += e.duration
    const kind = (e.detail as { kind?: number } | undefined)?.kind
    const name = kind === undefined ? undefined : KIND_NAMES[kind]
    if (name) out.byKind[name]++
  }
  return out
}

/**
 * Starts observing GC pauses. Node queues each 'gc' entry from a setImmediate after the collection, so a
 * synchronous benchmark's entries only exist once the loop turns: `stop()` waits one turn, then pulls them with
 * takeRecords and keeps those that began between start and stop.
 */
export function observeGc(): { stop: () => Promise<GcSummary> } {
  const seen: PerformanceEntryLike[] = []
  const observer = new PerformanceObserver((list) => { seen.push(...list.getEntries()) })
  observer.observe({ entryTypes: ['gc'] })
  const from = performance.now()
  return {
    stop: async () => {
      const to = performance.now()
      await new Promise<void>(resolve => setImmediate(resolve))
      seen.push(...observer.takeRecords())
      observer.disconnect()
      return summariseGcEntries(seen, from, to)
    },
  }
}
type PerformanceEntryLike = { startTime: number; duration: number; detail?: unknown }

export interface AllocationChunk {
  iterations: number
  /** Bytes allocated on the V8 heap: growth of used heap plus everything collectors freed meanwhile. */
  heapBytes: number
  /** Same for external memory (ArrayBuffer backing stores, Buffers). */
  externalBytes: number
  gcCount: number
  /** GC cost reported by V8's GC profiler, ms. */
  gcTimeMs: number
  /** Largest used heap seen just before a collection, or at the end. */
  peakHeapUsed: number
}

/**
 * Measures what `fn` allocates by running it `iterations` times under V8's GC profiler: allocated =
 * (used heap at end − at start) + Σ (used before each GC − used after it). Real bytes, not an estimate of
 * object sizes; the few hundred bytes of the two heap readings are spread over the iterations.
 */
export async function measureAllocation(fn: () => unknown, iterations: number, isAsync: boolean): Promise<AllocationChunk> {
  if (!Number.isInteger(iterations) || iterations < 1) throw new RangeError(`measureAllocation: iterations must be a positive integer, got ${iterations}`)
  const profiler = new v8.GCProfiler()
  const h0 = v8.getHeapStatistics()
  profiler.start()
  if (isAsync) for (let i = 0; i < iterations; i++) await fn()
  else for (let i = 0; i < iterations; i++) fn()
  const h1 = v8.getHeapStatistics()
  const stats = profiler.stop()?.statistics ?? []
  let heapFreed = 0, extFreed = 0, cost = 0, peak = h1.used_heap_size
  for (const s of stats) {
    heapFreed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize
    extFreed += s.beforeGC.heapStatistics.externalMemory - s.afterGC.heapStatistics.externalMemory
    cost += s.cost
    peak = Math.max(peak, s.beforeGC.heapStatistics.usedHeapSize)
  }
  return {
    iterations,
    heapBytes: h1.used_heap_size - h0.used_heap_size + heapFreed,
    externalBytes: h1.external_memory - h0.external_memory + extFreed,
    gcCount: stats.length,
    gcTimeMs: cost / 1000,
    peakHeapUsed: peak,
  }
}
