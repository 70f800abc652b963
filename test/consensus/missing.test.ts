// Missing is missing in the consensus measurements: nothing decided has no agreement (not 0 agreement), no
// read served has no stale ratio, and the runs that decided nothing are counted.
import { describe, expect, it } from 'vitest'
import { honestAgreement, measureMechanism, simulationLabel } from '../../src/consensus/measure.ts'
import { sampleReads } from '../../src/consensus/memory/common.ts'

describe('missing consensus figures', () => {
  it('honest agreement is null when no honest node decided any slot', () => {
    expect(honestAgreement({ target: 2, honest: [true, true, false], decisions: [[], [], ['X', 'X']] } as never)).toBeNull()
    expect(honestAgreement({ target: 2, honest: [true, true], decisions: [['A'], ['A']] } as never)).toBe(1)
  })

  it('a measurement whose runs decided nothing has no agreement value and counts those runs', async () => {
    // every message lost: no node hears a quorum, nothing is decided
    const m = await measureMechanism('raft', { n: 3, decisions: 2, seeds: 2, network: { loss: 1 } })
    expect(m.decidedFraction).toBe(0)
    expect(m.honestAgreement).toBeNull()
    expect(m.undecidedRuns).toBe(2)
    expect(m.provenance).toEqual({ kind: 'simulated', how: simulationLabel('raft', { n: 3, decisions: 2, seeds: 2, network: { loss: 1 } }) })
    expect(m.provenance.how).toMatch(/^raft, n = 3, seeds 1–2, 2 decisions, network \{"loss":1\}/)
  })

  it('no read on a running node: the stale ratio is null, not 0', () => {
    const down = [[[0, Infinity]]] as [number, number][][]
    const r = sampleReads({ seed: 1, reads: 50, keys: 2, end: 100, n: 1 }, [{ changes: [], resets: [] }], down, () => undefined)
    expect(r).toEqual({ reads: 0, stale: 0, staleRatio: null })
  })
})
