// Benchmarks any model's inference (per call, per batch size), training iterations and memory, and checks
// the figures against targets. The model is an interface so the shipped MLP, an ONNX session or anything
// else with predict/trainStep plugs in.
import { z } from 'zod'
import { measureAllocation } from '../memory/gc.ts'
import type { MetricSpec } from '../memory/metrics.ts'
import type { MetricKind } from '../schema/baseline.ts'
import { parseOption } from '../errors/index.ts'
import { distribution, median } from '../compare/stats/describe.ts'

export interface NeuralModel {
  inputSize: number
  /** Forward pass on a batch of raw feature rows. May return a promise. */
  predict(X: number[][]): unknown
  /** One optimisation step on a minibatch. Optional: inference-only models skip the training figures. */
  trainStep?(X: number[][], y: number[]): unknown
  paramCount?(): number
  /**
   * Bytes the model itself holds (weights, optimizer state), read off its own tensors or buffers: what a memory
   * target is about. The process RSS is reported beside it but includes the runtime, the harness and the data.
   */
  memoryBytes?(): number | Promise<number>
}

export const NeuralBenchOptionsSchema = z.strictObject({
  batchSizes: z.array(z.number().int().positive().max(100_000)).min(1).default([1, 8, 32]),
  /** Timed predict calls per batch size. */
  iterations: z.number().int().min(5).default(200),
  /** Untimed calls per batch size first (JIT, caches). */
  warmup: z.number().int().nonnegative().default(20),
  /** Timed training steps; 0 skips training. */
  trainIterations: z.number().int().nonnegative().default(50),
  trainBatchSize: z.number().int().positive().default(16),
  /** Calls used to measure heap allocation per predict call at the first batch size; 0 skips. */
  allocIterations: z.number().int().nonnegative().default(100),
})
export type NeuralBenchOptions = z.input<typeof NeuralBenchOptionsSchema>

export interface LatencySummary { samplesMs: number[]; mean: number; p50: number; p95: number; p99: number }
export interface InferenceFigures extends LatencySummary { batchSize: number; /** p50 divided by the batch size. */ perSampleP50: number }
export interface NeuralReport {
  inference: InferenceFigures[]
  training?: LatencySummary & { batchSize: number }
  memory: {
    paramCount?: number
    /** What the model holds (model.memoryBytes()), when it says. */
    modelBytes?: number
    allocPerCall?: { batchSize: number; heapBytes: number; externalBytes: number; /** Heap bytes per call, one per chunk. */ samples: number[] }
    heapUsedDelta: number
    /** Process RSS at the end, bytes: the whole worker (runtime, harness, data), not the model. */
    rss: number
  }
}

/** Latency summary with the one quantile definition (stats.distribution: linear interpolation). */
export function summarise(samplesMs: number[]): LatencySummary {
  const d = distribution(samplesMs)
  if (!d) throw new RangeError('summarise: no samples')
  return { samplesMs, mean: d.mean, p50: d.p50, p95: d.p95, p99: d.p99 }
}

const isThenable = (x: unknown): x is PromiseLike<unknown> => x !== null && typeof x === 'object' && typeof (x as { then?: unknown }).then === 'function'

/** Rows for a batch of size b starting at offset k, cycling through the data. */
function batchAt(X: readonly number[][], b: number, k: number): number[][] {
  return Array.from({ length: b }, (_, i) => X[(k * b + i) % X.length]!)
}

