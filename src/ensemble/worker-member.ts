// Members whose fit/predict run in a worker thread, so CPU-bound models really run in parallel
// (the main thread only waits). A member and its clones share one worker; models are kept there by id.
import { Worker } from 'node:worker_threads'
import { parseModelSpec, type ModelSpec } from './models.ts'
import type { Member } from './types.ts'

interface Pending { resolve: (v: unknown) => void; reject: (e: Error) => void }

function startWorker() {
  const worker = new Worker(new URL(`./model-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url)) // .js once built into dist/
  worker.unref() // an idle worker must not keep the process alive
  const pending = new Map<number, Pending>()
  let nextId = 0, dead: Error | undefined
  const failAll = (e: Error) => { dead = e; for (const p of pending.values()) p.reject(e); pending.clear() }
  worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const p = pending.get(msg.id)
    if (!p) return
    pending.delete(msg.id)
    if (msg.ok) p.resolve(msg.result); else p.reject(new Error(msg.error))
  })
  worker.on('error', e => failAll(e))
  worker.on('exit', code => failAll(new Error(`model worker exited (code ${code})`)))
  return {
    send(req: Record<string, unknown>): Promise<unknown> {
      if (dead) return Promise.reject(dead)
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.ref() // keep the process alive while a request is outstanding
        worker.postMessage({ ...req, id })
      }).finally(() => { if (pending.size === 0) worker.unref() })
    },
    terminate: () => worker.terminate(),
  }
}

type WorkerHandle = ReturnType<typeof startWorker>

/**
 * An ensemble member running an ml.js model (see models.ts) in its own worker thread. `dispose()` terminates
 * the worker, which is also how a timed-out fit or predict is actually stopped.
 */
export function workerMember(spec: ModelSpec, shared?: { handle: WorkerHandle; nextModel: number }): Member & { name: string } {
  const s = parseModelSpec(spec) // fail fast, in the caller's thread, with a clear message
  const ctx = shared ?? { handle: startWorker(), nextModel: 0 }
  const model = ctx.nextModel++
  const created = ctx.handle.send({ model, op: 'create', spec })
  const call = async (op: string, extra: Record<string, unknown>) => { await created; return ctx.handle.send({ model, op, ...extra }) }
  return {
    name: s.name ?? `${s.type}@worker`,
    fit: async (X, y) => { await call('fit', { X, y }) },
    predict: async X => (await call('predict', { X })) as number[],
    predictProba: async X => (await call('predictProba', { X })) as number[][],
    clone: () => workerMember(spec, ctx),
    // clones share the worker: dropping the model frees it; only the original ends the thread
    dispose: async () => { if (shared) await call('drop', {}).catch(() => {}); else await ctx.handle.terminate() },
  }
}
