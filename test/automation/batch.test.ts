import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createProgressWriter, FatalError, openCheckpointStore, resumeBatch, RetryableError, runBatch, type CheckpointStore } from '../../src/automation/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'swarmbench-batch-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let store: CheckpointStore
let n = 0
beforeEach(() => { store = openCheckpointStore(join(dir, `b${n++}.db`)) })
afterEach(() => store.close())

const tasks = (k: number) => Array.from({ length: k }, (_, i) => ({ id: `t${i}`, input: i }))
const tick = () => new Promise(r => setTimeout(r, 1))

describe('runBatch', () => {
  it('runs every task once, checkpoints it, and a rerun skips them all', async () => {
    let calls = 0
    const handler = async (i: number) => { calls++; await tick(); return i * 2 }
    const first = await runBatch({ store, batchId: 'b', tasks: tasks(20), handler, pool: { concurrency: 4 } })
    expect(first.status).toBe('done')
    expect([...first.results.values()]).toEqual(Array.from({ length: 20 }, (_, i) => i * 2))
    expect(first.counts).toMatchObject({ total: 20, completed: 20, skipped: 0, resumed: 0 })
    const again = await runBatch({ store, batchId: 'b', tasks: tasks(20), handler })
    expect(again.counts).toMatchObject({ completed: 0, skipped: 20 })
    expect(again.results.size).toBe(20)
    expect(again.resumes).toBe(1)
    expect(calls).toBe(20)
    expect(store.items('b').every(i => i.completions === 1 && i.starts === 1)).toBe(true)
  })

  it('interrupted by its signal, it leaves unfinished tasks resumable; resumeBatch needs only the id', async () => {
    const ctrl = new AbortController()
    let done = 0
    const handler = async (i: number, { signal }: { signal: AbortSignal }) => {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, 2)
        signal.addEventListener('abort', () => { clearTimeout(t); reject(signal.reason) })
      })
      if (++done === 10) ctrl.abort(new Error('stop'))
      return i
    }
    const first = await runBatch({ store, batchId: 'r', tasks: tasks(40), handler, pool: { concurrency: 4 }, hooks: { signal: ctrl.signal } })
    expect(first.status).toBe('interrupted')
    expect(first.counts.interrupted).toBeGreaterThan(0)
    expect(first.counts.completed + first.counts.interrupted).toBe(40)
    const inFlight = store.items('r').filter(i => i.status === 'running').length
    expect(inFlight).toBeGreaterThan(0)
    const second = await resumeBatch({ store, batchId: 'r', handler: async (i: number) => i })
    expect(second.status).toBe('done')
    expect(second.counts.skipped).toBe(first.counts.completed)
    expect(second.counts.resumed).toBe(inFlight)
    expect([...second.results.keys()]).toEqual(tasks(40).map(t => t.id))
    expect(store.items('r').every(i => i.completions === 1)).toBe(true)
  })

  it('records failures with their error, retries transient ones, and reruns failures only when asked', async () => {
    const seen = new Map<string, number>()
    const handler = (i: number, { id }: { id: string }) => {
      seen.set(id, (seen.get(id) ?? 0) + 1)
      if (i === 3) throw new FatalError('bad input 3')
      if (i === 5 && seen.get(id)! < 2) throw new RetryableError('rate limited')
      return i
    }
    const s = await runBatch({ store, batchId: 'f', tasks: tasks(8), handler, pool: { retry: { baseDelayMs: 1 } } })
    expect(s.status).toBe('failed')
    expect(s.failures).toEqual([{ id: 't3', error: { name: 'FatalError', message: 'bad input 3', retryable: false } }])
    expect(s.counts).toMatchObject({ completed: 7, failed: 1, retries: 1 })
    expect(store.getRun('f')!.status).toBe('failed')
    const again = await runBatch({ store, batchId: 'f', handler })
    expect(again.counts).toMatchObject({ completed: 0, skipped: 8 })
    const fixed = await runBatch({ store, batchId: 'f', handler: (i: number) => i, rerunFailed: true })
    expect(fixed.status).toBe('done')
    expect(fixed.results.get('t3')).toBe(3)
  })

  it('applies per-task timeouts and kinds from the task list', async () => {
    const s = await runBatch({
      store, batchId: 'k', pool: { perKind: { slow: 1 }, retry: { maxAttempts: 1 } },
      tasks: [{ id: 'a', kind: 'slow', input: 0, timeoutMs: 5 }, { id: 'b', kind: 'slow', input: 1 }],
      handler: (i: number, { signal }) => i === 0 ? new Promise((_, rej) => signal.addEventListener('abort', () => rej(signal.reason))) : i,
    })
    expect(s.failures.map(f => f.error.name)).toEqual(['TaskTimeoutError'])
    expect(s.counts.timeouts).toBe(1)
    expect(store.items('k').map(i => i.kind)).toEqual(['slow', 'slow'])
  })

  it('feeds a progress sink', async () => {
    const out: string[] = []
    const progress = createProgressWriter({ stream: { write: (c: string) => out.push(c) }, tty: false, label: 'p' })
    await runBatch({ store, batchId: 'p', tasks: tasks(5), handler: (i: number) => i, progress })
    expect(progress.state()).toMatchObject({ total: 5, done: 5, failed: 0, running: 0 })
    expect(out.at(-1)).toMatch(/^\[p\] 5\/5 done, 0 failed/)
  })

  it('rejects bad batches with errors that say what to do', async () => {
    const h = (i: number) => i
    await expect(runBatch({ store, batchId: '', tasks: tasks(1), handler: h })).rejects.toThrow(/batchId/)
    await expect(runBatch({ store, batchId: 'x', tasks: tasks(1), handler: 5 as never })).rejects.toThrow(/handler must be a function/)
    await expect(runBatch({ store, batchId: 'none', handler: h })).rejects.toThrow(/not in .*pass tasks to start it/)
    expect(() => resumeBatch({ store, batchId: 'none', handler: h })).toThrow(/no batch 'none'/)
    await expect(runBatch({ store, batchId: 'd', tasks: [{ id: 'a', input: 1 }, { id: 'a', input: 2 }], handler: h })).rejects.toThrow(/duplicate task id 'a'/)
    await expect(runBatch({ store, batchId: 'd', tasks: [{ id: '', input: 1 }], handler: h })).rejects.toThrow(/tasks\[0\]\.id/)
    await runBatch({ store, batchId: 'm', tasks: tasks(3), handler: h })
    await expect(runBatch({ store, batchId: 'm', tasks: tasks(4), handler: h })).rejects.toThrow(/without task 't3'/)
    await expect(runBatch({ store, batchId: 'm', tasks: tasks(2), handler: h })).rejects.toThrow(/task 't2', missing now/)
    const bigint = await runBatch({ store, batchId: 'j', tasks: tasks(2), handler: (i: number) => (i ? 1n : i) })
    expect(bigint.counts).toMatchObject({ completed: 1, failed: 1 })
    expect(bigint.failures[0]!.error.message).toMatch(/output of 't1' is not JSON-serializable/)
    await expect(runBatch({ store, batchId: 'u', tasks: [{ id: 'a', input: () => 1 }], handler: h as never })).rejects.toThrow(/item 'a' input is not JSON-serializable/)
  })
})

