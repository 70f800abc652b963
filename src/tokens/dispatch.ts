// Reading usage where the bytes arrive: an undici dispatcher (the transport interface Node's fetch uses)
// that wraps each request's response handler. The consumer's Response, body stream and parse are untouched;
// the wrapper only keeps a reference to each chunk as it passes by.
//
// Why here and why deferred: the target is under 1% of a loopback call (~1 ms). Observing at the Response
// (own json()/text(), patched stream readers) cost 2–5% whatever was trimmed, and so did parsing usage while
// the call was running: on that hot path every µs of isolated work cost several (JSON.parse of a 460-byte
// body, 2.3 µs alone, took ~9 µs there). So a finished response is only queued on the ledger, and parsed when
// the ledger is next read (or when too many bytes are queued): the request pays for a few references.
// Measurements: notes/issue-4.md.
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
  kind: Kind
  t0: number
  t1: number
  status: number
  streamed: boolean
  chunks: Buffer[]
  bytes: number
  error: Error | undefined
}

/**
 * Send a request through `base`, recording the usage of tracked endpoints (see endpointKind) into `ledger`.
 * Any other request goes to `base` untouched.
 */
export function dispatchTracked(ledger: Ledger, base: Dispatcher, options: DispatchOptions, handler: object): boolean {
  const q = options.path.indexOf('?')
  const kind = endpointKind(options.method, q < 0 ? options.path : options.path.slice(0, q))
  if (!kind) return base.dispatch(options, handler)
  const w: Wire = { kind, t0: performance.now(), t1: 0, status: 0, streamed: false, chunks: [], bytes: 0, error: undefined }
  const close = ledger.open()
  let ended = false
  const end = (error?: Error) => {
    if (ended) return
    ended = true
    w.t1 = performance.now()
    w.error = error
    ledger.defer(w.bytes, () => recordWire(ledger, w))
    close()
  }
  return base.dispatch(options, 'onRequestStart' in handler ? observeHandler(handler as Handler, w, end) : observeLegacyHandler(handler as LegacyHandler, w, end))
}

/** A dispatcher that records into `ledger` and forwards to `base()` (undici's global dispatcher unless given). */
export function trackingDispatcher(ledger: Ledger, base: () => Dispatcher = globalDispatcher): Dispatcher {
  return { dispatch: (options, handler) => dispatchTracked(ledger, base(), options, handler) }
}

// The wrappers are plain objects of forwarding closures, one literal each. Making the wrapper inherit from the
// handler (Object.create) looked simpler but turned the handler into a prototype, which V8 reshapes: +20–30 µs
// per call, measured; these literals measured no cost against a bare call.
type Fn = (...args: any[]) => any // eslint-disable-line @typescript-eslint/no-explicit-any
type LegacyHandler = Record<'onConnect' | 'onError' | 'onUpgrade' | 'onResponseStarted' | 'onHeaders' | 'onData' | 'onComplete' | 'onBodySent' | 'onRequestSent', Fn | undefined>
type Handler = Record<'onRequestStart' | 'onRequestUpgrade' | 'onResponseStart' | 'onResponseData' | 'onResponseEnd' | 'onResponseError', Fn | undefined>

function take(w: Wire, chunk: Buffer): void {
  w.chunks.push(chunk)
  w.bytes += chunk.byteLength
}

/** undici's original handler interface, which Node 24's fetch uses. */
function observeLegacyHandler(h: LegacyHandler, w: Wire, end: (error?: Error) => void): LegacyHandler {
  return {
    onConnect: (abort: unknown, context: unknown) => h.onConnect!(abort, context),
    onError: (error: Error) => { end(error); return h.onError!(error) },
    onUpgrade: (status: number, headers: unknown, socket: unknown) => h.onUpgrade?.(status, headers, socket),
    onResponseStarted: () => h.onResponseStarted?.(),
    onHeaders: (status: number, headers: Array<Buffer | string>, resume: unknown, statusText: string) => {
      w.status = status; w.streamed = isStreamed(w.kind, rawContentType(headers))
      return h.onHeaders!(status, headers, resume, statusText)
    },
    onData: (chunk: Buffer) => { take(w, chunk); return h.onData!(chunk) },
    onComplete: (trailers: unknown) => { end(); return h.onComplete!(trailers) },
    onBodySent: (chunk: unknown) => h.onBodySent?.(chunk),
    onRequestSent: () => h.onRequestSent?.(),
  }
}

