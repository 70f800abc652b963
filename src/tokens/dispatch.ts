// Reading usage where the bytes arrive: an undici dispatcher (the transport interface Node's fetch uses)
// that wraps each request's response handler. The consumer's Response, body stream and parse are untouched;
// the wrapper only keeps a reference to each chunk as it passes by.
//
// Why here and why deferred: the target is under 1% of a loopback call (~0.7 ms with keep-alive).
// Observing at the Response (own json()/text(), patched stream readers) cost 3% (JSON) and 7% (streams), and
// parsing usage while the call ran cost more than it does alone: on that path every µs of isolated work took
// several (JSON.parse of a 460-byte body, 2.3 µs alone, took ~9 µs there). So a finished response is only
// queued on the ledger and parsed when the ledger is next read (or when too much is queued): the request pays
// for an endpoint check, one record, a few references and two clock reads: 1.3–1.8% of a loopback call, of
// which replacing the handler's methods alone is 0.8–1.0%. Measurements: notes/issue-4.md.
import { Buffer } from 'node:buffer'
import type { Ledger } from './ledger.ts'
import { accumulatorFor, endpointKind, isStreamed, usageFromJson, type Kind } from './stream.ts'
import type { Usage } from './usage.ts'

/** The part of undici's Dispatcher that fetch calls. */
export interface Dispatcher {
  dispatch(options: DispatchOptions, handler: object): boolean
}
export interface DispatchOptions { method: string; path: string; [k: string]: unknown }

/** Node's fetch reads its default dispatcher from this global (undici's documented cross-copy key). */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1')
export const globalDispatcher = (): Dispatcher => (globalThis as Record<symbol, Dispatcher>)[GLOBAL_DISPATCHER]!

export const PROVIDER: Record<Kind, string> = {
  'anthropic.messages': 'anthropic', 'anthropic.batch-results': 'anthropic', 'openai.chat': 'openai', 'openai.responses': 'openai',
}

/** One response as it came over the wire, kept until the ledger is read. */
interface Wire {
  ledger: Ledger
  kind: Kind
  /** Record latency (off when replaying). */
  timed: boolean
  t0: number
  /** When the body ended or failed; 0 while it is arriving. */
  t1: number
  status: number
  /** As the handler got them: undici's raw list (name, value, … as Buffers) or a header object. */
  headers: unknown
  chunks: Buffer[]
  bytes: number
  error: Error | undefined
}

/**
 * Send a request through `base`, recording the usage of tracked endpoints (see endpointKind) into `ledger`.
 * Any other request goes to `base` untouched.
 */
export function dispatchTracked(ledger: Ledger, base: Dispatcher, options: DispatchOptions, handler: object, timed = true): boolean {
  const kind = endpointKind(options.method, options.path)
  if (kind === undefined) return base.dispatch(options, handler)
  const w: Wire = { ledger, kind, timed, t0: performance.now(), t1: 0, status: 0, headers: undefined, chunks: [], bytes: 0, error: undefined }
  ledger.begin()
  if ('onRequestStart' in handler) return forward(base, options, observeHandler(handler as Handler, w), w)
  if (!Object.hasOwn(handler, 'onData')) return forward(base, options, wrapLegacyHandler(handler as LegacyHandler, w), w)
  // Node's fetch: a plain object of its own methods, fresh per request and handed to no one else. Four of
  // them are replaced in place, which keeps its shape. They are written as methods (object-literal shorthand)
  // like fetch's own: V8 gives those another kind of function object than `function` expressions or arrows,
  // and with the other kinds a stand-in cost more per call (runs of separate processes, notes/issue-4.md).
  // Written out here rather than through helpers: this is the path every call takes.
  const h = handler as OwnLegacyHandler
  const onHeaders = h.onHeaders, onData = h.onData, onComplete = h.onComplete, onError = h.onError
  const observed: OwnLegacyHandler = {
    onHeaders(this: unknown, status: number, headers: unknown, resume: unknown, statusText: string) {
      w.status = status; w.headers = headers
      return onHeaders.call(this, status, headers, resume, statusText)
    },
    onData(this: unknown, chunk: Buffer) {
      w.chunks.push(chunk); w.bytes += chunk.byteLength
      return onData.call(this, chunk)
    },
    onComplete(this: unknown, trailers: unknown) { finish(w); return onComplete.call(this, trailers) },
    onError(this: unknown, error: Error) { finish(w, error); return onError.call(this, error) },
  }
  h.onHeaders = observed.onHeaders; h.onData = observed.onData; h.onComplete = observed.onComplete; h.onError = observed.onError
  return forward(base, options, h, w)
}

