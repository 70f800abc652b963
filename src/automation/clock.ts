// Time source for the automation runners. The default reads the globals at call time, so
// `vi.useFakeTimers()` takes effect even on a pool created before the timers were faked.

export interface Clock {
  /** Milliseconds, monotonic enough for rates and ETAs. */
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}

/** Resolves after `ms` on `clock`; rejects with the signal's reason if it aborts first. */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason); return }
    const onAbort = (): void => { clock.clearTimeout(handle); reject(signal!.reason) }
    const handle = clock.setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve() }, Math.max(0, ms))
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
