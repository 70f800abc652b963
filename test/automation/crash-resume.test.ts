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
const TASKS = 300
const dir = mkdtempSync(join(tmpdir(), 'swarmbench-crash-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface ChildRun { killed: boolean; acked: string[]; summary?: { status: string; counts: Record<string, number> } }

/** Runs the child; if killAfterMs is set, SIGKILLs it that long after it reports ready. */
function runChild(dbPath: string, batchId: string, seed: number, killAfterMs?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath, batchId, String(TASKS), String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] })
    const acked: string[] = []
    let buf = '', err = '', summary: ChildRun['summary']
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl); buf = buf.slice(nl + 1)
        if (line === 'ready' && killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs)
        else if (line.startsWith('ckpt ')) acked.push(line.slice(5))
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

describe('batch crash and resume', () => {
  it.each([1, 2, 3])('seed %i: SIGKILL at random points, resume, every task exactly once', async (seed) => {
    const rng = createRng(seed * 7919)
    const dbPath = join(dir, `crash-${seed}.db`)
    const batchId = `crash-${seed}`
    const stored = new Map<string, unknown>()
    let midRunKills = 0, resumedInFlight = 0
    for (let round = 0; round < 8; round++) {
      // Three kills at random moments, then let it finish.
      const killAfter = round < 3 ? rng.int(160) : undefined
      const run = await runChild(dbPath, batchId, seed, killAfter)
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
      if (run.killed && items.length === TASKS && stored.size < TASKS) midRunKills++
      if (!run.killed) {
        resumedInFlight += run.summary!.counts.resumed!
        expect(run.summary!.status).toBe('done')
        break
      }
    }
    const final = snapshot(dbPath, batchId)
    expect(final).toHaveLength(TASKS)
    expect(final.every(i => i.status === 'done' && i.completions === 1)).toBe(true)
    expect(new Set(final.map(i => i.itemId)).size).toBe(TASKS)
    // The kills must actually have landed mid-batch for this test to mean anything.
    expect(midRunKills).toBeGreaterThan(0)
    expect(final.some(i => i.starts > 1) || resumedInFlight > 0).toBe(true)
  }, 20_000)
})
