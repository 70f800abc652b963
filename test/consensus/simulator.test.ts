import { describe, expect, it } from 'vitest'
import { createRng } from '../../src/random/index.ts'
import { simulate, sampleLatency } from '../../src/consensus/sim/simulator.ts'
import { parseSimOptions } from '../../src/consensus/sim/schema.ts'
import { tokenFlood } from '../../src/consensus/workloads.ts'
import { oracleAgents } from '../../src/consensus/agents.ts'
import { runScenario } from '../../src/consensus/scenario.ts'
import { replayScenario, describeRun } from '../../src/consensus/replay.ts'
import type { Protocol } from '../../src/consensus/sim/types.ts'

const agents = oracleAgents({ options: ['A', 'B', 'C'], accuracy: 0.8 })

describe('simulator', () => {
  it('is deterministic: same seed, same trace and hash; another seed differs', async () => {
    const a = await replayScenario({ mechanism: 'raft', seed: 7, n: 5, decisions: 2 })
    const b = await replayScenario({ mechanism: 'raft', seed: 7, n: 5, decisions: 2 })
    const c = await replayScenario({ mechanism: 'raft', seed: 8, n: 5, decisions: 2 })
    expect(a.trace).toEqual(b.trace)
    expect(a.traceHash).toBe(b.traceHash)
    expect(c.traceHash).not.toBe(a.traceHash)
    expect(describeRun(a)).toContain(`trace hash ${a.traceHash}`)
    const plain = await runScenario({ mechanism: 'raft', seed: 7, n: 5, decisions: 2 })
    expect(plain.traceHash).toBe(a.traceHash) // keeping the trace does not change the run
    expect(plain.trace).toBeUndefined()
  })

  it('rejects bad options naming the field', async () => {
    expect(() => parseSimOptions({ n: 3, seed: 1, faults: { crashes: [{ node: 5, at: 1 }] } })).toThrow(/faults\.crashes\.0\.node: node 5 does not exist/)
    expect(() => parseSimOptions({ n: 3, seed: 1, network: { loss: 2 } })).toThrow(/network\.loss/)
    expect(() => parseSimOptions({ n: 3, seed: 1, faults: { crashes: [{ node: 1, at: 10, restart: 5 }] } })).toThrow(/restart must be >= at/)
    expect(() => parseSimOptions({ n: 3, seed: 1, faults: { partitions: [{ at: 0, groups: [[0], [7]] }] } })).toThrow(/groups\.1\.0/)
    await expect(runScenario({ mechanism: 'nope' as 'raft', seed: 1 })).rejects.toThrow(/mechanism/)
  })

  it('samples every latency distribution within its support', () => {
    const rng = createRng(3)
    for (let i = 0; i < 200; i++) {
      expect(sampleLatency({ kind: 'constant', ms: 4 }, rng)).toBe(4)
      const u = sampleLatency({ kind: 'uniform', min: 2, max: 5 }, rng)
      expect(u).toBeGreaterThanOrEqual(2); expect(u).toBeLessThan(5)
      expect(sampleLatency({ kind: 'exponential', mean: 3, min: 1 }, rng)).toBeGreaterThanOrEqual(1)
      expect(sampleLatency({ kind: 'lognormal', median: 3, sigma: 0.5 }, rng)).toBeGreaterThan(0)
    }
  })

  it('injects loss and duplication at the configured rates', async () => {
    const clean = await simulate(tokenFlood(50, 200), agents, { n: 8, seed: 1 })
    expect(clean.messages).toBe(50 * 200)
    expect(clean.delivered).toBe(clean.messages)
    let bytes = 0
    for (let ttl = 1; ttl <= 200; ttl++) bytes += 50 * JSON.stringify({ t: 'tok', ttl }).length
    expect(clean.bytes).toBe(bytes)
    const lossy = await simulate(tokenFlood(2000, 1), agents, { n: 8, seed: 1, network: { loss: 0.3 } })
    expect(lossy.dropped / lossy.messages).toBeGreaterThan(0.25)
    expect(lossy.dropped / lossy.messages).toBeLessThan(0.35)
    const dup = await simulate(tokenFlood(2000, 1), agents, { n: 8, seed: 1, network: { duplicate: 0.2 } })
    expect(dup.delivered / dup.messages).toBeGreaterThan(1.15)
    expect(dup.delivered / dup.messages).toBeLessThan(1.25)
  })

  it('drops messages across a partition until it heals, and to crashed nodes', async () => {
    const part = await simulate(tokenFlood(500, 1), agents, { n: 4, seed: 2, faults: { partitions: [{ at: 0, groups: [[0], [1, 2, 3]] }] } })
    expect(part.delivered).toBe(0)
    const healed = await simulate(tokenFlood(500, 1), agents, { n: 4, seed: 2, faults: { partitions: [{ at: 0, heal: 0.5, groups: [[0], [1, 2, 3]] }] } })
    expect(healed.delivered).toBe(500)
    const crashed = await simulate(tokenFlood(600, 1), agents, { n: 4, seed: 2, network: { latency: { kind: 'constant', ms: 5 } }, faults: { crashes: [{ node: 1, at: 1 }] } })
    expect(crashed.delivered).toBeLessThan(600)
    expect(crashed.delivered).toBeGreaterThan(300)
  })

  it('keeps persisted state across restart and loses it under amnesia', async () => {
    type M = { t: 'x' }
    const seen: (number | undefined)[] = []
    const proto: Protocol<M> = {
      name: 'counter',
      init(ctx) {
        const restored = ctx.restore<number>('boots')
        if (ctx.id === 0) seen.push(restored)
        ctx.persist('boots', (restored ?? 0) + 1)
        return { onMessage() {}, onTimer() {} }
      },
      withinBound: () => true,
    }
    await simulate(proto, agents, { n: 2, seed: 1, faults: { crashes: [{ node: 0, at: 5, restart: 6 }, { node: 0, at: 7, restart: 8 }] } })
    expect(seen).toEqual([undefined, 1, 2])
    seen.length = 0
    await simulate(proto, agents, { n: 2, seed: 1, faults: { amnesia: true, crashes: [{ node: 0, at: 5, restart: 6 }] } })
    expect(seen).toEqual([undefined, undefined])
  })

  it('awaits async agents without advancing virtual time', async () => {
    const slow = oracleAgents({ options: ['A', 'B'], accuracy: 1 })
    let pending = 0, maxPending = 0, done = 0
    const asyncAgents = (node: number, rng: ReturnType<typeof createRng>) => {
      const inner = slow(node, rng)
      return {
        async propose(q: { node: number; slot: number }) {
          maxPending = Math.max(maxPending, ++pending)
          await new Promise(r => setTimeout(r, 2))
          pending--; done++
          return inner.propose(q)
        },
        async judge() { await Promise.resolve(); return true },
      }
    }
    const { majorityVoting } = await import('../../src/consensus/mechanisms/voting.ts')
    const sync = await simulate(majorityVoting(), slow, { n: 5, seed: 4, decisions: 2 })
    const asy = await simulate(majorityVoting(), asyncAgents, { n: 5, seed: 4, decisions: 2 })
    expect(asy.traceHash).toBe(sync.traceHash)
    expect(asy.decidedAt).toBe(sync.decidedAt)
    expect(done).toBeGreaterThan(5)
    expect(maxPending).toBe(1) // one callback at a time: the event loop waited for each
  })

  it('stops at maxTime and maxEvents', async () => {
    const t = await simulate(tokenFlood(10, 1e6), agents, { n: 4, seed: 1, maxTime: 50 })
    expect(t.stopped).toBe('max-time')
    expect(t.virtualTime).toBeLessThanOrEqual(50)
    const e = await simulate(tokenFlood(10, 1e6), agents, { n: 4, seed: 1, maxEvents: 100 })
    expect(e.stopped).toBe('max-events')
    expect(e.events).toBe(100)
  })
})
