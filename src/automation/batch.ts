// Batch runner: hundreds of independent tasks through the pool, each result checkpointed the moment it
// finishes. Re-running the same batch id resumes it: finished tasks are skipped, tasks that were in
// flight when the process died run again (their results were never committed, so nothing is doubled).
import { createPool, type PoolEvent, type PoolHooks, type PoolOptions, type TaskContext } from './pool.ts'
import { serializeError, type CheckpointStore, type SerializedError } from './store.ts'
import type { ProgressSink } from './progress.ts'

export interface BatchTask<I> {
  id: string
  kind?: string
  /** JSON-serializable: it is stored so that `resumeBatch` can run the batch again from its id alone. */
  input: I
  timeoutMs?: number
}

export type BatchHandler<I, O> = (input: I, ctx: TaskContext) => Promise<O> | O

export interface BatchRunOptions<I, O> {
  store: CheckpointStore
  batchId: string
  /** Required to start a batch; on resume, if given, must list the same task ids as the stored batch. */
  tasks?: readonly BatchTask<I>[]
  handler: BatchHandler<I, O>
  pool?: PoolOptions
  hooks?: PoolHooks
  /** Run tasks that failed for good in an earlier run again (default: they count as finished). */
  rerunFailed?: boolean
  progress?: ProgressSink
  /** Called right after a task's outcome is committed to the store. */
  onCheckpoint?: (id: string, status: 'done' | 'failed') => void
}

export interface BatchSummary<O> {
  batchId: string
  /** 'interrupted' when the hooks' signal aborted: unfinished tasks stay resumable. */
  status: 'done' | 'failed' | 'interrupted'
  /** Every finished result, from this run and earlier ones, in task order. */
  results: Map<string, O>
  failures: { id: string; error: SerializedError }[]
  counts: {
    total: number
    /** Finished in this run. */
    completed: number
    failed: number
    /** Finished in an earlier run, not run again. */
    skipped: number
    /** Were in flight when an earlier run stopped, so ran again. */
    resumed: number
    retries: number
    timeouts: number
    interrupted: number
  }
  durationMs: number
  /** How many times this batch id had been resumed, this run included. */
  resumes: number
}

export async function runBatch<I, O>(options: BatchRunOptions<I, O>): Promise<BatchSummary<O>> {
  const { store, batchId, tasks, handler, hooks = {}, progress } = options
  if (typeof batchId !== 'string' || batchId === '') throw new TypeError('runBatch: batchId must be a non-empty string')
  if (typeof handler !== 'function') throw new TypeError(`runBatch '${batchId}': handler must be a function`)
  const t0 = performance.now()
  const existing = store.getRun(batchId)
  if (!existing) {
    if (!tasks) throw new Error(`runBatch: batch '${batchId}' is not in ${store.path}; pass tasks to start it`)
    checkTasks(batchId, tasks)
    store.createRun(batchId, 'batch', { tasks: tasks.length }, tasks.map(t => ({ id: t.id, kind: t.kind ?? 'default', input: t.input })))
  } else {
    if (existing.kind !== 'batch') throw new Error(`runBatch: run '${batchId}' in ${store.path} is a ${existing.kind}, not a batch`)
    if (tasks) sameTaskIds(batchId, tasks, store.items(batchId).map(i => i.itemId))
    store.markResumed(batchId)
  }
  const items = store.items(batchId)
  const timeouts = new Map((tasks ?? []).filter(t => t.timeoutMs !== undefined).map(t => [t.id, t.timeoutMs!]))
  const toRun = items.filter(i => i.status === 'pending' || i.status === 'running' || (i.status === 'failed' && options.rerunFailed))
  const resumed = items.filter(i => i.status === 'running').length
  const skipped = items.length - toRun.length
  progress?.start(items.length, skipped)

  const onEvent = (e: PoolEvent): void => { hooks.onEvent?.(e); progress?.event(e) }
  const pool = createPool(options.pool ?? {}, { ...hooks, onEvent })
  let completed = 0, failed = 0, interrupted = 0
  await Promise.all(toRun.map(async (item) => {
    const timeoutMs = timeouts.get(item.itemId)
    const s = await pool.settle({
      id: item.itemId, kind: item.kind, ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      run: (ctx) => {
        if (ctx.attempt === 1) store.markRunning(batchId, item.itemId)
        return handler(item.input as I, ctx)
      },
    })
    if (s.ok) {
      try {
        store.complete(batchId, item.itemId, s.value, s.attempts)
      } catch (e) {
        // An output the store cannot hold (not JSON) fails this task only, not the hundreds beside it.
        if (!(e instanceof TypeError)) throw e
        store.fail(batchId, item.itemId, e, s.attempts); failed++; options.onCheckpoint?.(item.itemId, 'failed')
        return
      }
      completed++; options.onCheckpoint?.(item.itemId, 'done')
    }
    // Cancelled, not failed: leave it resumable.
    else if (hooks.signal?.aborted) interrupted++
    else { store.fail(batchId, item.itemId, s.error, s.attempts); failed++; options.onCheckpoint?.(item.itemId, 'failed') }
  }))
  progress?.finish()

  const final = store.items(batchId)
  const results = new Map<string, O>()
  const failures: BatchSummary<O>['failures'] = []
  for (const i of final) {
    if (i.status === 'done') results.set(i.itemId, i.output as O)
    else if (i.status === 'failed') failures.push({ id: i.itemId, error: i.error ?? serializeError('unknown') })
  }
  const status = interrupted > 0 ? 'interrupted' : failures.length > 0 ? 'failed' : 'done'
  if (status !== 'interrupted') store.setRunStatus(batchId, status)
  const st = pool.stats()
  return {
    batchId, status, results, failures,
    counts: { total: final.length, completed, failed, skipped, resumed, retries: st.retries, timeouts: st.timeouts, interrupted },
    durationMs: performance.now() - t0,
    resumes: store.getRun(batchId)!.resumes,
  }
}

/** Resumes a stored batch from its id alone: the task list and inputs come from the checkpoint store. */
export function resumeBatch<I, O>(options: Omit<BatchRunOptions<I, O>, 'tasks'>): Promise<BatchSummary<O>> {
  if (!options.store.getRun(options.batchId)) throw new Error(`resumeBatch: no batch '${options.batchId}' in ${options.store.path}`)
  return runBatch(options)
}

function checkTasks(batchId: string, tasks: readonly BatchTask<unknown>[]): void {
  const seen = new Set<string>()
  tasks.forEach((t, i) => {
    if (!t || typeof t.id !== 'string' || t.id === '') throw new TypeError(`runBatch '${batchId}': tasks[${i}].id must be a non-empty string`)
    if (seen.has(t.id)) throw new TypeError(`runBatch '${batchId}': duplicate task id '${t.id}' (tasks[${i}])`)
    seen.add(t.id)
  })
}

function sameTaskIds(batchId: string, tasks: readonly BatchTask<unknown>[], stored: string[]): void {
  const have = new Set(stored)
  const extra = tasks.find(t => !have.has(t.id))
  if (extra) throw new Error(`runBatch: batch '${batchId}' was started without task '${extra.id}'; use a new batch id for a different task list`)
  if (tasks.length !== stored.length) {
    const given = new Set(tasks.map(t => t.id))
    throw new Error(`runBatch: batch '${batchId}' was started with task '${stored.find(id => !given.has(id))}', missing now; use a new batch id for a different task list`)
  }
}
