// Child process for the crash/resume test: runs (or resumes) a batch whose tasks take a few ms each and
// return a value derived from their input, so the parent can check every stored result. The parent kills
// this process is killed with SIGKILL at a chosen point. argv: dbPath batchId taskCount seed [killAfterAcks delayMs]
// The kill comes from inside: the parent reads acknowledgements late on a loaded machine, so a kill it sent
// would often land after the last task; counting in the child puts it mid-batch however slow the machine is.
import { openCheckpointStore, runBatch, sleep, systemClock } from '../../src/automation/index.ts'
import { createRng } from '../../src/random/index.ts'

const [dbPath, batchId, countArg, seedArg, killAfterArg, killDelayArg] = process.argv.slice(2)
if (!dbPath || !batchId || !countArg || !seedArg) throw new Error('usage: batch-child.ts dbPath batchId taskCount seed')
const count = Number(countArg), seed = Number(seedArg)
const rng = createRng(seed)
const tasks = Array.from({ length: count }, (_, i) => ({ id: `t${i}`, input: { n: i, ms: 2 + rng.int(6) } }))
const killAfter = killAfterArg === undefined ? undefined : Number(killAfterArg), killDelayMs = Number(killDelayArg ?? 0)
let acks = 0
const store = openCheckpointStore(dbPath, { durability: 'normal' })
process.stdout.write('ready\n')
const summary = await runBatch<{ n: number; ms: number }, { n: number; square: number }>({
  store, batchId, tasks, pool: { concurrency: 8 },
  // Acknowledge each commit: the parent checks that every acknowledged result survives the kill.
  onCheckpoint: (id) => {
    process.stdout.write(`ckpt ${id}\n`) // synchronous on a pipe: the line is out before any kill
    if (++acks === killAfter) setTimeout(() => process.kill(process.pid, 'SIGKILL'), killDelayMs)
  },
  handler: async ({ n, ms }, { signal }) => {
    await sleep(systemClock, ms, signal)
    return { n, square: n * n }
  },
})
store.close()
process.stdout.write(JSON.stringify({ status: summary.status, counts: summary.counts }) + '\n')
