// Swarm memory: the Raft-log KV against the LWW-map CRDT on the same simulated network and workload, and
// the cost of persisting consensus state to SQLite. Virtual-time figures are simulated (labelled).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '../src/index.ts'
import { runLwwKv, runRaftKv, sqliteDurable } from '../src/consensus/memory/index.ts'

const NET = { latency: { kind: 'uniform' as const, min: 1, max: 10 }, loss: 0.05, duplicate: 0.02, reorder: { p: 0.1, maxDelay: 10 } }
const SIM = 'simulated: virtual ms, 5 nodes, uniform 1–10 ms latency, 5% loss, 2% duplication, 10% reordering'
const raftKv = runRaftKv, lwwKv = runLwwKv

test('swarm memory: Raft log vs LWW CRDT (5 nodes, 100 writes, 8 keys)', async ({ bench, metric }) => {
  const opts = { n: 5, seed: 1, writes: 100, keys: 8, reads: 2000, network: NET, faults: { crashes: [{ node: 3, at: 120, restart: 450 }] } }
  await bench.compare(
    bench('raft-kv', async () => { await raftKv(opts) }),
    bench('lww-crdt', async () => { await lwwKv(opts) }),
    { time: 300, iterations: 8, warmupIterations: 2 },
  )
  const r = await raftKv(opts), l = await lwwKv(opts)
  await metric('write.commitLatency.p50', r.commitLatency.p50, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv', estimate: `${SIM}; leader append → majority commit` })
  await metric('write.syncLatency.p50', r.syncLatency.p50, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv', estimate: `${SIM}; leader append → applied on every running node` })
  await metric('write.syncLatency.p95', r.syncLatency.p95, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv', estimate: SIM })
  await metric('reads.staleRatio.follower', r.followerReads.staleRatio, { unit: 'ratio', better: 'lower', kind: 'quality', bench: 'raft-kv', estimate: `${SIM}; ${r.followerReads.reads} reads at random (time, node, key)` })
  await metric('reads.staleRatio.leader', r.leaderReads.staleRatio, { unit: 'ratio', better: 'lower', kind: 'quality', bench: 'raft-kv', estimate: `${SIM}; ${r.leaderReads.reads} reads at the current leader` })
  await metric('messages.perWrite', r.messages / opts.writes, { unit: 'messages', better: 'lower', kind: 'deterministic', bench: 'raft-kv' })
  await metric('recovery.virtualMs', r.recoveryMs[0] ?? NaN, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv', estimate: `${SIM}; restart → re-applied everything committed at restart` })
  await metric('write.syncLatency.p50', l.syncLatency.p50, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'lww-crdt', estimate: `${SIM}; local write → visible on every running node (local ack is immediate)` })
  await metric('write.syncLatency.p95', l.syncLatency.p95, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'lww-crdt', estimate: SIM })
  await metric('reads.staleRatio', l.reads.staleRatio, { unit: 'ratio', better: 'lower', kind: 'quality', bench: 'lww-crdt', estimate: `${SIM}; ${l.reads.reads} reads at random (time, node, key)` })
  await metric('conflicts.lostUpdates', l.discardedConcurrent, { unit: 'writes', better: 'lower', kind: 'deterministic', bench: 'lww-crdt', estimate: SIM })
  await metric('messages.perWrite', l.messages / opts.writes, { unit: 'messages', better: 'lower', kind: 'deterministic', bench: 'lww-crdt' })
  console.log(`swarm memory (${SIM}, node 3 down 120–450 ms):
  raft-kv   commit p50 ${r.commitLatency.p50.toFixed(1)} ms, sync p50/p95 ${r.syncLatency.p50.toFixed(1)}/${r.syncLatency.p95.toFixed(1)} ms, stale reads follower ${(100 * r.followerReads.staleRatio).toFixed(1)}% leader ${(100 * r.leaderReads.staleRatio).toFixed(1)}%, msgs/write ${(r.messages / opts.writes).toFixed(1)}, recovery ${r.recoveryMs[0]?.toFixed(1)} ms, converged ${r.converged}
  lww-crdt  sync p50/p95 ${l.syncLatency.p50.toFixed(1)}/${l.syncLatency.p95.toFixed(1)} ms, stale reads ${(100 * l.reads.staleRatio).toFixed(1)}%, lost updates ${l.discardedConcurrent}, msgs/write ${(l.messages / opts.writes).toFixed(1)}, converged ${l.converged}`)
})

test('swarm memory under a partition: conflicts resolved (LWW) vs writes held back (Raft)', async ({ bench, metric }) => {
  const opts = { n: 5, seed: 4, writes: 80, keys: 4, network: NET, faults: { partitions: [{ at: 0, heal: 300, groups: [[0, 1], [2, 3, 4]] }] } }
  await bench('lww-crdt partitioned', async () => { await lwwKv(opts) }).run({ time: 200, iterations: 8, warmupIterations: 1 })
  const r = await raftKv(opts), l = await lwwKv(opts)
  const est = `${SIM}; partition {0,1} | {2,3,4} for the first 300 ms`
  await metric('lww.lostUpdates', l.discardedConcurrent, { unit: 'writes', better: 'lower', kind: 'deterministic', estimate: est })
  await metric('lww.converged', l.converged ? 1 : 0, { unit: 'bool', better: 'higher', kind: 'deterministic', estimate: est })
  await metric('raft.syncLatency.p95', r.syncLatency.p95, { unit: 'ms', better: 'lower', kind: 'deterministic', estimate: est })
  await metric('lww.syncLatency.p95', l.syncLatency.p95, { unit: 'ms', better: 'lower', kind: 'deterministic', estimate: est })
  console.log(`partition: LWW lost ${l.discardedConcurrent} of ${l.writesIssued} writes to concurrent conflicts and converged=${l.converged}; Raft lost none, sync p95 ${r.syncLatency.p95.toFixed(1)} ms (LWW ${l.syncLatency.p95.toFixed(1)} ms)`)
})

test('persistence: Raft state in SQLite vs in memory, and cold recovery from the file', async ({ bench, metric }) => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmbench-consensus-'))
  try {
    const opts = { n: 5, seed: 2, writes: 200, keys: 16, reads: 0, network: NET, faults: { crashes: [{ node: 2, at: 100, restart: 600 }] } }
    let i = 0
    const cmp = await bench.compare(
      bench('raft-kv in-memory state', async () => { await raftKv(opts) }),
      bench('raft-kv SQLite state', async () => {
        const db = sqliteDurable(join(dir, `run-${i++}.db`))
        try { await raftKv(opts, { durable: db }) } finally { db.close() }
      }),
      { time: 400, iterations: 4, warmupIterations: 1 },
    )
    const ratio = cmp.get('raft-kv SQLite state').latency.mean / cmp.get('raft-kv in-memory state').latency.mean
    // Cold recovery: reopen a file and reload one node's full Raft log, as a restarted process would.
    const path = join(dir, 'recover.db')
    const db = sqliteDurable(path)
    const run = await raftKv(opts, { durable: db })
    const rows = db.rows()
    db.close()
    const restore = await bench('restore node log from SQLite', () => {
      const d = sqliteDurable(path)
      const len = d.get(0, 'len') as number
      for (let k = 1; k < len; k++) d.get(0, `log:${k}`)
      d.close()
    }).run({ time: 300, iterations: 20, warmupIterations: 5 })
    await metric('sqlite.overheadRatio', ratio, { unit: 'x', better: 'lower', kind: 'timing', bench: 'raft-kv SQLite state' })
    await metric('sqlite.rows', rows, { unit: 'rows', better: 'lower', kind: 'deterministic', bench: 'restore node log from SQLite' })
    await metric('recovery.virtualMs', run.recoveryMs[0] ?? NaN, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv SQLite state', estimate: SIM })
    console.log(`persistence: SQLite-backed run ${ratio.toFixed(2)}× the in-memory one (wall), ${rows} rows; cold restore of a ${run.writesApplied + 1}-entry log ${restore.latency.mean.toFixed(2)} ms; converged after restart ${run.converged}`)
  } finally { rmSync(dir, { recursive: true, force: true }) }
})