/** Dispatch; a dispatcher that throws instead of calling onError still ends the request in the ledger. */
function forward(base: Dispatcher, options: DispatchOptions, handler: object, w: Wire): boolean {
  try {
    return base.dispatch(options, handler)
  } catch (err) {
    finish(w, err instanceof Error ? err : new Error(String(err)))
    throw err
  }
}

/**
 * A dispatcher that records into `ledger` and forwards to `base` (read per request: undici's global dispatcher
 * unless given, so a later setGlobalDispatcher() is followed). `timed: false` leaves latency out (replays).
 */
export function trackingDispatcher(ledger: Ledger, base?: Dispatcher, timed = true): Dispatcher {
  return { dispatch: (options, handler) => dispatchTracked(ledger, base ?? globalDispatcher(), options, handler, timed) }
}

function take(w: Wire, chunk: Buffer): void {
  w.chunks.push(chunk)
  w.bytes += chunk.byteLength
}

function finish(w: Wire, error?: Error): void {
  if (w.t1 !== 0) return
  w.t1 = performance.now()
  w.error = error
  w.ledger.defer(w.bytes, recordWire, w)
}

// Handlers other than fetch's get a wrapper of forwarding closures. Measured side by side per loopback call,
// such a wrapper cost a few µs more than replacing fetch's methods in place; a wrapper inheriting from the
// handler (Object.create, which makes V8 reshape the handler as a prototype) cost +20–30 µs.
type Fn = (...args: any[]) => any // eslint-disable-line @typescript-eslint/no-explicit-any
type LegacyHandler = Record<'onConnect' | 'onError' | 'onUpgrade' | 'onResponseStarted' | 'onHeaders' | 'onData' | 'onComplete' | 'onBodySent' | 'onRequestSent', Fn | undefined>
type Handler = Record<'onRequestStart' | 'onRequestUpgrade' | 'onResponseStart' | 'onResponseData' | 'onResponseEnd' | 'onResponseError', Fn | undefined>
type OwnLegacyHandler = Record<'onHeaders' | 'onData' | 'onComplete' | 'onError', Fn>

/** Other handlers of the original interface (class instances, shared objects): a forwarding wrapper. */
function wrapLegacyHandler(h: LegacyHandler, w: Wire): LegacyHandler {
  return {
    onConnect: (abort: unknown, context: unknown) => h.onConnect?.(abort, context),
    onError: (error: Error) => { finish(w, error); return h.onError?.(error) },
    onUpgrade: (status: number, headers: unknown, socket: unknown) => h.onUpgrade?.(status, headers, socket),
    onResponseStarted: () => h.onResponseStarted?.(),
    onHeaders: (status: number, headers: unknown, resume: unknown, statusText: string) => {
      w.status = status; w.headers = headers
      return h.onHeaders?.(status, headers, resume, statusText)
    },
    onData: (chunk: Buffer) => { take(w, chunk); return h.onData?.(chunk) },
    onComplete: (trailers: unknown) => { finish(w); return h.onComplete?.(trailers) },
    onBodySent: (chunk: unknown) => h.onBodySent?.(chunk),
    onRequestSent: () => h.onRequestSent?.(),
  }
}

