// The checkers can fail: protocol-specific invariants are caught when faults exceed the bound.
import { describe, expect, it } from 'vitest'
import { simulate } from '../../src/consensus/sim/simulator.ts'
import { oracleAgents } from '../../src/consensus/agents.ts'
import { raft } from '../../src/consensus/mechanisms/raft.ts'
import { paxos } from '../../src/consensus/mechanisms/paxos.ts'
import { pbft, newViewChoice } from '../../src/consensus/mechanisms/pbft.ts'
import { majorityVoting } from '../../src/consensus/mechanisms/voting.ts'
import { twist } from '../../src/consensus/sim/byzantine.ts'

const agents = oracleAgents({ options: ['A', 'B', 'C'], accuracy: 0.7, strictJudge: false })
const tight = { latency: { kind: 'uniform' as const, min: 1, max: 3 } }

async function firstViolation(make: () => Parameters<typeof simulate>[0], opts: (seed: number) => Omit<Parameters<typeof simulate>[2], 'seed'>, pattern: RegExp, seeds = 300): Promise<string | undefined> {
  for (let seed = 1; seed <= seeds; seed++) {
    const r = await simulate(make(), agents, { seed, ...opts(seed) })
    const v = r.safety.violations.find(x => pattern.test(x))
    if (v) return v
  }
  return undefined
}

describe('checkers detect failures past the bound', () => {
  it('raft: a voter that grants every vote yields two leaders in one term', async () => {
    const v = await firstViolation(() => raft({ electionMin: 10, electionMax: 12 }), () => ({ n: 3, decisions: 2, maxTime: 2000, network: tight, faults: { byzantine: [{ node: 2, mode: 'wrong' }] } }), /two leaders in term/)
    expect(v).toMatch(/raft: two leaders in term \d+: nodes \d and \d/)
  })
  it('raft: a wiped disk (amnesia) loses committed entries', async () => {
    const v = await firstViolation(() => raft(), seed => ({ n: 3, decisions: 4, maxTime: 5000, faults: { amnesia: true, crashes: [{ node: seed % 3, at: 300 + (seed % 50), restart: 320 + (seed % 50) }, { node: (seed + 1) % 3, at: 400, restart: 420 }] } }), /lacks committed entry|committed entry .* changed|decided/)
    expect(v).toBeDefined()
  })
  it('paxos: an acceptor hiding its accepted value lets two values be chosen', async () => {
    const v = await firstViolation(() => paxos({ leaderOptimisation: false, electionMin: 10, electionMax: 14 }), () => ({ n: 3, decisions: 1, maxTime: 2000, network: tight, faults: { byzantine: [{ node: 2, mode: 'wrong' }] } }), /values chosen/)
    expect(v).toMatch(/paxos: slot \d+ had 2 values chosen/)
  })
  it('pbft: f+1 equivocating replicas produce conflicting prepared certificates', async () => {
    const v = await firstViolation(() => pbft(), () => ({ n: 4, decisions: 1, maxTime: 2000, faults: { byzantine: [{ node: 0, mode: 'equivocate' }, { node: 1, mode: 'equivocate' }] } }), /conflicting prepared/, 20)
    expect(v).toMatch(/pbft: conflicting prepared certificates at view:slot 0:0/)
  })
  it('voting: a lying coordinator splits the honest nodes', async () => {
    const r = await simulate(majorityVoting(), agents, { n: 5, seed: 1, faults: { byzantine: [{ node: 0, mode: 'equivocate' }] } })
    expect(r.safety.ok).toBe(false)
    expect(r.liveness.withinBound).toBe(false)
  })
  it('liveness is reported missing when more than f nodes crash for good', async () => {
    const r = await simulate(raft(), agents, { n: 3, seed: 1, maxTime: 3000, faults: { crashes: [{ node: 0, at: 0 }, { node: 1, at: 0 }] } })
    expect(r.safety.ok).toBe(true)
    expect(r.liveness).toEqual({ withinBound: false, live: false, undecidedNodes: [2] })
    expect(r.stopped).toBe('max-time')
  })
})

describe('pieces', () => {
  it('colluding liars agree on their lie', () => {
    expect(twist('A', 1, 'equivocate')).toBe('A′')
    expect(twist('A′', 1, 'equivocate')).toBe('A′')
    expect(twist('A′', 2, 'equivocate')).toBe('A')
    expect(twist('A', 2, 'wrong')).toBe('A!')
  })
  it('a new PBFT view re-proposes the highest certificate per slot', () => {
    const choice = newViewChoice([
      { i: 0, v: 3, s: 1, certs: [{ s: 0, v: 1, val: 'X' }] },
      { i: 1, v: 3, s: 2, certs: [{ s: 1, v: 2, val: 'Y' }, { s: 0, v: 9, val: 'X' }] },
      { i: 2, v: 3, s: 2, certs: [{ s: 1, v: 1, val: 'Z' }] },
    ], 10)
    expect(choice).toEqual([{ s: 1, val: 'Y' }, { s: 2, val: null }])
  })
})
