import { describe, expect, it } from 'vitest'
import { fitExponent, honestAgreement, measureMechanism } from '../../src/consensus/measure.ts'
import { decisionQuality, groundTruth, oracleAgents } from '../../src/consensus/agents.ts'
import { mechanismInfo } from '../../src/consensus/registry.ts'
import { createRng } from '../../src/random/index.ts'

describe('measurements', () => {
  it('fits power laws exactly and rejects bad input', () => {
    const xs = [2, 4, 8, 16]
    expect(fitExponent(xs, xs.map(x => 3 * x ** 2)).exponent).toBeCloseTo(2, 10)
    expect(fitExponent(xs, xs.map(x => 5 * x)).r2).toBeCloseTo(1, 10)
    expect(() => fitExponent([1], [1])).toThrow(/two/)
    expect(() => fitExponent([1, 2], [0, 1])).toThrow(/positive/)
  })

  it('message complexity: PBFT grows quadratically, Raft linearly', async () => {
    const per = async (m: 'pbft' | 'raft', ns: number[]) => Promise.all(ns.map(async n => (await measureMechanism(m, { n, decisions: 10, seeds: 1 })).messagesPerDecision))
    const pb = fitExponent([10, 16, 25], await per('pbft', [10, 16, 25]))
    const rf = fitExponent([10, 16, 25], await per('raft', [10, 16, 25]))
    expect(pb.exponent).toBeGreaterThan(1.8)
    expect(pb.exponent).toBeLessThan(2.2)
    expect(rf.exponent).toBeGreaterThan(0.8)
    expect(rf.exponent).toBeLessThan(1.5) // heartbeats and the odd split vote sit on top of the O(n) replication
  })

  it('aggregates decisions, agreement and quality over seeded runs, with faults', async () => {
    const m = await measureMechanism('multi-paxos', { n: 5, decisions: 3, seeds: 4, faults: true })
    expect(m.runs).toBe(4)
    expect(m.decidedFraction).toBe(1)
    expect(m.honestAgreement).toBe(1)
    expect(m.safetyViolations).toBe(0)
    expect(m.quality).toBeGreaterThan(0)
    expect(m.leaderElections).toBeGreaterThanOrEqual(1)
    const clean = await measureMechanism('majority', { n: 9, decisions: 20, seeds: 1, accuracy: 0.7, network: { latency: { kind: 'constant', ms: 2 } } })
    expect(clean.virtualMsPerDecision).toBeGreaterThan(0)
    expect(clean.quality).toBeGreaterThan(0.8) // nine 70%-accurate voters beat one
    expect(clean.messagesPerDecision).toBeGreaterThanOrEqual(4 * 8)
  })

  it('honest agreement and quality see disagreement and the truth', () => {
    const base = { target: 2, honest: [true, true, true, false], decisions: [['A', 'B'], ['A', 'B'], ['C'], ['X', 'X']] }
    expect(honestAgreement(base as never)).toBeCloseTo((2 / 3 + 1) / 2)
    expect(decisionQuality(base.decisions, base.honest, 2, s => (s === 0 ? 'A' : 'C'))).toBe(0.5)
    expect(groundTruth(['A', 'B', 'C'], 1, 5)).toBe(groundTruth(['A', 'B', 'C'], 1, 5))
    const a = oracleAgents({ options: ['A', 'B'], accuracy: [1, 0] })
    expect(a(0, createRng(1)).propose({ node: 0, slot: 3 })).toEqual({ value: a.truth(3), confidence: 1 })
    expect(a(1, createRng(1)).propose({ node: 1, slot: 3 })).toEqual({ value: a.truth(3) === 'A' ? 'B' : 'A', confidence: 0 })
    expect(a(0, createRng(1)).judge!({ node: 0, slot: 0, value: 'Z' })).toBe(false)
    expect(() => mechanismInfo('zab')).toThrow(/unknown consensus mechanism 'zab'/)
  })
})
