// Task pool: global + per-kind concurrency (p-limit), per-attempt timeouts via AbortSignal, and retries
// with full-jitter backoff that honour retry-after hints. Slots are released while a task backs off,
// so one rate-limited task never idles a slot that other work could use.
import pLimit, { type LimitFunction } from 'p-limit'
import { z } from 'zod'
import { createRng, type Rng } from '../random/index.ts'
import { backoffDelay, RetryPolicySchema } from './backoff.ts'
import { sleep, systemClock, type Clock } from './clock.ts'
import { classifyError, TaskTimeoutError, type Classifier } from './errors.ts'
import { parseOptions } from './options.ts'

export const PoolOptionsSchema = z.strictObject({
  /** Attempts running at once, across all kinds. */
  concurrency: z.number().int().min(1).default(8),
  /** Extra cap per task kind, e.g. `{ llm: 4, tool: 16 }`; kinds not listed share only the global cap. */
  perKind: z.record(z.string().min(1), z.number().int().min(1)).default({}),
  /** Per-attempt timeout in ms; a task may override it. */
  timeoutMs: z.number().positive().optional(),
  retry: RetryPolicySchema.default(RetryPolicySchema.parse({})),
  /** Seeds the backoff jitter; each task draws from its own stream, so jitter does not depend on scheduling order. */
  seed: z.number().int().default(0),
})
export type PoolOptions = z.input<typeof PoolOptionsSchema>

export interface TaskContext {
  id: string
  kind: string
  /** 1 for the first try. */
  attempt: number
  /** Aborts on timeout (reason: TaskTimeoutError) or when the pool's signal aborts. Pass it to fetch & co. */
  signal: AbortSignal
}

export interface PoolTask<T> {
  id: string
  kind?: string
  timeoutMs?: number
  run: (ctx: TaskContext) => Promise<T> | T
}

export type PoolEvent =
  | { type: 'start'; id: string; kind: string; attempt: number; at: number }
  | { type: 'success'; id: string; kind: string; attempt: number; at: number; durationMs: number }
  | { type: 'retry'; id: string; kind: string; attempt: number; at: number; delayMs: number; error: unknown }
  | { type: 'failure'; id: string; kind: string; attempt: number; at: number; error: unknown; retryable: boolean }

export interface PoolHooks {
  clock?: Clock
  classify?: Classifier
  onEvent?: (event: PoolEvent) => void
  /** Cancels everything: running attempts see it on their signal, queued and backing-off tasks fail without retry. */
  signal?: AbortSignal
}

export type Settled<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; error: unknown; attempts: number; retryable: boolean }

export interface PoolStats { active: number; pending: number; succeeded: number; failed: number; retries: number; timeouts: number }

export interface Pool {
  /** Runs a task to completion or final failure; never rejects. */
  settle<T>(task: PoolTask<T>): Promise<Settled<T>>
  /** Like settle, but resolves with the value or rejects with the last error. */
  run<T>(task: PoolTask<T>): Promise<T>
  stats(): PoolStats
}