export async function benchmarkNeural(model: NeuralModel, data: { X: number[][]; y: number[] }, options: NeuralBenchOptions = {}): Promise<NeuralReport> {
  const o = parseOption(NeuralBenchOptionsSchema, options, 'benchmarkNeural')
  if (data.X.length === 0 || data.X.length !== data.y.length) throw new RangeError(`benchmarkNeural: need rows with one target each (got ${data.X.length} rows, ${data.y.length} targets)`)
  if (data.X[0]!.length !== model.inputSize) throw new RangeError(`benchmarkNeural: rows have ${data.X[0]!.length} features, the model takes ${model.inputSize}`)
  const heap0 = process.memoryUsage().heapUsed
  const inference: InferenceFigures[] = []
  for (const b of o.batchSizes) {
    // Batches are built before timing so that the figure is the model's, not the array copying.
    const batches = Array.from({ length: Math.min(o.iterations, 64) }, (_, k) => batchAt(data.X, b, k))
    for (let i = 0; i < o.warmup; i++) { const r = model.predict(batches[i % batches.length]!); if (isThenable(r)) await r }
    const samples: number[] = []
    for (let i = 0; i < o.iterations; i++) {
      const batch = batches[i % batches.length]!
      const t0 = performance.now()
      const r = model.predict(batch)
      if (isThenable(r)) await r
      samples.push(performance.now() - t0)
    }
    const s = summarise(samples)
    inference.push({ ...s, batchSize: b, perSampleP50: s.p50 / b })
  }
  let training: NeuralReport['training']
  if (o.trainIterations > 0 && model.trainStep) {
    const samples: number[] = []
    for (let i = 0; i < o.trainIterations; i++) {
      const idx = Array.from({ length: o.trainBatchSize }, (_, k) => (i * o.trainBatchSize + k) % data.X.length)
      const X = idx.map(j => data.X[j]!), y = idx.map(j => data.y[j]!)
      const t0 = performance.now()
      const r = model.trainStep(X, y)
      if (isThenable(r)) await r
      samples.push(performance.now() - t0)
    }
    training = { ...summarise(samples), batchSize: o.trainBatchSize }
  }
  const mem = process.memoryUsage()
  const memory: NeuralReport['memory'] = { heapUsedDelta: mem.heapUsed - heap0, rss: mem.rss }
  if (model.paramCount) memory.paramCount = model.paramCount()
  if (model.memoryBytes) memory.modelBytes = await model.memoryBytes()
  if (o.allocIterations > 0) {
    const b = o.batchSizes[0]!, batch = batchAt(data.X, b, 0)
    const probe = model.predict(batch)
    const isAsync = isThenable(probe)
    if (isAsync) await probe
    // Five chunks, so the figure carries samples and is compared statistically rather than by a fixed tolerance.
    const chunks = Math.min(5, o.allocIterations), per = Math.max(1, Math.floor(o.allocIterations / chunks))
    const samples: number[] = []
    let heap = 0, ext = 0
    for (let c = 0; c < chunks; c++) {
      // A chunk during which a collector ran is measured again (up to 3 times): V8 sweeps concurrently after a
      // GC, so the heap reading can under-count and even go negative. Tiny chunks rarely see a GC at all.
      let a = await measureAllocation(() => model.predict(batch), per, isAsync)
      for (let retry = 0; retry < 3 && a.gcCount > 0; retry++) a = await measureAllocation(() => model.predict(batch), per, isAsync)
      samples.push(a.heapBytes / per)
      heap += a.heapBytes; ext += a.externalBytes
    }
    memory.allocPerCall = { batchSize: b, heapBytes: heap / (per * chunks), externalBytes: ext / (per * chunks), samples }
  }
  return { inference, ...(training ? { training } : {}), memory }
}

/**
 * Metric specs for a report: sampled latencies gate as timing; percentiles are shown ('info') and are what
 * targets usually name; allocation per call gates as memory.
 */