describe('checkpoint store', () => {
  it('refuses to checkpoint unknown items and keeps runs of different kinds apart', async () => {
    store.createRun('w', 'workflow', {}, [{ id: 'x' }])
    expect(() => store.complete('w', 'nope', 1, 1)).toThrow(/run 'w' has no item 'nope'/)
    expect(() => store.fail('w', 'nope', 'e', 1)).toThrow(/no item 'nope'/)
    expect(() => store.markRunning('w', 'nope')).toThrow(/no item 'nope'/)
    await expect(runBatch({ store, batchId: 'w', handler: (i: number) => i })).rejects.toThrow(/is a workflow, not a batch/)
    store.addItems('w', [{ id: 'x' }, { id: 'y', input: { a: 1 } }])
    expect(store.items('w').map(i => [i.itemId, i.seq, i.input])).toEqual([['x', 0, null], ['y', 1, { a: 1 }]])
    store.fail('w', 'y', 'plain string', 2)
    expect(store.item('w', 'y')!.error).toEqual({ name: 'Error', message: 'plain string' })
    expect(() => openCheckpointStore('')).toThrow(/path/)
    const mem = openCheckpointStore(':memory:', { durability: 'normal' })
    expect(mem.getRun('x')).toBeUndefined()
    mem.close(); mem.close()
  })
})