export function createPool(options: PoolOptions = {}, hooks: PoolHooks = {}): Pool {
  const opts = parseOptions(PoolOptionsSchema, options, 'createPool options')
  const clock = hooks.clock ?? systemClock
  const classify = hooks.classify ?? classifyError
  const onEvent = hooks.onEvent
  const emit = (e: PoolEvent): void => { onEvent?.(e) }
  const parent = hooks.signal
  const global = pLimit(opts.concurrency)
  const kindLimits = new Map<string, LimitFunction>()
  const counts = { succeeded: 0, failed: 0, retries: 0, timeouts: 0 }

  const limited = <T>(kind: string, fn: () => Promise<T>): Promise<T> => {
    const cap = opts.perKind[kind]
    if (cap === undefined) return global(fn)
    let limit = kindLimits.get(kind)
    if (!limit) { limit = pLimit(cap); kindLimits.set(kind, limit) }
    // Kind first, then global: a task waiting for its kind never holds a global slot.
    return limit(() => global(fn))
  }

  const attemptOnce = async <T>(task: PoolTask<T>, kind: string, attempt: number): Promise<T> => {
    parent?.throwIfAborted()
    const ctrl = new AbortController()
    const onParentAbort = (): void => ctrl.abort(parent!.reason)
    parent?.addEventListener('abort', onParentAbort, { once: true })
    const timeoutMs = task.timeoutMs ?? opts.timeoutMs
    let timer: unknown
    if (timeoutMs !== undefined) timer = clock.setTimeout(() => ctrl.abort(new TaskTimeoutError(task.id, timeoutMs)), timeoutMs)
    const started = clock.now()
    if (onEvent) onEvent({ type: 'start', id: task.id, kind, attempt, at: started })
    try {
      const work = Promise.resolve().then(() => task.run({ id: task.id, kind, attempt, signal: ctrl.signal }))
      // Without a deadline or a parent signal nothing can cut the attempt short, so skip the race.
      const value: T = timeoutMs === undefined && !parent ? await work : await new Promise<T>((resolve, reject) => {
        // A task that ignores its signal is abandoned at the deadline rather than holding the slot forever.
        work.then(resolve, reject)
        if (ctrl.signal.aborted) reject(ctrl.signal.reason)
        else ctrl.signal.addEventListener('abort', () => reject(ctrl.signal.reason), { once: true })
      })
      if (onEvent) { const at = clock.now(); onEvent({ type: 'success', id: task.id, kind, attempt, at, durationMs: at - started }) }
      return value
    } catch (error) {
      if (error instanceof TaskTimeoutError) counts.timeouts++
      throw error
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer)
      parent?.removeEventListener('abort', onParentAbort)
    }
  }

  const settle = async <T>(task: PoolTask<T>): Promise<Settled<T>> => {
    if (!task || typeof task.id !== 'string' || task.id === '') throw new TypeError('pool task: id must be a non-empty string')
    if (typeof task.run !== 'function') throw new TypeError(`pool task '${task.id}': run must be a function`)
    const kind = task.kind ?? 'default'
    let rng: Rng | undefined
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await limited(kind, () => attemptOnce(task, kind, attempt))
        counts.succeeded++
        return { ok: true, value, attempts: attempt }
      } catch (error) {
        const c = parent?.aborted ? { retryable: false } : classify(error)
        const hint = c.retryAfterMs
        const retry = c.retryable && attempt < opts.retry.maxAttempts && (hint === undefined || hint <= opts.retry.maxRetryAfterMs)
        if (!retry) {
          counts.failed++
          emit({ type: 'failure', id: task.id, kind, attempt, at: clock.now(), error, retryable: c.retryable })
          return { ok: false, error, attempts: attempt, retryable: c.retryable }
        }
        rng ??= createRng(taskSeed(opts.seed, task.id))
        const delayMs = backoffDelay(opts.retry, attempt - 1, rng, hint)
        counts.retries++
        emit({ type: 'retry', id: task.id, kind, attempt, at: clock.now(), delayMs, error })
        try {
          await sleep(clock, delayMs, parent)
        } catch (abortReason) {
          counts.failed++
          emit({ type: 'failure', id: task.id, kind, attempt, at: clock.now(), error: abortReason, retryable: false })
          return { ok: false, error: abortReason, attempts: attempt, retryable: false }
        }
      }
    }
  }

  return {
    settle,
    run: async (task) => {
      const s = await settle(task)
      if (s.ok) return s.value
      throw s.error
    },
    stats: () => {
      let pending = global.pendingCount
      for (const l of kindLimits.values()) pending += l.pendingCount
      return { active: global.activeCount, pending, ...counts }
    },
  }
}

/** FNV-1a of the id mixed with the seed: a per-task stream independent of the order tasks run in. */
export function taskSeed(seed: number, id: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0)
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0
  return h >>> 0
}
