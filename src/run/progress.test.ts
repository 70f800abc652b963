import { describe, expect, test } from 'vitest'
import { ProgressTicker } from './progress.ts'

describe('progress lines without a terminal', () => {
  test('a line whenever nothing was printed for the interval, naming the file, the test and the last benchmark done', () => {
    let now = 0
    const printed: string[] = []
    const p = new ProgressTicker({ print: l => printed.push(l), intervalMs: 10_000, now: () => now })
    p.start(14, false)
    p.moduleStart('benches/ensemble.bench.ts')
    p.testStart('benches/ensemble.bench.ts', 'ensembles on Wine')
    now = 9_999
    expect(p.tick()).toBeUndefined()
    now = 10_000
    expect(p.tick()).toBe('swarmbench: still running benches/ensemble.bench.ts (test "ensembles on Wine"): 10 s in this file; 0 of 14 files done, 10 s in all')
    p.benchDone('benches/ensemble.bench.ts', 'majority')
    now = 15_000
    expect(p.tick()).toBeUndefined()
    now = 20_000
    expect(p.tick()).toMatch(/last benchmark done: majority\): 20 s in this file/)
    p.moduleEnd('benches/ensemble.bench.ts') // Vitest prints the file's results: that is output
    p.moduleStart('benches/store.bench.ts')
    now = 29_000
    expect(p.tick()).toBeUndefined()
    now = 95_000
    expect(p.tick()).toBe('swarmbench: still running benches/store.bench.ts: 1 min 15 s in this file; 1 of 14 files done, 1 min 35 s in all')
    expect(printed).toHaveLength(3)
    p.stop()
  })
  test('nothing running: nothing to say; the timer does not hold the process open', () => {
    let now = 0
    const p = new ProgressTicker({ print: () => {}, intervalMs: 10, now: () => now })
    p.start(1)
    now = 100
    expect(p.tick()).toBeUndefined()
    p.stop()
  })
})