/** undici 7's handler interface (controller first), for fetches and clients that use it. */
function observeHandler(h: Handler, w: Wire, end: (error?: Error) => void): Handler {
  return {
    onRequestStart: (controller: unknown, context: unknown) => h.onRequestStart?.(controller, context),
    onRequestUpgrade: (controller: unknown, status: number, headers: unknown, socket: unknown) => h.onRequestUpgrade?.(controller, status, headers, socket),
    onResponseStart: (controller: unknown, status: number, headers: Record<string, string | string[] | undefined>, statusText: string) => {
      w.status = status; w.streamed = isStreamed(w.kind, String(headers['content-type'] ?? ''))
      return h.onResponseStart?.(controller, status, headers, statusText)
    },
    onResponseData: (controller: unknown, chunk: Buffer) => { take(w, chunk); return h.onResponseData?.(controller, chunk) },
    onResponseEnd: (controller: unknown, trailers: unknown) => { end(); return h.onResponseEnd?.(controller, trailers) },
    onResponseError: (controller: unknown, error: Error) => { end(error); return h.onResponseError?.(controller, error) },
  }
}

/** content-type from undici's raw header list (name, value, … as Buffers), without decoding the other names. */
function rawContentType(raw: Array<Buffer | string>): string {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (name.length === 12 && String(name).toLowerCase() === 'content-type') return String(raw[i + 1])
  }
  return ''
}

/** What went wrong with a body that had started: the consumer cancelling is told apart from a cut connection. */
function bodyFailure(error: Error): string {
  return error.name === 'AbortError' ? 'body cancelled by the consumer' : `stream cut: ${error.message}`
}

/** Turn one finished response into ledger entries (runs when the ledger is read). */
function recordWire(ledger: Ledger, w: Wire): void {
  const provider = PROVIDER[w.kind], latencyMs = w.t1 - w.t0
  if (w.status === 0) { ledger.add({ provider, error: `request failed: ${w.error?.name ?? 'Error'}`, latencyMs }); return }
  if (w.status < 200 || w.status >= 300) { ledger.add({ provider, error: `HTTP ${w.status}`, latencyMs }); return }
  const body = w.chunks.length === 1 ? w.chunks[0]! : Buffer.concat(w.chunks, w.bytes)
  if (!w.streamed) {
    if (w.error) { ledger.add({ provider, error: `body read failed: ${w.error.message}`, latencyMs }); return }
    let parsed: unknown
    try { parsed = JSON.parse(body.toString('utf8')) } catch {
      ledger.add({ provider, error: w.bytes ? 'response body is not valid JSON' : 'empty body', latencyMs }); return
    }
    ledger.add({ provider, ...usageFromJson(w.kind, parsed), latencyMs })
    return
  }
  const acc = accumulatorFor(w.kind)
  // Latin-1, one byte per character: the reader only needs ASCII (see observe.ts).
  acc.push(body.toString('latin1'))
  recordStreamed(ledger, w.kind, acc.finish(), w.error ? bodyFailure(w.error) : undefined, latencyMs)
}

/** Entries for a streamed body (SSE or JSONL) once it has ended; shared with the Response-level observer. */
export function recordStreamed(ledger: Ledger, kind: Kind, r: { usages: Usage[]; complete: boolean; problem?: string }, failure: string | undefined, latencyMs: number | undefined): void {
  const provider = PROVIDER[kind]
  const error = r.complete ? r.problem : failure ?? r.problem ?? 'body ended early'
  if (r.usages.length === 0) ledger.add({ provider, error: error ?? 'no usage in response', latencyMs })
  else if (kind === 'anthropic.batch-results') for (const u of r.usages) ledger.add({ provider, ...u, ...(error ? { error } : {}) })
  else ledger.add({ provider, ...r.usages[0]!, latencyMs, error })
}
