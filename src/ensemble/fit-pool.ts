// Fitting tree members in worker threads, and deciding when that pays. The training columns live in
// SharedArrayBuffers (trees/columns.ts), so every worker reads the same memory: nothing is copied per member.
// A fitted model comes back as typed arrays whose buffers are transferred, not cloned, and predictions then
// run on the main thread like any in-process member.
import { Worker } from 'node:worker_threads'
import { availableParallelism } from 'node:os'
import type { ModelSpec, TreeModelState } from './models.ts'
import { makeClassification } from '../datasets/synthetic.ts'
import { toColumns, growForest, type Columns } from './trees/index.ts'

/**
 * In-process fit time per member (ms) below which worker threads lose: starting a job, sharing the columns and
 * sending the trees back cost more than a second core saves. Measured on this project's 2-core machine with
 * `npx node scripts/worker-break-even.ts` (notes/issue-20.md): 4 forests at concurrency 2, warm pool.
 */
export const BREAK_EVEN_MS = 100

/** Parallel speed-up two probe jobs must show for a second core to count as free. */
export const MIN_PROBE_SPEEDUP = 1.3

interface Job { id: number; resolve: (v: unknown) => void; reject: (e: Error) => void; timer?: NodeJS.Timeout }
interface Slot { worker: Worker; job?: Job }

export class FitPool {
  readonly size: number
  private slots: Slot[] = []
  private queue: { msg: Record<string, unknown>; job: Job; timeoutMs: number }[] = []
  private nextId = 0

  constructor(size: number) { this.size = Math.max(1, size) }

  /** Fits one tree model on shared columns in a worker; resolves to its fitted state. */
  fit(spec: ModelSpec, cols: Columns, y: number[], timeoutMs = Infinity): Promise<TreeModelState> {
    return this.run({ op: 'fit', spec, cols, y }, timeoutMs) as Promise<TreeModelState>
  }

  /** A fixed amount of CPU work in a worker (the parallelism probe). */
  work(units: number): Promise<number> { return this.run({ op: 'work', units }, Infinity) as Promise<number> }

