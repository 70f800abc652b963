// swarmbench for Jest: `bench` and `metric` inside ordinary Jest tests. bench runs tinybench directly; what it
// measures goes to the swarmbench Jest reporter (`reporters: ['default', 'swarmbench/jest-reporter']`), which
// keeps the same baseline and history as the Vitest plugin and gates the same way. Works in Jest's default
// (CommonJS) mode through the package's CommonJS build, and in ESM mode.
import { Bench, type BenchOptions, type Fn, type FnOptions } from 'tinybench'
import { z } from 'zod'
import { parseOption } from '../errors/index.ts'
import { toMetricPayload, type MetricArtifactPayload, type MetricOptions } from '../metrics/record.ts'
import { appendRecord, JEST_DIR_ENV } from './channel.ts'

export type { MetricOptions } from '../metrics/record.ts'

/** tinybench's run options that make sense for one benchmark (ms). */
export const JestBenchOptionsSchema = z.strictObject({
  time: z.number().positive().optional().describe('ms of measurement (tinybench default 1000)'),
  iterations: z.number().int().positive().optional().describe('minimum iterations (tinybench default 64)'),
  warmupTime: z.number().nonnegative().optional(),
  warmupIterations: z.number().int().nonnegative().optional(),
  /** Samples kept for the statistics; all of them unless set (the reporter thins to its sampleCap). */
  retainSamples: z.boolean().default(true),
})
export type JestBenchOptions = z.input<typeof JestBenchOptionsSchema> & Pick<FnOptions, 'beforeAll' | 'afterAll' | 'beforeEach' | 'afterEach'>

export interface JestBenchResult {
  name: string
  /** Latency in ms (mean, p50, p99…) and the retained samples. */
  latency: { mean: number; min: number; max: number; p50: number; p75: number; p99: number; sd: number; rme: number; samplesCount: number; samples?: number[] }
  throughput: { mean: number }
}

interface JestState { currentTestName?: string; testPath?: string }
/** Jest's own record of the running test (the `expect` global both modes inject). */
function currentTest(where: string): { test: string; testPath: string } {
  const state = (globalThis as { expect?: { getState?: () => JestState } }).expect?.getState?.()
  if (!state?.currentTestName || !state.testPath) {
    throw new Error(`swarmbench/jest: ${where} must be called inside a Jest test (test(...) or it(...)); Jest's expect global was not found or no test is running`)
  }
  return { test: state.currentTestName, testPath: state.testPath }
}

/** Benchmark runs finished per test so far: a metric belongs to the bench that ran last (as in Vitest). */
const runsSoFar = new Map<string, number>()
let warned = false

function send(record: Parameters<typeof appendRecord>[1]): void {
  const dir = process.env[JEST_DIR_ENV]
  if (dir) { appendRecord(dir, record); return }
  if (!warned) {
    warned = true
    process.stderr.write("swarmbench: the swarmbench Jest reporter is not configured, so nothing is stored. Fix: add reporters: ['default', 'swarmbench/jest-reporter'] to the Jest config\n")
  }
}

/** Measures `fn` with tinybench and hands the result to the reporter; returns it too. */
export async function bench(name: string, fn: Fn, options: JestBenchOptions = {}): Promise<JestBenchResult> {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('bench(name, fn): name must be a non-empty string')
  if (typeof fn !== 'function') throw new TypeError(`bench('${name}', fn): fn must be a function`)
  const { beforeAll, afterAll, beforeEach, afterEach, ...rest } = options
  const o = parseOption(JestBenchOptionsSchema, rest, `bench('${name}')`)
  const where = currentTest(`bench('${name}')`)
  const runOptions: BenchOptions = {
    name, throws: true, retainSamples: o.retainSamples,
    ...(o.time !== undefined ? { time: o.time } : {}), ...(o.iterations !== undefined ? { iterations: o.iterations } : {}),
    ...(o.warmupTime !== undefined ? { warmupTime: o.warmupTime } : {}), ...(o.warmupIterations !== undefined ? { warmupIterations: o.warmupIterations } : {}),
  }
  const b = new Bench(runOptions)
  b.add(name, fn, { ...(beforeAll ? { beforeAll } : {}), ...(afterAll ? { afterAll } : {}), ...(beforeEach ? { beforeEach } : {}), ...(afterEach ? { afterEach } : {}) })
  await b.run()
  const r = b.tasks[0]!.result
  if (r.state !== 'completed') throw new Error(`bench('${name}'): tinybench ended in state '${r.state}'`)
  const l = r.latency
  const result: JestBenchResult = {
    name,
    latency: { mean: l.mean, min: l.min, max: l.max, p50: l.p50, p75: l.p75, p99: l.p99, sd: l.sd, rme: l.rme, samplesCount: l.samplesCount, ...(l.samples ? { samples: [...l.samples] } : {}) },
    throughput: { mean: r.throughput.mean },
  }
  send({ type: 'bench', ...where, name, latency: result.latency, throughput: result.throughput })
  const key = `${where.testPath}\u0000${where.test}`
  runsSoFar.set(key, (runsSoFar.get(key) ?? 0) + 1)
  return result
}

/**
 * Attaches a figure to the benchmark that ran last in this test (or to the test when none ran), exactly as the
 * Vitest `metric` does: a value array is samples, a single number is judged under its kind's policy.
 */
export function metric(name: string, value: number | readonly number[], options: MetricOptions): MetricArtifactPayload {
  const where = currentTest(`metric('${name}')`)
  const payload = toMetricPayload(name, value, options, runsSoFar.get(`${where.testPath}\u0000${where.test}`) ?? 0)
  send({ type: 'metric', ...where, metric: payload as unknown as MetricArtifactPayload & Record<string, unknown> })
  return payload
}
