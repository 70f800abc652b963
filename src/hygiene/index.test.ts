import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hygieneWarnings, measureTimer, timerFigures, type HygieneInput } from './index.ts'

const ok: HygieneInput = {
  id: 'file › test › fn',
  latency: { mean: 0.05, min: 0.04, max: 0.2, p50: 0.049, p99: 0.09, rme: 1.2, n: 5000 },
  timer: { resolutionMs: 1e-5, overheadMs: 4e-5 },
  moduleRunner: true,
  firstSampleMs: 0.3,
}
const codes = (i: HygieneInput) => hygieneWarnings(i).map(w => w.code)

describe('hygieneWarnings', () => {
  it('is quiet on a sound benchmark', () => {
    expect(hygieneWarnings(ok)).toEqual([])
  })
  it('mean below the timer resolution', () => {
    const w = hygieneWarnings({ ...ok, latency: { ...ok.latency, mean: 5e-6, p50: 5e-6 }, timer: { resolutionMs: 1e-4 } })
    expect(w[0]!.code).toBe('below-timer-resolution')
    expect(w[0]!.message).toMatch(/file › test › fn: mean 5\.0 ns is below the timer's resolution \(100\.0 ns\)/)
    expect(w[0]!.fix).toMatch(/Loop the work/)
  })
  it('dead code: zero median, as cheap as an empty function, or impossibly fast', () => {
    expect(codes({ ...ok, latency: { ...ok.latency, p50: 0 } })).toContain('dead-code')
    expect(codes({ ...ok, latency: { ...ok.latency, mean: 9e-5, p50: 4.5e-5 }, moduleRunner: false })).toEqual(['dead-code'])
    expect(hygieneWarnings({ ...ok, latency: { ...ok.latency, mean: 9e-5, p50: 4.5e-5 }, moduleRunner: false })[0]!.message).toMatch(/median 45\.0 ns per call \(mean 90\.0 ns, the table's figure\) is no more than the timer's own 40\.0 ns/)
    expect(codes({ ...ok, latency: { ...ok.latency, mean: 9e-5, p50: 5.2e-5 }, moduleRunner: false })).toEqual([]) // 1.3× a reading: real work
    expect(codes({ ...ok, latency: { ...ok.latency, mean: 5e-7, p50: 5e-7 }, timer: { resolutionMs: 1e-7 }, moduleRunner: false })).toEqual(['dead-code'])
  })
  // Issue 16: the memory bench's append+trim (push and shift on a closure array) was reported as "median 95.0 ns"
  // in one warning and "268.6 ns per call" (the mean, unnamed) in the next, and suspected of being eliminated.
  const appendTrim: HygieneInput = { ...ok, latency: { ...ok.latency, mean: 268.6e-6, p50: 95e-6 }, timer: { resolutionMs: 1e-5, overheadMs: 80e-6 }, moduleRunner: true }
  it('every per-call time a message quotes is the median, named, with the mean of the table beside it', () => {
    const w = hygieneWarnings(appendTrim)
    expect(w.map(x => x.code)).toEqual(['dead-code', 'module-runner-getters'])
    for (const x of w) expect(x.message).toContain("median 95.0 ns per call (mean 268.6 ns, the table's figure)")
    // no per-call figure without its statistic's name
    for (const x of w) expect(x.message.replace(/median [\d.]+ ns per call \(mean [\d.]+ ns, the table's figure\)/, '')).not.toMatch(/[\d.]+ ns per call/)
    // when mean and median print alike, the median alone
    expect(hygieneWarnings({ ...appendTrim, latency: { ...appendTrim.latency, mean: 95e-6 } })[0]!.message).toMatch(/median 95\.0 ns per call is no more/)
  })
  it('a function measured allocating is not called dead code, however fast', () => {
    expect(hygieneWarnings({ ...appendTrim, allocBytesPerCall: 412 }).map(x => x.code)).toEqual(['module-runner-getters'])
    // no allocation (or the readings' fraction of a byte) leaves the suspicion standing
    expect(hygieneWarnings({ ...appendTrim, allocBytesPerCall: 0.4 }).map(x => x.code)).toContain('dead-code')
    expect(hygieneWarnings({ ...appendTrim, allocBytesPerCall: 16 }, { deadCodeAllocBytes: 32 }).map(x => x.code)).toContain('dead-code')
  })
  it("the getters' share is judged on the median call, not on a mean lifted by preempted calls", () => {
    expect(codes({ ...ok, latency: { ...ok.latency, mean: 1e-3, p50: 2e-4 }, firstSampleMs: undefined })).toEqual(['module-runner-getters'])
    expect(codes({ ...ok, latency: { ...ok.latency, mean: 2e-4, p50: 1e-3 }, firstSampleMs: undefined })).toEqual([])
  })
  it('high relative error, with a configurable limit', () => {
    expect(codes({ ...ok, latency: { ...ok.latency, rme: 14 } })).toEqual(['high-rme'])
    expect(hygieneWarnings({ ...ok, latency: { ...ok.latency, rme: 14 } }, { rmePct: 20 })).toEqual([])
  })
  it('slow first call only when both many times the median and over a millisecond slower', () => {
    expect(codes({ ...ok, firstSampleMs: 40 })).toEqual(['slow-first-sample'])
    expect(hygieneWarnings({ ...ok, firstSampleMs: 40 })[0]!.message).toMatch(/first call took 40\.00 ms, 816× the median 49\.00 µs/)
    expect(codes({ ...ok, firstSampleMs: 0.9 })).toEqual([]) // 18× but < 1 ms
    expect(codes({ ...ok, latency: { ...ok.latency, p50: 5, mean: 5 }, firstSampleMs: 50 })).toEqual([]) // 10×
  })
  it('module runner getters matter only for fast functions under the runner', () => {
    const fast = { ...ok, latency: { ...ok.latency, mean: 2e-4, p50: 2e-4 } }
    expect(codes(fast)).toEqual(['module-runner-getters'])
    expect(hygieneWarnings(fast)[0]!.fix).toMatch(/viteModuleRunner: false/)
    expect(codes({ ...fast, moduleRunner: false })).toEqual([])
  })
  it('no samples, no warnings; bad input named', () => {
    expect(hygieneWarnings({ ...ok, latency: { ...ok.latency, n: 0, mean: 0, p50: 0 } })).toEqual([])
    expect(() => hygieneWarnings({ ...ok, latency: { ...ok.latency, rme: 'x' as never } })).toThrow(/input latency\.rme/)
    expect(() => hygieneWarnings(ok, { rmePct: -1 })).toThrow(/threshold rmePct/)
  })
  it('each code at most once, every warning has a fix (property)', () => {
    fc.assert(fc.property(
      fc.record({ mean: fc.double({ min: 0, max: 100, noNaN: true }), p50: fc.double({ min: 0, max: 100, noNaN: true }), rme: fc.double({ min: 0, max: 200, noNaN: true }) }),
      fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.option(fc.double({ min: 0, max: 1e4, noNaN: true }), { nil: undefined }),
      (l, res, mr, first) => {
        const w = hygieneWarnings({ ...ok, latency: { ...ok.latency, ...l }, timer: { resolutionMs: res }, moduleRunner: mr, ...(first === undefined ? { firstSampleMs: undefined } : { firstSampleMs: first }) })
        expect(new Set(w.map(x => x.code)).size).toBe(w.length)
        for (const x of w) { expect(x.message.length).toBeGreaterThan(10); expect(x.fix.length).toBeGreaterThan(10) }
      }))
  })
})

describe('measureTimer', () => {
  it("measures this clock: a positive resolution and a positive cost per reading (Node's clock is finer than a call)", () => {
    const t = measureTimer(2000)
    expect(t.resolutionMs).toBeGreaterThan(0)
    expect(t.overheadMs).toBeGreaterThan(0)
    expect(t.resolutionMs).toBeLessThan(1)
    expect(() => measureTimer(1)).toThrow(/pairs/)
  })
  it('resolution is the smallest non-zero step; overhead the 5–95% trimmed mean, deaf to preempted readings', () => {
    // 100 readings: 40 at 0 (coarse clock), 55 at 50 ns, 5 preempted at 1 ms; trimming drops the 5 largest
    const d = [...Array(40).fill(0), ...Array(55).fill(5e-5), ...Array(5).fill(1)]
    const t = timerFigures(d)
    expect(t.resolutionMs).toBe(5e-5)
    expect(t.overheadMs).toBeCloseTo((35 * 0 + 55 * 5e-5) / 90, 15)
    expect(timerFigures([0, 0, 0])).toEqual({ resolutionMs: 0, overheadMs: 0 })
  })
})
