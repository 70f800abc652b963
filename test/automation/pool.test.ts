import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  backoffCeiling, backoffDelay, classifyError, createPool, FatalError, parseRetryAfter, RetryableError,
  retryAfterFromHeaders, RetryPolicySchema, taskSeed, TaskTimeoutError, type PoolEvent,
} from '../../src/automation/index.ts'
import { createRng } from '../../src/random/index.ts'

describe('pool with a fake clock', () => {
  beforeEach(() => { vi.useFakeTimers({ now: 0 }) })
  afterEach(() => { vi.useRealTimers() })

  it('retries follow full-jitter exponential backoff exactly, from the seeded per-task stream', async () => {
    const retry = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250 }
    const events: PoolEvent[] = []
    const pool = createPool({ retry, seed: 42 }, { onEvent: e => events.push(e) })
    const starts: number[] = []
    const p = pool.settle({
      id: 'flaky',
      run: () => { starts.push(Date.now()); if (starts.length < 4) throw new RetryableError('busy'); return 'ok' },
    })
    await vi.runAllTimersAsync()
    expect(await p).toEqual({ ok: true, value: 'ok', attempts: 4 })
    // The delays the policy prescribes for this seed and task id.
    const rng = createRng(taskSeed(42, 'flaky'))
    const policy = RetryPolicySchema.parse(retry)
    const expected = [0, 1, 2].map(r => backoffDelay(policy, r, rng))
    const gaps = starts.slice(1).map((t, i) => t - starts[i]!)
    expect(gaps).toEqual(expected)
    expect(expected[0]).toBeLessThan(100); expect(expected[1]).toBeLessThan(200); expect(expected[2]).toBeLessThan(250)
    expect(events.filter(e => e.type === 'retry').map(e => (e as { delayMs: number }).delayMs)).toEqual(expected)
    expect(pool.stats()).toMatchObject({ succeeded: 1, failed: 0, retries: 3 })
  })

  it('honours a retry-after hint as the lower bound of the wait', async () => {
    const pool = createPool({ retry: { maxAttempts: 2, baseDelayMs: 10 } })
    const starts: number[] = []
    const p = pool.run({ id: 'limited', run: () => { starts.push(Date.now()); if (starts.length === 1) throw Object.assign(new Error('429'), { status: 429, headers: { 'retry-after': '3' } }); return 1 } })
    await vi.advanceTimersByTimeAsync(2999)
    expect(starts).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(await p).toBe(1)
    expect(starts).toEqual([0, 3000])
  })

  it('gives up when the hint exceeds maxRetryAfterMs rather than stalling', async () => {
    const pool = createPool({ retry: { maxAttempts: 5, maxRetryAfterMs: 1000 } })
    const s = await pool.settle({ id: 'x', run: () => { throw new RetryableError('later', { retryAfterMs: 60_000 }) } })
    expect(s).toMatchObject({ ok: false, attempts: 1, retryable: true })
  })

  it('does not retry a fatal error', async () => {
    const events: PoolEvent[] = []
    const pool = createPool({ retry: { maxAttempts: 5 } }, { onEvent: e => events.push(e) })
    let calls = 0
    const fatal = await pool.settle({ id: 'f', run: () => { calls++; throw new FatalError('bad request') } })
    expect(fatal).toMatchObject({ ok: false, attempts: 1, retryable: false })
    const unknown = await pool.settle({ id: 'g', run: () => { calls++; throw new TypeError('bug') } })
    expect(unknown).toMatchObject({ ok: false, attempts: 1, retryable: false })
    expect(calls).toBe(2)
    expect(events.map(e => e.type)).toEqual(['start', 'failure', 'start', 'failure'])
    await expect(pool.run({ id: 'h', run: () => { throw new FatalError('no') } })).rejects.toThrow('no')
  })

  it('aborts a task that exceeds its timeout: its AbortSignal fires with a TaskTimeoutError', async () => {
    const pool = createPool({ timeoutMs: 1000, retry: { maxAttempts: 1 } })
    let signal: AbortSignal | undefined
    const p = pool.settle({ id: 'slow', run: (ctx) => { signal = ctx.signal; return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason))) } })
    await vi.advanceTimersByTimeAsync(999)
    expect(signal!.aborted).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(signal!.aborted).toBe(true)
    expect(signal!.reason).toBeInstanceOf(TaskTimeoutError)
    const s = await p
    expect(s.ok).toBe(false)
    expect((s as { error: unknown }).error).toBeInstanceOf(TaskTimeoutError)
    expect(pool.stats().timeouts).toBe(1)
  })

  it('abandons a task that ignores its signal at the deadline, and retries timeouts', async () => {
    const pool = createPool({ retry: { maxAttempts: 2, baseDelayMs: 0 } })
    let attempts = 0
    const p = pool.settle({ id: 'deaf', timeoutMs: 50, run: ({ attempt }) => { attempts++; return attempt === 1 ? new Promise(() => {}) : 'second' } })
    await vi.advanceTimersByTimeAsync(49)
    expect(attempts).toBe(1)
    await vi.runAllTimersAsync()
    expect(await p).toEqual({ ok: true, value: 'second', attempts: 2 })
    expect(attempts).toBe(2)
  })

  it('holds the global and per-kind concurrency caps', async () => {
    const pool = createPool({ concurrency: 3, perKind: { llm: 1 } })
    let active = 0, maxActive = 0, llm = 0, maxLlm = 0
    const task = (i: number) => ({
      id: `t${i}`, kind: i % 2 ? 'llm' : 'tool',
      run: async ({ kind }: { kind: string }) => {
        active++; maxActive = Math.max(maxActive, active)
        if (kind === 'llm') { llm++; maxLlm = Math.max(maxLlm, llm) }
        await new Promise(r => setTimeout(r, 10))
        active--; if (kind === 'llm') llm--
        return i
      },
    })
    const all = Promise.all(Array.from({ length: 12 }, (_, i) => pool.run(task(i))))
    await vi.advanceTimersByTimeAsync(0)
    expect(pool.stats().active).toBe(3)
    expect(pool.stats().pending).toBeGreaterThan(0)
    await vi.runAllTimersAsync()
    expect(await all).toEqual(Array.from({ length: 12 }, (_, i) => i))
    expect(maxActive).toBe(3)
    expect(maxLlm).toBe(1)
  })

  it('a pool-level abort cancels running attempts and stops backoffs without retrying', async () => {
    const ctrl = new AbortController()
    const pool = createPool({ retry: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 1000 }, seed: 1 }, { signal: ctrl.signal })
    let seen: AbortSignal | undefined
    const running = pool.settle({ id: 'r', run: ({ signal }) => { seen = signal; return new Promise(() => {}) } })
    const backing = pool.settle({ id: 'b', run: () => { throw new RetryableError('busy') } })
    await vi.advanceTimersByTimeAsync(1)
    ctrl.abort(new Error('cancelled by user'))
    expect(seen!.aborted).toBe(true)
    expect(await running).toMatchObject({ ok: false, retryable: false, attempts: 1 })
    expect(await backing).toMatchObject({ ok: false, retryable: false, attempts: 1 })
    expect(await pool.settle({ id: 'late', run: () => 1 })).toMatchObject({ ok: false })
  })
})

