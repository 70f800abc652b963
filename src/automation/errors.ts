// Retryable vs fatal: the pool retries only what is marked or recognised as transient.

/** Throw this (or any error with `retryable: true`) to ask for a retry; `retryAfterMs` is a lower bound on the wait. */
export class RetryableError extends Error {
  readonly retryable = true
  readonly retryAfterMs: number | undefined
  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'RetryableError'
    this.retryAfterMs = options.retryAfterMs
  }
}

/** Throw this (or any error with `retryable: false`) to stop at once, whatever its status or code. */
export class FatalError extends Error {
  readonly retryable = false
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'FatalError'
  }
}

/** Raised when an attempt runs past its timeout; the attempt's AbortSignal carries it as reason. */
export class TaskTimeoutError extends Error {
  readonly retryable = true
  readonly taskId: string
  readonly timeoutMs: number
  constructor(taskId: string, timeoutMs: number) {
    super(`task '${taskId}' exceeded its timeout of ${timeoutMs} ms`)
    this.name = 'TaskTimeoutError'
    this.taskId = taskId
    this.timeoutMs = timeoutMs
  }
}

export interface Classification {
  retryable: boolean
  /** Minimum wait before the next attempt, from the error's hint (Retry-After and the like). */
  retryAfterMs?: number
}

export type Classifier = (error: unknown) => Classification

// Statuses that mean "try again later" in HTTP APIs, LLM providers included (429 rate limit, 529 overloaded).
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504, 529])
// Transient network failures as Node reports them.
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'])

/**
 * Default classification: an explicit `retryable` flag wins; then HTTP `status`/`statusCode`; then
 * Node network `code`s; anything else is fatal, so bugs fail fast instead of burning retries.
 */
export function classifyError(error: unknown): Classification {
  if (typeof error !== 'object' || error === null) return { retryable: false }
  const e = error as Record<string, unknown>
  const hint = retryAfterFrom(e)
  const withHint = (retryable: boolean): Classification => (hint === undefined ? { retryable } : { retryable, retryAfterMs: hint })
  if (typeof e.retryable === 'boolean') return withHint(e.retryable)
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined
  if (status !== undefined) return withHint(RETRYABLE_STATUS.has(status))
  if (typeof e.code === 'string' && RETRYABLE_CODES.has(e.code)) return withHint(true)
  if (e.cause !== undefined && e.cause !== error) return classifyError(e.cause)
  return { retryable: false }
}

function retryAfterFrom(e: Record<string, unknown>): number | undefined {
  if (typeof e.retryAfterMs === 'number' && e.retryAfterMs >= 0) return e.retryAfterMs
  const headers = e.headers
  if (headers && typeof headers === 'object') return retryAfterFromHeaders(headers as HeaderBag)
  return undefined
}

type HeaderBag = { get?: (name: string) => string | null } & Record<string, unknown>

/** Reads `retry-after-ms` (OpenAI/Anthropic style) or `retry-after` (RFC 9110: seconds or an HTTP date). */
export function retryAfterFromHeaders(headers: HeaderBag, nowMs: number = Date.now()): number | undefined {
  const read = (name: string): string | undefined => {
    const v = typeof headers.get === 'function' ? headers.get(name) : headers[name]
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined
  }
  const ms = read('retry-after-ms')
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms)
  const ra = read('retry-after')
  return ra === undefined ? undefined : parseRetryAfter(ra, nowMs)
}

/** RFC 9110 Retry-After: delta-seconds or an HTTP-date. Returns ms, or undefined when unparseable. */
export function parseRetryAfter(value: string, nowMs: number = Date.now()): number | undefined {
  const v = value.trim()
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}
