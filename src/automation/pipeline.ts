// Pipeline runner: stages form a DAG; each starts as soon as all its dependencies are done (so independent
// branches overlap), receives their outputs, and runs through the task pool (timeouts, retries).
// Optional checkpoints make a pipeline resumable: finished stages are restored, not recomputed.
import { topologicalOrder, dependantsOf, downstream } from './dag.ts'
import { createPool, type PoolHooks, type PoolOptions, type TaskContext } from './pool.ts'
import { serializeError, type CheckpointStore, type SerializedError } from './store.ts'

export interface StageContext extends TaskContext { stage: string }

export interface Stage {
  deps?: readonly string[]
  /** Concurrency kind for the pool's per-kind limits. */
  kind?: string
  timeoutMs?: number
  /** Receives the outputs of its dependencies, keyed by stage name. */
  run: (inputs: Record<string, unknown>, ctx: StageContext) => unknown
}

export type PipelineSpec = Readonly<Record<string, Stage>>

export type StageStatus = 'done' | 'restored' | 'failed' | 'skipped' | 'cancelled'

export interface StageResult {
  status: StageStatus
  output?: unknown
  error?: SerializedError
  /** For 'skipped': the failed stage upstream that blocked this one. */
  blockedBy?: string
  attempts: number
  durationMs: number
}

export interface PipelineOptions {
  /** 'stop' (default): the first failure cancels running stages and starts nothing more. 'continue': only the failed stage's dependants are skipped. */
  policy?: 'stop' | 'continue'
  /** Pool settings for stages; default: no concurrency cap beyond the graph, one attempt. */
  pool?: PoolOptions
  hooks?: PoolHooks
  /** Checkpoint every finished stage; a rerun with the same runId restores them. Outputs must be JSON-serializable. */
  checkpoint?: { store: CheckpointStore; runId: string }
  onStage?: (stage: string, result: StageResult) => void
}

export interface PipelineResult {
  status: 'done' | 'failed' | 'cancelled'
  order: string[]
  stages: Record<string, StageResult>
  outputs: Record<string, unknown>
}

/** Checks the graph and the stage definitions; throws PipelineDefinitionError naming the stage. Returns a topological order. */
export function validatePipeline(spec: PipelineSpec): string[] {
  const order = topologicalOrder(spec)
  for (const name of order) {
    if (typeof spec[name]!.run !== 'function') throw new TypeError(`stage '${name}': run must be a function`)
  }
  return order
}