describe('pool input checks', () => {
  it('names the bad option or task field', () => {
    expect(() => createPool({ concurrency: 0 })).toThrow(/createPool options: concurrency/)
    expect(() => createPool({ retry: { maxAttempts: 0 } })).toThrow(/retry\.maxAttempts/)
    expect(() => createPool({ bogus: 1 } as never)).toThrow(/bogus/)
    const pool = createPool()
    return Promise.all([
      expect(pool.settle({ id: '', run: () => 1 })).rejects.toThrow(/id must be a non-empty string/),
      expect(pool.settle({ id: 'x' } as never)).rejects.toThrow(/'x': run must be a function/),
    ])
  })
})

describe('error classification', () => {
  it('uses explicit flags, HTTP status, network codes and causes', () => {
    expect(classifyError(new RetryableError('x', { retryAfterMs: 5 }))).toEqual({ retryable: true, retryAfterMs: 5 })
    expect(classifyError(new FatalError('x'))).toEqual({ retryable: false })
    expect(classifyError({ status: 503 })).toEqual({ retryable: true })
    expect(classifyError({ statusCode: 400 })).toEqual({ retryable: false })
    expect(classifyError({ code: 'ECONNRESET' })).toEqual({ retryable: true })
    expect(classifyError(new Error('wrap', { cause: { code: 'ETIMEDOUT' } }))).toEqual({ retryable: true })
    expect(classifyError('string')).toEqual({ retryable: false })
    expect(classifyError(null)).toEqual({ retryable: false })
    expect(classifyError(new Error('plain'))).toEqual({ retryable: false })
    expect(classifyError(new TaskTimeoutError('t', 5))).toEqual({ retryable: true })
  })

  it('reads retry-after hints in seconds, dates and ms', () => {
    expect(parseRetryAfter('2')).toBe(2000)
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000)
    expect(parseRetryAfter('soon')).toBeUndefined()
    expect(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250' }) as never)).toBe(250)
    expect(retryAfterFromHeaders({ 'retry-after': ['1'] })).toBe(1000)
    expect(retryAfterFromHeaders({})).toBeUndefined()
    expect(classifyError({ status: 429, headers: new Headers({ 'retry-after': '1' }) })).toEqual({ retryable: true, retryAfterMs: 1000 })
  })
})

describe('backoff', () => {
  it('full jitter stays under the capped exponential ceiling and above any hint', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 20 }), fc.integer(), fc.nat(1000), fc.nat(100_000), fc.option(fc.nat(10_000), { nil: undefined }),
      (retry, seed, base, max, hint) => {
        const policy = RetryPolicySchema.parse({ baseDelayMs: base, maxDelayMs: max })
        const d = backoffDelay(policy, retry, createRng(seed), hint)
        const ceiling = backoffCeiling(policy, retry)
        expect(ceiling).toBeLessThanOrEqual(max)
        if (hint === undefined) { expect(d).toBeGreaterThanOrEqual(0); expect(d).toBeLessThanOrEqual(ceiling) }
        else { expect(d).toBeGreaterThanOrEqual(hint); expect(d).toBeLessThanOrEqual(Math.max(hint, ceiling)) }
        expect(Number.isInteger(d)).toBe(true)
      }))
  })
})
