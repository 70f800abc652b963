// Safety over seeded fault schedules: 500 per mechanism here (the full 10,000 run in
// scripts/consensus-safety.ts), and past the bound the checkers must catch the failure.
import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/consensus/registry.ts'
import { safetySweep } from '../../src/consensus/sweep.ts'

describe.each(MECHANISMS)('%s safety sweep', mechanism => {
  it('finds no violation in 500 schedules within the fault bound, and every run decides', async () => {
    const r = await safetySweep({ mechanism, seeds: 500 })
    expect(r.failures).toEqual([])
    expect(r.unsafe).toBe(0)
    expect(r.withinBound).toBe(500)
    expect(r.live).toBeGreaterThanOrEqual(495) // liveness is reported, not promised: heavy loss can outlast 30 s of virtual time
  })
  it('detects violations past the bound', async () => {
    const r = await safetySweep({ mechanism, seeds: 40, faults: 'beyond' })
    expect(r.unsafe).toBeGreaterThan(0)
    expect(r.withinBound).toBe(0)
  })
})
