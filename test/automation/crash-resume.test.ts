// Crash and resume: a child process runs a checkpointed batch and is killed with SIGKILL at random points,
// over several seeds, then resumed until it finishes. Every task must complete exactly once, and every
// result the child acknowledged as checkpointed must still be there after each kill.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { openCheckpointStore } from '../../src/automation/index.ts'
import { createRng } from '../../src/random/index.ts'

const CHILD = fileURLToPath(new URL('./batch-child.ts', import.meta.url))
const TASKS = 200
const dir = mkdtempSync(join(tmpdir(), 'swarmbench-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface ChildRun { killed: boolean; acked: string[]; summary?: { status: string; counts: Record<string, number> } }

/**
 * Runs the child; with `kill`, the child SIGKILLs itself `delayMs` after its `acks`-th acknowledged checkpoint.
 * Counting progress in the child rather than wall time (or the parent's reading of acks, which lags on a loaded
 * machine) puts the kill mid-batch however slow the shared machine is.
 */
function runChild(dbPath: string, batchId: string, seed: number, kill?: { acks: number; delayMs: number }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const args = [CHILD, dbPath, batchId, String(TASKS), String(seed), ...(kill ? [String(kill.acks), String(kill.delayMs)] : [])]
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const acked: string[] = []
    let buf = '', err = '', summary: ChildRun['summary']
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl); buf = buf.slice(nl + 1)
        if (line.startsWith('ckpt ')) {
          acked.push(line.slice(5))
        }
        else if (line.startsWith('{')) summary = JSON.parse(line)
      }
    })
    child.stderr.setEncoding('utf8').on('data', (c: string) => { err += c })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killed: true, acked })
      else if (code === 0) resolve({ killed: false, acked, ...(summary ? { summary } : {}) })
      else reject(new Error(`batch child exited with ${code}: ${err}`))
    })
  })
}

function snapshot(dbPath: string, batchId: string) {
  const store = openCheckpointStore(dbPath)
  try { return store.items(batchId) } finally { store.close() }
}

// Seeds run concurrently: each has its own database, and the wall time halves on two cores.
describe.concurrent('batch crash and resume', () => {
  it.each([1, 2, 3])('seed %i: SIGKILL at random points, resume, every task exactly once', async (seed) => {
    const rng = createRng(seed * 7919)
    const dbPath = join(dir, `crash-${seed}.db`)
    const batchId = `crash-${seed}`
    const stored = new Map<string, unknown>()
    let midRunKills = 0
    for (let round = 0; round < 8; round++) {
      // Two kills at random points of the remaining work, then let it finish.
      const remaining = TASKS - stored.size
      const kill = round < 2 && remaining >= 4 ? { acks: 1 + rng.int(Math.floor(remaining / 2)), delayMs: rng.int(4) } : undefined
      const run = await runChild(dbPath, batchId, seed, kill)
      const items = snapshot(dbPath, batchId)
      const byId = new Map(items.map(i => [i.itemId, i]))
      // No acknowledged checkpoint lost, no earlier checkpoint lost or changed.
      for (const id of run.acked) expect(byId.get(id)?.status, `acked ${id}`).toBe('done')
      for (const [id, out] of stored) expect(byId.get(id)?.output, `checkpoint ${id}`).toEqual(out)
      for (const i of items) {
        expect(i.completions, `completions of ${i.itemId}`).toBeLessThanOrEqual(1)
        if (i.status === 'done') {
          expect(i.output).toEqual({ n: Number(i.itemId.slice(1)), square: Number(i.itemId.slice(1)) ** 2 })
          stored.set(i.itemId, i.output)
        }
      }
      if (run.killed && stored.size < TASKS) midRunKills++
      if (!run.killed) {
        expect(run.summary!.status).toBe('done')
        break
      }
    }
    const final = snapshot(dbPath, batchId)
    expect(final).toHaveLength(TASKS)
    expect(final.every(i => i.status === 'done' && i.completions === 1)).toBe(true)
    expect(new Set(final.map(i => i.itemId)).size).toBe(TASKS)
    // Both kills must have landed mid-batch for this test to mean anything.
    expect(midRunKills).toBe(2)
    // Tasks in flight at a kill ran again, yet completed once.
    expect(final.some(i => i.starts > 1)).toBe(true)
  }, 180_000) // each child start costs seconds on a loaded 2-core machine; on an idle one the test takes ~3 s
})
