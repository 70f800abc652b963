// Swarm memory: the Raft-log KV against the LWW-map CRDT on the same simulated network and workload, and
// the cost of persisting consensus state to SQLite. Virtual-time figures are simulated (labelled).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '../src/index.ts'
import { runLwwKv, runRaftKv, sqliteDurable } from '../src/consensus/memory/index.ts'
import { WARMUP_MS } from './warmup.ts'

const NET = { latency: { kind: 'uniform' as const, min: 1, max: 10 }, loss: 0.05, duplicate: 0.02, reorder: { p: 0.1, maxDelay: 10 } }
const SIM = 'simulated: virtual ms, 5 nodes, uniform 1–10 ms latency, 5% loss, 2% duplication, 10% reordering'
const raftKv = runRaftKv, lwwKv = runLwwKv
/** A figure the scenario must produce: none (no write synced, no read served, no restart) fails it, never reads as 0. */
const must = <T>(v: T | null | undefined, what: string): T => {
  if (v === null || v === undefined) throw new Error(`swarm memory: the simulation produced no ${what}; the scenario no longer exercises it`)
  return v
}

test('swarm memory: Raft log vs LWW CRDT (5 nodes, 100 writes, 8 keys)', async ({ bench, metric }) => {
  const opts = { n: 5, seed: 1, writes: 100, keys: 8, reads: 2000, network: NET, faults: { crashes: [{ node: 3, at: 120, restart: 450 }] } }
  await bench.compare(
    bench('raft-kv', async () => { await raftKv(opts) }),
    bench('lww-crdt', async () => { await lwwKv(opts) }),
    { time: 300, iterations: 8, warmupIterations: 2, warmupTime: WARMUP_MS },
  )
  const r = await raftKv(opts), l = await lwwKv(opts)
  const commit = must(r.commitLatency, 'committed write'), sync = must(r.syncLatency, 'synced Raft write'), lsync = must(l.syncLatency, 'synced LWW write')
  const follower = must(r.followerReads.staleRatio, 'follower read'), leader = must(r.leaderReads.staleRatio, 'leader read'), lstale = must(l.reads.staleRatio, 'LWW read')
  await metric('write.commitLatency.p50', commit.p50, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv', provenance: { kind: 'simulated', how: `${SIM}; leader append → majority commit` } })
  await metric('write.syncLatency.p50', sync.p50, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv', provenance: { kind: 'simulated', how: `${SIM}; leader append → applied on every running node` } })
  await metric('write.syncLatency.p95', sync.p95, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv', provenance: { kind: 'simulated', how: SIM } })
  await metric('reads.staleRatio.follower', follower, { unit: 'ratio', better: 'lower', kind: 'quality', bench: 'raft-kv', provenance: { kind: 'simulated', how: `${SIM}; ${r.followerReads.reads} reads at random (time, node, key)` } })
  await metric('reads.staleRatio.leader', leader, { unit: 'ratio', better: 'lower', kind: 'quality', bench: 'raft-kv', provenance: { kind: 'simulated', how: `${SIM}; ${r.leaderReads.reads} reads at the current leader` } })
  await metric('messages.perWrite', r.messages / opts.writes, { unit: 'messages', better: 'lower', kind: 'deterministic', bench: 'raft-kv', provenance: { kind: 'simulated', how: SIM } })
  await metric('recovery.virtualMs', must(r.recoveryMs[0], 'recovery of the restarted node'), { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv', provenance: { kind: 'simulated', how: `${SIM}; restart → re-applied everything committed at restart` } })
  await metric('write.syncLatency.p50', lsync.p50, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'lww-crdt', provenance: { kind: 'simulated', how: `${SIM}; local write → visible on every running node (local ack is immediate)` } })
  await metric('write.syncLatency.p95', lsync.p95, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'lww-crdt', provenance: { kind: 'simulated', how: SIM } })
  await metric('reads.staleRatio', lstale, { unit: 'ratio', better: 'lower', kind: 'quality', bench: 'lww-crdt', provenance: { kind: 'simulated', how: `${SIM}; ${l.reads.reads} reads at random (time, node, key)` } })
  await metric('conflicts.lostUpdates', l.discardedConcurrent, { unit: 'writes', better: 'lower', kind: 'deterministic', bench: 'lww-crdt', provenance: { kind: 'simulated', how: SIM } })
  await metric('messages.perWrite', l.messages / opts.writes, { unit: 'messages', better: 'lower', kind: 'deterministic', bench: 'lww-crdt', provenance: { kind: 'simulated', how: SIM } })
  console.log(`swarm memory (${SIM}, node 3 down 120–450 ms):
  raft-kv   commit p50 ${commit.p50.toFixed(1)} ms, sync p50/p95 ${sync.p50.toFixed(1)}/${sync.p95.toFixed(1)} ms, stale reads follower ${(100 * follower).toFixed(1)}% leader ${(100 * leader).toFixed(1)}%, msgs/write ${(r.messages / opts.writes).toFixed(1)}, recovery ${r.recoveryMs[0]?.toFixed(1)} ms, converged ${r.converged}
  lww-crdt  sync p50/p95 ${lsync.p50.toFixed(1)}/${lsync.p95.toFixed(1)} ms, stale reads ${(100 * lstale).toFixed(1)}%, lost updates ${l.discardedConcurrent}, msgs/write ${(l.messages / opts.writes).toFixed(1)}, converged ${l.converged}`)
})

test('swarm memory under a partition: conflicts resolved (LWW) vs writes held back (Raft)', async ({ bench, metric }) => {
  const opts = { n: 5, seed: 4, writes: 80, keys: 4, network: NET, faults: { partitions: [{ at: 0, heal: 300, groups: [[0, 1], [2, 3, 4]] }] } }
  await bench('lww-crdt partitioned', async () => { await lwwKv(opts) }).run({ time: 200, iterations: 8, warmupIterations: 1, warmupTime: WARMUP_MS })
  const r = await raftKv(opts), l = await lwwKv(opts)
  const est = `${SIM}; partition {0,1} | {2,3,4} for the first 300 ms`
  const rsync = must(r.syncLatency, 'synced Raft write'), lsync = must(l.syncLatency, 'synced LWW write')
  await metric('lww.lostUpdates', l.discardedConcurrent, { unit: 'writes', better: 'lower', kind: 'deterministic', provenance: { kind: 'simulated', how: est } })
  await metric('lww.converged', l.converged ? 1 : 0, { unit: 'bool', better: 'higher', kind: 'deterministic', provenance: { kind: 'simulated', how: est } })
  await metric('raft.syncLatency.p95', rsync.p95, { unit: 'ms', better: 'lower', kind: 'deterministic', provenance: { kind: 'simulated', how: est } })
  await metric('lww.syncLatency.p95', lsync.p95, { unit: 'ms', better: 'lower', kind: 'deterministic', provenance: { kind: 'simulated', how: est } })
  console.log(`partition: LWW lost ${l.discardedConcurrent} of ${l.writesIssued} writes to concurrent conflicts and converged=${l.converged}; Raft lost none, sync p95 ${rsync.p95.toFixed(1)} ms (LWW ${lsync.p95.toFixed(1)} ms)`)
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
      { time: 400, iterations: 4, warmupIterations: 1, warmupTime: WARMUP_MS },
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
    }).run({ time: 300, iterations: 20, warmupIterations: 5, warmupTime: WARMUP_MS })
    await metric('sqlite.overheadRatio', ratio, { unit: 'x', better: 'lower', kind: 'timing', bench: 'raft-kv SQLite state', provenance: 'measured' })
    await metric('sqlite.rows', rows, { unit: 'rows', better: 'lower', kind: 'deterministic', bench: 'restore node log from SQLite', provenance: { kind: 'simulated', how: `rows a simulated run wrote: ${SIM}` } })
    await metric('recovery.virtualMs', must(run.recoveryMs[0], 'recovery of the restarted node'), { unit: 'ms', better: 'lower', kind: 'deterministic', bench: 'raft-kv SQLite state', provenance: { kind: 'simulated', how: SIM } })
    console.log(`persistence: SQLite-backed run ${ratio.toFixed(2)}× the in-memory one (wall), ${rows} rows; cold restore of a ${run.writesApplied + 1}-entry log ${restore.latency.mean.toFixed(2)} ms; converged after restart ${run.converged}`)
  } finally { rmSync(dir, { recursive: true, force: true }) }
})