  private run(msg: Record<string, unknown>, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ msg, job: { id: this.nextId++, resolve, reject }, timeoutMs })
      this.pump()
    })
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find(s => !s.job)
      if (!slot && this.slots.length < this.size) slot = this.spawn()
      if (!slot) return
      const { msg, job, timeoutMs } = this.queue.shift()!
      slot.job = job
      slot.worker.ref()
      if (Number.isFinite(timeoutMs)) {
        // a fit that overruns cannot be interrupted inside the thread: end the thread (a new one replaces it)
        job.timer = setTimeout(() => { this.retire(slot!, new Error(`worker fit exceeded ${timeoutMs} ms`)) }, timeoutMs)
      }
      slot.worker.postMessage({ ...msg, id: job.id })
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL(`./fit-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)) // .js once built into dist/
    worker.unref()
    const slot: Slot = { worker }
    worker.on('message', (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const job = slot.job
      if (!job || job.id !== m.id) return
      clearTimeout(job.timer)
      slot.job = undefined
      worker.unref()
      if (m.ok) job.resolve(m.result); else job.reject(new Error(m.error))
      this.pump()
    })
    worker.on('error', e => this.retire(slot, e))
    worker.on('exit', code => this.retire(slot, new Error(`fit worker exited (code ${code})`)))
    this.slots.push(slot)
    return slot
  }

  private retire(slot: Slot, e: Error): void {
    if (!this.slots.includes(slot)) return
    this.slots = this.slots.filter(s => s !== slot)
    const job = slot.job
    slot.job = undefined
    if (job) { clearTimeout(job.timer); job.reject(e) }
    void slot.worker.terminate()
    this.pump()
  }

  /** Ends every worker (pending jobs are rejected). */
  async close(): Promise<void> {
    const slots = this.slots
    this.slots = []
    for (const q of this.queue.splice(0)) q.job.reject(new Error('fit pool closed'))
    for (const s of slots) if (s.job) { clearTimeout(s.job.timer); s.job.reject(new Error('fit pool closed')) }
    await Promise.all(slots.map(s => s.worker.terminate()))
  }
}

let pool: FitPool | undefined

/** The process-wide pool (idle workers never keep the process alive). */
export function fitPool(size: number): FitPool {
  if (!pool || pool.size < size) { void pool?.close(); pool = new FitPool(size) }
  return pool
}

export async function closeFitPool(): Promise<void> { const p = pool; pool = undefined; await p?.close() }

export type Parallel = 'auto' | 'workers' | 'in-process'

export interface Execution {
  mode: 'in-process' | 'workers'
  /** Why, in one line (e.g. "estimated fit 12 ms per member is below the 40 ms break-even"). */
  reason: string
  /** Tree members whose fits this applies to. */
  members: number
  /** Estimated in-process fit time per tree member (auto only). */
  estimatedMs?: number
  /** Speed-up of two probe jobs run at once over one after another (auto only, when it got that far). */
  probeSpeedup?: number
}

let nsPerUnit: number | undefined
let probe: { at: number; speedup: number } | undefined

/** Work units of one tree-model fit: trees × rows × log2(rows) × (features partitioned + features searched). */
function units(spec: ModelSpec, n: number, d: number): number {
  const p = spec.params ?? {}
  const trees = spec.type === 'random-forest' ? (typeof p.nEstimators === 'number' ? p.nEstimators : 100) : 1
  const perSplit = spec.type === 'random-forest' && p.featureSampling !== 'tree' && spec.task === 'classification' && p.maxFeatures === undefined ? Math.sqrt(d) : d
  return trees * n * Math.log2(Math.max(2, n)) * (d + perSplit)
}

/** Calibrates this process's speed once: time per work unit of a small forest fit. */
function calibrate(): number {
  if (nsPerUnit === undefined) {
    const data = makeClassification({ samples: 400, features: 12, informative: 5, classes: 3, seed: 1 })
    const cols = toColumns(data.X)
    const o = { task: 'classification' as const, nEstimators: 4, maxFeatures: 'sqrt' as const, featureSampling: 'split' as const, seed: 1, tree: {} }
    // the fastest of a few short runs: the machine's speed when this thread has a core (load shows in the probe)
    let best = Infinity
    for (let i = 0; i < 4; i++) { const t0 = performance.now(); growForest(cols, data.y, o); best = Math.min(best, performance.now() - t0) }
    nsPerUnit = (best * 1e6) / units({ type: 'random-forest', task: 'classification', params: { nEstimators: 4 } }, 400, 12)
  }
  return nsPerUnit
}

/** Runs the same work in one worker, then in two at once; 2 = a second core fully free, 1 = none. */
async function probeSpeedup(p: FitPool): Promise<number> {
  if (probe && performance.now() - probe.at < 30_000) return probe.speedup
  await Promise.all([p.work(1), p.work(1)]) // start both workers and warm them
  const t0 = performance.now(); await p.work(60); const one = performance.now() - t0
  const t1 = performance.now(); await Promise.all([p.work(60), p.work(60)]); const two = performance.now() - t1
  probe = { at: performance.now(), speedup: (2 * one) / two }
  return probe.speedup
}

/**
 * Decides where the tree members' fits run. 'auto' uses workers only when it pays: at least two tree members,
 * at least two cores allowed, an estimated fit per member above the measured break-even, and a probe showing
 * that a second core is actually free right now (on a shared machine it often is not).
 */
export async function chooseExecution(o: { parallel: Parallel; specs: ModelSpec[]; n: number; d: number; concurrency: number }): Promise<Execution> {
  const members = o.specs.length
  const cores = Math.min(o.concurrency, availableParallelism())
  if (o.parallel !== 'auto') return { mode: o.parallel, reason: `${o.parallel} requested`, members }
  if (members < 2) return { mode: 'in-process', reason: `${members} tree member${members === 1 ? '' : 's'}: nothing to fit side by side`, members }
  if (cores < 2) return { mode: 'in-process', reason: `concurrency ${o.concurrency} on ${availableParallelism()} core(s): no second thread to use`, members }
  const estimatedMs = (o.specs.reduce((s, spec) => s + units(spec, o.n, o.d), 0) / members) * calibrate() / 1e6
  if (estimatedMs < BREAK_EVEN_MS) {
    return { mode: 'in-process', reason: `estimated fit ${estimatedMs.toFixed(1)} ms per tree member is below the ${BREAK_EVEN_MS} ms break-even for worker threads`, members, estimatedMs }
  }
  const probeSpeedupValue = await probeSpeedup(fitPool(cores))
  if (probeSpeedupValue < MIN_PROBE_SPEEDUP) {
    return { mode: 'in-process', reason: `a second core is not free: two probe jobs at once ran ${probeSpeedupValue.toFixed(2)}× faster than one after another (need ${MIN_PROBE_SPEEDUP}×)`, members, estimatedMs, probeSpeedup: probeSpeedupValue }
  }
  return { mode: 'workers', reason: `estimated fit ${estimatedMs.toFixed(0)} ms per tree member ≥ ${BREAK_EVEN_MS} ms break-even; probe ${probeSpeedupValue.toFixed(2)}× on ${cores} cores`, members, estimatedMs, probeSpeedup: probeSpeedupValue }
}
