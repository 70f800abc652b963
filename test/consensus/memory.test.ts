import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { lwwWins, runLwwKv, runRaftKv, sqliteDurable, workloadWrite } from '../../src/consensus/memory/index.ts'
import { valueAt } from '../../src/consensus/memory/common.ts'

const dir = mkdtempSync(join(tmpdir(), 'swarm-memory-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const net = { latency: { kind: 'uniform' as const, min: 1, max: 10 }, loss: 0.05 }

describe('swarm memory on the Raft log', () => {
  it('applies every write, converges, and never serves stale reads from the leader', async () => {
    const r = await runRaftKv({ n: 5, seed: 1, writes: 40, network: net })
    expect(r.safe).toBe(true)
    expect(r.writesApplied).toBe(40)
    expect(r.converged).toBe(true)
    expect(r.leaderReads.stale).toBe(0)
    expect(r.followerReads.reads).toBeGreaterThan(100)
    expect(r.commitLatency!.p50).toBeGreaterThan(0)
    expect(r.syncLatency!.p50).toBeGreaterThanOrEqual(r.commitLatency!.p50)
    // The final state is what applying the workload in order gives.
    const expected: Record<string, string> = {}
    for (let w = 0; w < 40; w++) { const x = workloadWrite(w, 8, 1); expected[x.k] = x.v }
    expect(r.finalState).toEqual(expected)
  })

  it('recovers a crashed node from SQLite, and the run is identical to the in-memory one', async () => {
    const faults = { crashes: [{ node: 2, at: 100, restart: 400 }] }
    const mem = await runRaftKv({ n: 5, seed: 2, writes: 40, network: net, faults })
    const db = sqliteDurable(join(dir, 'raft.db'))
    const disk = await runRaftKv({ n: 5, seed: 2, writes: 40, network: net, faults }, { durable: db })
    expect(disk.traceHash).toBe(mem.traceHash)
    expect(disk.converged).toBe(true)
    expect(disk.recoveryMs.length).toBe(1)
    expect(disk.recoveryMs[0]).toBeGreaterThan(0)
    expect(db.rows()).toBeGreaterThan(40)
    db.close()
    // A new process (here: a new connection) reads the persisted Raft state back.
    const again = sqliteDurable(join(dir, 'raft.db'))
    expect(again.get(0, 'len')).toBeGreaterThan(40)
    expect(again.get(0, 'log:1')).toMatchObject({ term: expect.any(Number) })
    again.clear(0)
    expect(again.get(0, 'len')).toBeUndefined()
    again.close()
  })

  it('persists consensus state to SQLite for any mechanism', async () => {
    const db = sqliteDurable(':memory:')
    const { simulate } = await import('../../src/consensus/sim/simulator.ts')
    const { pbft } = await import('../../src/consensus/mechanisms/pbft.ts')
    const { oracleAgents } = await import('../../src/consensus/agents.ts')
    const r = await simulate(pbft(), oracleAgents({ options: ['A', 'B'], accuracy: 1 }), { n: 4, seed: 1, decisions: 2, faults: { crashes: [{ node: 3, at: 5, restart: 200 }] } }, { durable: db })
    expect(r.safety.ok).toBe(true)
    expect(r.liveness.live).toBe(true)
    expect(db.get(3, 'decided')).toEqual([[0, r.decisions[0]![0]], [1, r.decisions[0]![1]]])
    db.close()
    expect(() => sqliteDurable(join(dir, 'missing', 'x.db'))).toThrow(/cannot open/)
  })
})

describe('swarm memory as an LWW-map CRDT', () => {
  it('converges under loss and crash/restart, resolving partition conflicts by LWW', async () => {
    const faults = { crashes: [{ node: 1, at: 50, restart: 150 }], partitions: [{ at: 0, heal: 200, groups: [[0, 1], [2, 3, 4]] }] }
    const r = await runLwwKv({ n: 5, seed: 3, writes: 60, keys: 4, network: net, faults })
    expect(r.converged).toBe(true)
    expect(r.discardedConcurrent).toBeGreaterThan(0) // both sides of the partition wrote the same keys
    expect(r.reads.stale).toBeGreaterThan(0)
    expect(r.syncLatencies.length).toBeGreaterThan(0)
    const clean = await runLwwKv({ n: 5, seed: 3, writes: 60, keys: 4 })
    expect(clean.converged).toBe(true)
    expect(clean.syncLatency!.p50).toBeLessThan(r.syncLatency!.p50)
  })

  it('orders entries by (timestamp, writer)', () => {
    expect(lwwWins(['k', 'a', 2, 0], ['k', 'b', 1, 5])).toBe(true)
    expect(lwwWins(['k', 'a', 2, 1], ['k', 'b', 2, 0])).toBe(true)
    expect(lwwWins(['k', 'a', 2, 0], ['k', 'b', 2, 1])).toBe(false)
  })

  it('reads honour restarts: state is rebuilt from scratch after one', () => {
    const tl = { changes: [{ time: 1, k: 'a', v: '1' }, { time: 5, k: 'a', v: '2' }], resets: [3] }
    expect(valueAt(tl, 'a', 2)).toBe('1')
    expect(valueAt(tl, 'a', 4)).toBeUndefined()
    expect(valueAt(tl, 'a', 6)).toBe('2')
  })

  it('rejects bad options', async () => {
    await expect(runLwwKv({ n: 0, seed: 1 })).rejects.toThrow(/swarm memory options: n/)
    await expect(runRaftKv({ n: 3, seed: 1, writes: -1 })).rejects.toThrow(/writes/)
  })
})
