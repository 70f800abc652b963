// Reference points for scripts/tokens-overhead.ts, not part of the library: what intercepting a fetch-based
// client costs on this machine before any recording. They feed no ledger and parse nothing.
//
// - references: what src/tokens/dispatch.ts does with fetch's response handler (four methods replaced in place),
//   keeping only references to the status, headers and chunks; no clock, no endpoint check, no per-request
//   record, no ledger. The least any handler-level interception costs.
// - diagnostics: the other way undici offers; no handler touched at all. undici's diagnostics channels (bodyChunkReceived needs undici ≥ 7.11,
//   i.e. Node 24) report status, headers, chunks and the end; a dispatcher only tags which request is tracked.
//   This one does keep a per-request record with two clock reads and the endpoint check, like the library.
import diagnostics from 'node:diagnostics_channel'
import { globalDispatcher, type Dispatcher } from '../src/tokens/dispatch.ts'
import { endpointKind } from '../src/tokens/stream.ts'

type Fn = (...args: any[]) => any // eslint-disable-line @typescript-eslint/no-explicit-any

/** What the stand-ins keep; emptied when the measuring loop reads its ledger, as a benchmark would. */
export const kept: unknown[] = []

export function referencesDispatcher(): Dispatcher {
  return {
    dispatch(options, handler) {
      const h = handler as Record<'onHeaders' | 'onData' | 'onComplete' | 'onError', Fn>
      const onHeaders = h.onHeaders, onData = h.onData, onComplete = h.onComplete, onError = h.onError
      const observed = {
        onHeaders(this: unknown, status: number, headers: unknown, resume: unknown, statusText: string) {
          kept.push(status, headers); return onHeaders.call(this, status, headers, resume, statusText)
        },
        onData(this: unknown, chunk: Buffer) { kept.push(chunk); return onData.call(this, chunk) },
        onComplete(this: unknown, trailers: unknown) { kept.push(null); return onComplete.call(this, trailers) },
        onError(this: unknown, error: Error) { kept.push(error); return onError.call(this, error) },
      }
      h.onHeaders = observed.onHeaders; h.onData = observed.onData; h.onComplete = observed.onComplete; h.onError = observed.onError
      return globalDispatcher().dispatch(options, handler)
    },
  }
}

/** One tracked response, as the diagnostics stand-in keeps it (the library's Wire, less the ledger). */
interface Seen { t0: number; t1: number; status: number; headers: unknown; chunks: Buffer[]; bytes: number; error: unknown }
/** What undici publishes on its request channels (the fields used here). */
interface Published { request: object; response: { statusCode: number; headers: unknown }; chunk: Buffer; error: unknown }
let tagging: Seen | null = null
const byRequest = new WeakMap<object, Seen>()
let subscribed = false

function on(channel: string, handle: (seen: Seen, message: Published) => void): void {
  diagnostics.subscribe(`undici:request:${channel}`, m => {
    const seen = byRequest.get((m as Published).request)
    if (seen !== undefined) handle(seen, m as Published)
  })
}

function subscribe(): void {
  if (subscribed) return
  subscribed = true
  // undici creates its request object synchronously inside dispatch() unless a pool queues it (connection limit);
  // a stand-in may ignore that case, the library could not.
  diagnostics.subscribe('undici:request:create', m => { if (tagging !== null) { byRequest.set((m as Published).request, tagging); tagging = null } })
  on('headers', (seen, m) => { seen.status = m.response.statusCode; seen.headers = m.response.headers })
  on('bodyChunkReceived', (seen, m) => { seen.chunks.push(m.chunk); seen.bytes += m.chunk.byteLength })
  on('trailers', seen => { seen.t1 = performance.now(); kept.push(seen) })
  on('error', (seen, m) => { seen.t1 = performance.now(); seen.error = m.error; kept.push(seen) })
}

export function diagnosticsDispatcher(): Dispatcher {
  subscribe()
  return {
    dispatch(options, handler) {
      if (endpointKind(options.method, options.path) === undefined) return globalDispatcher().dispatch(options, handler)
      tagging = { t0: performance.now(), t1: 0, status: 0, headers: undefined, chunks: [], bytes: 0, error: undefined }
      try { return globalDispatcher().dispatch(options, handler) } finally { tagging = null }
    },
  }
}
