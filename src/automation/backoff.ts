// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"):
// wait = random(0, min(cap, base * 2^attempt)), so synchronized clients spread out instead of retrying in lockstep.
import { z } from 'zod'
import type { Rng } from '../random/index.ts'

export const RetryPolicySchema = z.strictObject({
  /** Attempts in total, the first included (1 = no retries). */
  maxAttempts: z.number().int().min(1).default(3),
  /** Upper bound of the first retry's jitter window, ms. */
  baseDelayMs: z.number().nonnegative().default(100),
  /** Largest jitter window, ms. */
  maxDelayMs: z.number().nonnegative().default(30_000),
  /** Ceiling on an honoured retry-after hint, ms; a longer hint makes the error fatal rather than stalling the run. */
  maxRetryAfterMs: z.number().nonnegative().default(120_000),
})
export type RetryPolicy = z.output<typeof RetryPolicySchema>
export type RetryPolicyInput = z.input<typeof RetryPolicySchema>

/** Upper bound of the jitter window before retry number `retry` (0 = first retry). */
export function backoffCeiling(policy: RetryPolicy, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry)
}

/**
 * Delay before retry number `retry` (0-based). Full jitter draws uniformly below the ceiling; a
 * retry-after hint is a floor, because the server told us when it will accept work again.
 */
export function backoffDelay(policy: RetryPolicy, retry: number, rng: Rng, retryAfterMs?: number): number {
  // Whole milliseconds: timers have no finer resolution, and logged delays then match what happened.
  const jittered = Math.floor(rng.next() * backoffCeiling(policy, retry))
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.ceil(retryAfterMs))
}