/** undici 7's handler interface (controller first), for fetches and clients that use it: a forwarding wrapper. */
function observeHandler(h: Handler, w: Wire): Handler {
  return {
    onRequestStart: (controller: unknown, context: unknown) => h.onRequestStart?.(controller, context),
    onRequestUpgrade: (controller: unknown, status: number, headers: unknown, socket: unknown) => h.onRequestUpgrade?.(controller, status, headers, socket),
    onResponseStart: (controller: unknown, status: number, headers: unknown, statusText: string) => {
      w.status = status; w.headers = headers
      return h.onResponseStart?.(controller, status, headers, statusText)
    },
    onResponseData: (controller: unknown, chunk: Buffer) => { take(w, chunk); return h.onResponseData?.(controller, chunk) },
    onResponseEnd: (controller: unknown, trailers: unknown) => { finish(w); return h.onResponseEnd?.(controller, trailers) },
    onResponseError: (controller: unknown, error: Error) => { finish(w, error); return h.onResponseError?.(controller, error) },
  }
}

/** content-type from the raw header list (name, value, … as Buffers or strings) or a header object. */
function contentType(headers: unknown): string {
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      const name = headers[i] as Buffer | string
      if (name.length === 12 && String(name).toLowerCase() === 'content-type') return String(headers[i + 1])
    }
    return ''
  }
  const v = (headers as Record<string, unknown> | undefined)?.['content-type']
  return v === undefined ? '' : String(v)
}

/** What went wrong with a body that had started: the consumer cancelling is told apart from a cut connection. */
function bodyFailure(error: Error): string {
  return error.name === 'AbortError' ? 'body cancelled by the consumer' : `stream cut: ${error.message}`
}

/** Turn one finished response into ledger entries (runs when the ledger is read). */
function recordWire(w: Wire): void {
  const ledger = w.ledger, provider = PROVIDER[w.kind], latencyMs = w.timed ? w.t1 - w.t0 : undefined
  if (w.status === 0) { ledger.add({ provider, error: `request failed: ${w.error?.name ?? 'Error'}`, latencyMs }); return }
  if (w.status < 200 || w.status >= 300) { ledger.add({ provider, error: `HTTP ${w.status}`, latencyMs }); return }
  const body = w.chunks.length === 1 ? w.chunks[0]! : Buffer.concat(w.chunks, w.bytes)
  if (!isStreamed(w.kind, contentType(w.headers))) {
    if (w.error) { ledger.add({ provider, error: `body read failed: ${w.error.message}`, latencyMs }); return }
    let parsed: unknown
    try { parsed = JSON.parse(body.toString('utf8')) } catch {
      ledger.add({ provider, error: w.bytes ? 'response body is not valid JSON' : 'empty body', latencyMs }); return
    }
    recordJson(ledger, w.kind, parsed, latencyMs)
    return
  }
  const acc = accumulatorFor(w.kind)
  // Latin-1, one byte per character: the reader only needs ASCII (see observe.ts).
  acc.push(body.toString('latin1'))
  recordStreamed(ledger, w.kind, acc.finish(), w.error ? bodyFailure(w.error) : undefined, latencyMs)
}

/** The entry for a whole JSON body; shared with the Response-level observer. A body without usage is a failed request. */
export function recordJson(ledger: Ledger, kind: Kind, body: unknown, latencyMs: number | undefined): void {
  const usage = usageFromJson(kind, body)
  ledger.add(usage ? { provider: PROVIDER[kind], ...usage, latencyMs } : { provider: PROVIDER[kind], error: 'response carried no usage', latencyMs })
}

/** Entries for a streamed body (SSE or JSONL) once it has ended; shared with the Response-level observer. */
export function recordStreamed(ledger: Ledger, kind: Kind, r: { usages: Usage[]; complete: boolean; problem?: string }, failure: string | undefined, latencyMs: number | undefined): void {
  const provider = PROVIDER[kind]
  const error = r.complete ? r.problem : failure ?? r.problem ?? 'body ended early'
  if (r.usages.length === 0) ledger.add({ provider, error: error ?? 'no usage in response', latencyMs })
  else if (kind === 'anthropic.batch-results') for (const u of r.usages) ledger.add({ provider, ...u, ...(error ? { error } : {}) })
  else ledger.add({ provider, ...r.usages[0]!, latencyMs, error })
}
