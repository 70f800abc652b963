import { describe, expect, it } from 'vitest'
import { constants } from 'node:perf_hooks'
import { collectGarbage, diffMemory, gcFunction, measureAllocation, MEMORY_EXEC_ARGV, NO_GC_WARNING, observeGc, readMemory, summariseGcEntries, withMemoryExecArgv } from '../../src/memory/gc.ts'
import { workerGc } from './helpers.ts'

describe('exec argv for the plugin', () => {
  it('asks for --expose-gc, added once', () => {
    expect(MEMORY_EXEC_ARGV).toEqual(['--expose-gc'])
    expect(withMemoryExecArgv()).toEqual(['--expose-gc'])
    expect(withMemoryExecArgv(['--max-old-space-size=4096'])).toEqual(['--max-old-space-size=4096', '--expose-gc'])
    expect(withMemoryExecArgv(['--expose-gc'])).toEqual(['--expose-gc'])
    expect(withMemoryExecArgv(['--expose_gc'])).toEqual(['--expose_gc'])
  })
  it('the warning says what to do', () => {
    expect(NO_GC_WARNING).toMatch(/--expose-gc/)
    expect(NO_GC_WARNING).toMatch(/execArgv/)
  })
  it('finds gc only where it is exposed', () => {
    let calls = 0
    expect(gcFunction({})).toBeUndefined()
    expect(gcFunction({ gc: 'not a function' })).toBeUndefined()
    gcFunction({ gc: () => { calls++ } })!()
    expect(calls).toBe(1)
  })
})

describe('summariseGcEntries', () => {
  it('counts entries in the window by kind and sums their durations', () => {
    const e = (startTime: number, duration: number, kind?: number) => ({ startTime, duration, ...(kind !== undefined ? { detail: { kind } } : {}) })
    const s = summariseGcEntries([
      e(1, 0.5, constants.NODE_PERFORMANCE_GC_MINOR), e(2, 3, constants.NODE_PERFORMANCE_GC_MAJOR),
      e(3, 1, constants.NODE_PERFORMANCE_GC_INCREMENTAL), e(4, 0.25, constants.NODE_PERFORMANCE_GC_WEAKCB), e(5, 9), e(50, 7, constants.NODE_PERFORMANCE_GC_MAJOR),
    ], 0, 10)
    expect(s).toEqual({ count: 5, timeMs: 13.75, byKind: { minor: 1, major: 1, incremental: 1, weakcb: 1 } })
  })
})

describe('measurements against the real collector', () => {
  it('observes forced collections', async () => {
    const gc = workerGc()
    const obs = observeGc()
    collectGarbage(gc, 3)
    const s = await obs.stop()
    expect(s.count).toBeGreaterThanOrEqual(3)
    expect(s.byKind.major).toBeGreaterThanOrEqual(3)
    expect(s.timeMs).toBeGreaterThan(0)
  })

  it('reads memory and diffs readings', () => {
    const a = readMemory(), b = readMemory()
    for (const k of ['heapUsed', 'heapTotal', 'external', 'arrayBuffers', 'rss'] as const) expect(a[k]).toBeGreaterThan(0)
    expect(diffMemory(b, a).rss).toBe(b.rss - a.rss)
  })

  it('allocation per call scales with what the function allocates, and is ~0 for a no-op', async () => {
    let sink = 0
    const alloc = (n: number) => () => { const xs = new Array(n); for (let i = 0; i < n; i++) xs[i] = { i }; sink += xs.length }
    // Warmed up first, as a benchmark is: code compiled during a measured loop lands on the heap too, and a
    // loaded machine moved that compilation into the loop (seen once as a failure of the no-op bound).
    const fns = { small: alloc(100), big: alloc(400), noop: () => { sink++ } }
    for (const f of Object.values(fns)) await measureAllocation(f, 2000, false)
    const small = await measureAllocation(fns.small, 2000, false)
    const big = await measureAllocation(fns.big, 2000, false)
    const noop = await measureAllocation(fns.noop, 20000, false)
    const ratio = big.heapBytes / small.heapBytes
    expect(ratio).toBeGreaterThan(3.3)
    expect(ratio).toBeLessThan(4.7)
    // 100 objects of ≥ 16 bytes each plus an 800-byte backing store: at least 2 KiB per call.
    expect(small.heapBytes / 2000).toBeGreaterThan(2048)
    expect(small.gcCount).toBeGreaterThan(0)
    expect(small.peakHeapUsed).toBeGreaterThan(0)
    expect(noop.heapBytes / 20000).toBeLessThan(1)
    expect(sink).toBeGreaterThan(0)
  })

  it('counts external memory and awaits async functions', async () => {
    const r = await measureAllocation(async () => new Uint8Array(8192), 200, true)
    expect(r.externalBytes / 200).toBeGreaterThanOrEqual(8192)
    expect(r.externalBytes / 200).toBeLessThan(8192 * 1.2)
    await expect(measureAllocation(() => 0, 0, false)).rejects.toThrow(/positive integer/)
  })
})