export async function runPipeline(spec: PipelineSpec, options: PipelineOptions = {}): Promise<PipelineResult> {
  const order = validatePipeline(spec)
  const policy = options.policy ?? 'stop'
  if (policy !== 'stop' && policy !== 'continue') throw new TypeError(`runPipeline: policy must be 'stop' or 'continue', got '${String(policy)}'`)
  const dependants = dependantsOf(spec)
  const stages: Record<string, StageResult> = {}
  const outputs: Record<string, unknown> = {}
  const record = (name: string, r: StageResult): void => {
    stages[name] = r
    if (r.status === 'done' || r.status === 'restored') outputs[name] = r.output
    options.onStage?.(name, r)
  }

  const cp = options.checkpoint
  if (cp) restore(cp, order, record)

  const stop = new AbortController()
  const userSignal = options.hooks?.signal
  const signal = userSignal ? AbortSignal.any([userSignal, stop.signal]) : stop.signal
  const pool = createPool(options.pool ?? { concurrency: order.length, retry: { maxAttempts: 1 } }, { ...options.hooks, signal })
  const waiting = new Map(order.filter(n => !stages[n]).map(n => [n, (spec[n]!.deps ?? []).filter(d => !stages[d]).length]))

  await new Promise<void>((resolveAll) => {
    let running = 0
    const finishIfIdle = (): void => {
      if (running > 0) return
      for (const n of waiting.keys()) record(n, { status: 'cancelled', attempts: 0, durationMs: 0 })
      waiting.clear()
      resolveAll()
    }
    const launch = (name: string): void => {
      waiting.delete(name)
      running++
      const stage = spec[name]!
      const inputs = Object.fromEntries((stage.deps ?? []).map(d => [d, outputs[d]]))
      const t0 = performance.now()
      if (cp) cp.store.markRunning(cp.runId, name)
      void pool.settle({
        id: name, ...(stage.kind ? { kind: stage.kind } : {}), ...(stage.timeoutMs ? { timeoutMs: stage.timeoutMs } : {}),
        run: (ctx) => stage.run(inputs, { ...ctx, stage: name }),
      }).then((settled) => {
        running--
        const durationMs = performance.now() - t0
        let s = settled
        if (s.ok && cp) {
          // An output that cannot be checkpointed (not JSON) fails the stage rather than the whole run.
          try { cp.store.complete(cp.runId, name, s.value, s.attempts) } catch (error) { s = { ok: false, error, attempts: s.attempts, retryable: false } }
        }
        if (s.ok) {
          record(name, { status: 'done', output: s.value, attempts: s.attempts, durationMs })
          if (!signal.aborted) for (const m of dependants.get(name)!) {
            if (!waiting.has(m)) continue
            const k = waiting.get(m)! - 1
            waiting.set(m, k)
            if (k === 0) launch(m)
          }
        } else if (signal.aborted) {
          // Cut short by a 'stop' elsewhere or by the caller: not this stage's fault, and it reruns on resume.
          record(name, { status: 'cancelled', error: serializeError(s.error), attempts: s.attempts, durationMs })
        } else {
          if (cp) cp.store.fail(cp.runId, name, s.error, s.attempts)
          record(name, { status: 'failed', error: serializeError(s.error), attempts: s.attempts, durationMs })
          if (policy === 'stop') stop.abort(name)
          else for (const m of downstream(dependants, name)) {
            if (!waiting.delete(m)) continue
            record(m, { status: 'skipped', blockedBy: name, attempts: 0, durationMs: 0 })
          }
        }
        finishIfIdle()
      })
    }
    const ready = [...waiting].filter(([, k]) => k === 0).map(([n]) => n)
    for (const n of ready) launch(n)
    finishIfIdle()
  })

  const statuses = Object.values(stages).map(s => s.status)
  const status = statuses.includes('failed') ? 'failed' : statuses.includes('cancelled') ? 'cancelled' : 'done'
  if (cp) cp.store.setRunStatus(cp.runId, status === 'done' ? 'done' : status === 'failed' ? 'failed' : 'running')
  return { status, order, stages: Object.fromEntries(order.map(n => [n, stages[n]!])), outputs }
}

function restore(cp: { store: CheckpointStore; runId: string }, order: string[], record: (n: string, r: StageResult) => void): void {
  const run = cp.store.getRun(cp.runId)
  if (!run) { cp.store.createRun(cp.runId, 'pipeline', { stages: order }, order.map(id => ({ id }))); return }
  if (run.kind !== 'pipeline') throw new Error(`runPipeline: run '${cp.runId}' in ${cp.store.path} is a ${run.kind}, not a pipeline`)
  const stored = cp.store.items(cp.runId)
  const names = new Set(order)
  const mismatch = stored.find(i => !names.has(i.itemId))?.itemId ?? order.find(n => !stored.some(i => i.itemId === n))
  if (mismatch !== undefined) throw new Error(`runPipeline: run '${cp.runId}' was checkpointed with a different set of stages (stage '${mismatch}' differs); use a new runId`)
  cp.store.markResumed(cp.runId)
  // Failed and unfinished stages run again; done ones are restored with their stored outputs.
  for (const i of stored) if (i.status === 'done') record(i.itemId, { status: 'restored', output: i.output, attempts: i.attempts, durationMs: 0 })
}
