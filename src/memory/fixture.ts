// The `memory` fixture on swarmbench's `test`: thin glue between vitest's bench/task/annotate and src/memory.
import type { BenchFnOptions, BenchResult, BenchRunOptions, RunnerTestCase, TestContext } from 'vitest'
import { recordMetric } from '../metrics/index.ts'
import { measureMemory, type MemoryMeasureOptions, type MemoryReport } from './measure.ts'
import { detectLeak, type LeakOptions, type LeakReport } from './leak.ts'
import { measurePersistence, type FormatCost, type PersistenceOptions } from './persistence.ts'
import { gcFunction, type GcFn } from './gc.ts'
import { leakMetrics, memoryMetrics, persistenceMetrics, type MetricSpec } from './metrics.ts'

export interface MemoryBenchOptions extends MemoryMeasureOptions {
  /** Passed to `.run()`: time, iterations, warmup… */
  run?: BenchRunOptions
  /** Per-bench options (hooks, writeResult). `async` is set from the cold first call. */
  bench?: BenchFnOptions
  /** Record the figures as metrics (default true). */
  record?: boolean
}

export interface MemoryFixture {
  /** Benchmarks `fn` as `bench(name, fn).run()` would, with memory and GC measured around it. */
  (name: string, fn: () => unknown, options?: MemoryBenchOptions): Promise<{ result: BenchResult; memory: MemoryReport }>
  /**
   * Leak detection; records leak.<name>.bytesPerIteration and leak.<name>.detected unless record is false. They
   * attach to the bench named by `bench`, else to the test itself: a leak run is not a benchmark, and the
   * benchmark that happened to run before it did not make these figures.
   */
  leak: (name: string, fn: () => unknown, options?: LeakOptions & { record?: boolean; bench?: string }) => Promise<LeakReport>
  /** Persistence cost of `state` in each format, recorded as persist.<format>.* metrics: on the bench named by
   *  `bench`, else on the test itself (like leak figures). */
  persistence: (state: unknown, options?: PersistenceOptions & { record?: boolean; prefix?: string; bench?: string }) => Promise<FormatCost[]>
  /** Whether GC can be forced in this process. */
  readonly gcForced: boolean
}

interface Ctx {
  bench: TestContext['bench']; task: RunnerTestCase; annotate: TestContext['annotate']
  /** The collector hook: by default the process's own (--expose-gc), null for none. Tests pass one explicitly. */
  gc?: GcFn | null
}

export function createMemoryFixture({ bench, task, annotate, gc = gcFunction() ?? null }: Ctx): MemoryFixture {
  const warned = new Set<string>()
  const warn = async (messages: readonly string[]) => {
    for (const m of messages) {
      if (warned.has(m)) continue
      warned.add(m)
      await annotate(m, 'warning')
    }
  }
  const record = async (specs: readonly MetricSpec[]) => {
    for (const s of specs) await recordMetric(task, s.name, s.value, s.options)
  }
  const fixture = async (name: string, fn: () => unknown, options: MemoryBenchOptions = {}) => {
    const { run, bench: fnOpts, record: doRecord = true, ...measure } = options
    const { result, report } = await measureMemory(fn, (isAsync) => bench(name, { ...fnOpts, async: isAsync }, fn).run(run), measure, gc)
    await warn(report.warnings)
    if (doRecord) await record(memoryMetrics(report, name))
    return { result, memory: report }
  }
  const leak: MemoryFixture['leak'] = async (name, fn, options = {}) => {
    const { record: doRecord = true, bench: benchName, ...opts } = options
    const report = await detectLeak(fn, opts, gc)
    await warn(report.warnings)
    if (doRecord) await record(leakMetrics(report, name, benchName ?? false))
    return report
  }
  const persistence: MemoryFixture['persistence'] = async (state, options = {}) => {
    const { record: doRecord = true, prefix, bench: benchName, ...opts } = options
    const costs = measurePersistence(state, opts)
    if (doRecord) await record(persistenceMetrics(costs, prefix, benchName ?? false))
    return costs
  }
  return Object.assign(fixture, { leak, persistence, gcForced: gc !== null })
}
