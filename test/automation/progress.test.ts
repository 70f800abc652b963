import { describe, expect, it } from 'vitest'
import { createProgressWriter, formatProgressDuration, formatLiveLine, formatPlainLine, initialProgress, progressFigures, reduceProgress, type Clock, type PoolEvent } from '../../src/automation/index.ts'

const ev = (type: PoolEvent['type'], id: string): PoolEvent =>
  ({ type, id, kind: 'default', attempt: 1, at: 0, durationMs: 0, delayMs: 0, error: null, retryable: false }) as PoolEvent

describe('progress state and formatting', () => {
  it('tracks done, failed, running and retrying through pool events', () => {
    let s = initialProgress(10, 2, 0)
    for (const e of [ev('start', 'a'), ev('start', 'b'), ev('success', 'a'), ev('retry', 'b'), ev('start', 'c'), ev('failure', 'c'), ev('failure', 'b')]) s = reduceProgress(s, e)
    expect(s).toMatchObject({ done: 1, failed: 2, running: 0, skipped: 2 })
    expect(s.retrying.size).toBe(0)
    s = reduceProgress(reduceProgress(s, ev('start', 'd')), ev('retry', 'd'))
    expect(s.retrying.has('d')).toBe(true)
    s = reduceProgress(s, ev('start', 'd'))
    expect(s.retrying.size).toBe(0)
    expect(s.running).toBe(1)
  })

  it('computes rate from work done in this run and the ETA from what is left', () => {
    const s = { ...initialProgress(100, 20, 0), done: 30, failed: 10 }
    expect(progressFigures(s, 10_000)).toEqual({ finished: 40, remaining: 40, ratePerSec: 4, etaSec: 10, elapsedSec: 10 })
    expect(progressFigures(initialProgress(5, 0, 0), 0).etaSec).toBeUndefined()
    expect(progressFigures(initialProgress(5, 5, 0), 0).etaSec).toBe(0)
  })

  it('formats a live line and a plain CI line', () => {
    const s = { ...initialProgress(100, 20, 0), done: 30, failed: 10, retrying: new Set(['x', 'y']), running: 3 }
    expect(formatLiveLine('bench', s, 10_000)).toBe('bench 50/100 done (60%) · 10 failed · 2 retrying · 4.0/s · ETA 10s')
    expect(formatLiveLine('bench', s, 10_000, 20)).toHaveLength(20)
    expect(formatPlainLine('bench', s, 10_000)).toBe('[bench] 50/100 done, 10 failed, 2 retrying, 3 running, 20 from checkpoint, 4.0 tasks/s, elapsed 10s, ETA 10s')
    expect(formatLiveLine('b', { ...initialProgress(1000, 0, 0), done: 500 }, 10_000)).toBe('b 500/1000 done (50%) · 50/s · ETA 10s')
    expect([formatProgressDuration(undefined), formatProgressDuration(59.4), formatProgressDuration(61), formatProgressDuration(7322), formatProgressDuration(Infinity)]).toEqual(['?', '59s', '1m01s', '2h02m', '?'])
  })
})

describe('progress writer', () => {
  const manualClock = () => {
    let now = 0
    const timers: { at: number; fn: () => void }[] = []
    const clock: Clock = { now: () => now, setTimeout: (fn, ms) => { const t = { at: now + ms, fn }; timers.push(t); return t }, clearTimeout: (h) => { const i = timers.indexOf(h as never); if (i >= 0) timers.splice(i, 1) } }
    const advance = (ms: number) => {
      now += ms
      for (let t; (t = timers.find(x => x.at <= now));) { timers.splice(timers.indexOf(t), 1); t.fn() }
    }
    return { clock, advance, timers }
  }

  it('writes plain periodic lines when not a TTY', () => {
    const out: string[] = []
    const { clock, advance, timers } = manualClock()
    const w = createProgressWriter({ stream: { write: c => out.push(c) }, clock, intervalMs: 1000, label: 'ci' })
    w.start(4, 0)
    expect(out).toEqual([])
    w.event(ev('start', 'a')); w.event(ev('success', 'a'))
    advance(1000)
    expect(out).toEqual(['[ci] 1/4 done, 0 failed, 0 retrying, 0 running, 1.0 tasks/s, elapsed 1s, ETA 3s\n'])
    advance(1000)
    expect(out).toHaveLength(2)
    w.finish()
    expect(out).toHaveLength(3)
    expect(timers).toHaveLength(0)
  })

  it('redraws one line in place on a TTY, throttled', () => {
    const out: string[] = []
    const { clock, advance } = manualClock()
    const w = createProgressWriter({ stream: { write: c => out.push(c), isTTY: true, columns: 80 }, clock })
    w.start(2, 0)
    expect(out[0]).toMatch(/^\rbatch 0\/2 done \(0%\).*\x1b\[K$/)
    w.event(ev('start', 'a'))
    expect(out).toHaveLength(1)
    advance(50); w.event(ev('success', 'a'))
    expect(out).toHaveLength(1)
    advance(100)
    expect(out).toHaveLength(2)
    w.finish()
    expect(out.at(-1)).toBe('\n')
    expect(out.at(-2)).toContain('1/2 done')
  })
})