export function neuralMetrics(r: NeuralReport, prefix = 'neural', bench?: string): MetricSpec[] {
  // measured here, every one of them
  const b = { provenance: 'measured' as const, ...(bench ? { bench } : {}) }
  const ms = (kind: 'timing' | 'info') => ({ unit: 'ms', better: 'lower' as const, kind, ...b })
  const out: MetricSpec[] = []
  for (const f of r.inference) {
    const base = `${prefix}.infer.b${f.batchSize}`
    out.push({ name: base, value: f.samplesMs, options: ms('timing') })
    out.push({ name: `${base}.p50`, value: f.p50, options: ms('info') }, { name: `${base}.p95`, value: f.p95, options: ms('info') }, { name: `${base}.p99`, value: f.p99, options: ms('info') })
    out.push({ name: `${base}.perSample`, value: f.perSampleP50, options: ms('info') })
  }
  if (r.training) {
    out.push({ name: `${prefix}.train.iteration`, value: r.training.samplesMs, options: ms('timing') })
    out.push({ name: `${prefix}.train.iteration.p95`, value: r.training.p95, options: ms('info') })
  }
  if (r.memory.paramCount !== undefined) out.push({ name: `${prefix}.params`, value: r.memory.paramCount, options: { unit: 'count', better: 'lower', kind: 'deterministic', ...b } })
  if (r.memory.modelBytes !== undefined) out.push({ name: `${prefix}.model.bytes`, value: r.memory.modelBytes, options: { unit: 'bytes', better: 'lower', kind: 'deterministic', ...b } })
  // the whole worker: shown, never a target for the model
  out.push({ name: `${prefix}.process.rss`, value: r.memory.rss, options: { unit: 'bytes', better: 'lower', kind: 'info', ...b } })
  if (r.memory.allocPerCall) out.push({ name: `${prefix}.infer.b${r.memory.allocPerCall.batchSize}.allocPerCall`, value: r.memory.allocPerCall.samples, options: { unit: 'bytes', better: 'lower', kind: 'memory', ...b } })
  return out
}

export const TargetsSchema = z.record(z.string(), z.strictObject({ max: z.number().optional(), min: z.number().optional() })
  .refine(t => t.max !== undefined || t.min !== undefined, 'give max, min or both'))
export type Targets = z.input<typeof TargetsSchema>
export interface TargetCheck {
  metric: string; value: number; max?: number; min?: number; met: boolean
  /** The checked figure's kind: whether the outcome can be judged exactly from one run (see targetMetrics). */
  kind?: MetricKind
}

/** Checks named figures against targets; a target naming no figure is an error listing the names there are. */
export function checkTargets(specs: readonly MetricSpec[], targets: Targets): TargetCheck[] {
  const parsedTargets = parseOption(TargetsSchema, targets, 'checkTargets', 'target', '(targets)')
  const byName = new Map(specs.map(s => [s.name, s]))
  return Object.entries(parsedTargets).map(([metric, t]) => {
    const spec = byName.get(metric)
    if (!spec) throw new TypeError(`checkTargets: no figure named '${metric}'; available: ${[...byName.keys()].join(', ')}`)
    const v = typeof spec.value === 'number' ? spec.value : median(spec.value)
    const met = (t.max === undefined || v <= t.max) && (t.min === undefined || v >= t.min)
    return { metric, value: v, ...(t.max !== undefined ? { max: t.max } : {}), ...(t.min !== undefined ? { min: t.min } : {}), met, ...(spec.options.kind ? { kind: spec.options.kind } : {}) }
  })
}

/**
 * The target outcome as a metric: share of targets met (higher is better). It gates as quality only when every
 * target is on an exact figure (deterministic or quality); a target on anything else (timing samples, their
 * percentiles such as p99 latency, memory) is met or missed with the machine's load from one process to the next,
 * so the share is then 'info': shown, not gated (an A/A of our suite went 1 → 0.67 on unchanged code).
 * `recordNeural({ failOnMiss })` is the way to fail a run on a missed target.
 */
export function targetMetrics(checks: readonly TargetCheck[], prefix = 'neural', bench?: string): MetricSpec[] {
  if (checks.length === 0) return []
  const exact = checks.every(c => c.kind === undefined || c.kind === 'deterministic' || c.kind === 'quality')
  return [{ name: `${prefix}.targets.met`, value: checks.filter(c => c.met).length / checks.length, options: { unit: 'ratio', better: 'higher', kind: exact ? 'quality' : 'info', provenance: 'measured', ...(bench ? { bench } : {}) } }]
}
