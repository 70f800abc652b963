// Fetch-level tracking. Both SDKs take a `fetch` option and `withOptions()` returns a client of the same class,
// so the wrapper sees every request the client makes (retries included) without touching its methods or types.
//
// Two ways of reading usage, chosen per request:
// - Through undici (Node's fetch and fetches that pass `dispatcher` on): the request gets a tracking dispatcher
//   (dispatch.ts) around the one it would have used, which reads the bytes as they arrive and leaves the
//   Response alone. This is the fast path, and the one real API calls take.
// - Any other fetch (a replaying cassette, a non-undici fetch) ignores the dispatcher; the Response is then
//   observed as the consumer reads it (observe.ts).
import type { Ledger } from './ledger.ts'
import type { Provenance } from '../schema/baseline.ts'
import { dispatchTracked, globalDispatcher, PROVIDER, recordJson, recordStreamed, trackingDispatcher, type Dispatcher } from './dispatch.ts'
import { accumulate, observeBodyStream, observeJson } from './observe.ts'
import { accumulatorFor, endpointKind, isStreamed, type Kind } from './stream.ts'

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

function requestTarget(input: string | URL | Request, init?: RequestInit): { method: string; pathname: string } {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  const method = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')
  // Cut the path out of the string: new URL() per call was a visible share of the wrapper's cost.
  const scheme = url.indexOf('://')
  const slash = scheme < 0 ? 0 : url.indexOf('/', scheme + 3)
  let pathname = slash < 0 ? '/' : url.slice(slash)
  const q = pathname.search(/[?#]/)
  if (q >= 0) pathname = pathname.slice(0, q)
  return { method, pathname }
}

export interface TrackOptions {
  /** Record per-request latency (off when replaying: replay time says nothing about the API). Default true. */
  latency?: boolean
  /** Where the responses come from when not the live API (a replayed or authored cassette): stamped on every entry. */
  provenance?: Provenance | undefined
}

/** The ledger as the wrappers see it, stamping each entry they add with `provenance`. */
function stamped(ledger: Ledger, provenance: Provenance | undefined): Ledger {
  return provenance ? { ...ledger, add: e => ledger.add({ ...e, provenance }) } : ledger
}

type InitWithDispatcher = RequestInit & { dispatcher?: Dispatcher }

/** A fetch that records usage of Anthropic Messages / batch results and OpenAI Chat / Responses calls into `ledger`. */
export function trackFetch(target: Ledger, baseFetch: Fetch = globalThis.fetch, options: TrackOptions = {}): Fetch {
  const ledger = stamped(target, options.provenance)
  const clock = options.latency === false ? undefined : () => performance.now()
  return async (input, init?: InitWithDispatcher) => {
    // Every request gets the tracking dispatcher, around the one it would have used; it picks out the tracked
    // endpoints itself. `seen` says whether the base fetch went through it.
    let seen = false
    const inner = init?.dispatcher
    const dispatcher: Dispatcher = { dispatch(o, h) { seen = true; return dispatchTracked(ledger, inner ?? globalDispatcher(), o, h, clock !== undefined) } }
    const t0 = clock?.()
    let res: Response
    try {
      res = await baseFetch(input, { ...init, dispatcher } as RequestInit)
    } catch (err) {
      const kind = seen ? undefined : kindOf(input, init)
      if (kind) ledger.add({ provider: PROVIDER[kind], error: `request failed: ${(err as Error)?.name ?? 'Error'}`, latencyMs: since(clock, t0) })
      throw err
    }
    if (seen) return res
    const kind = kindOf(input, init)
    return kind ? observeResponse(res, kind, ledger, () => since(clock, t0)) : res
  }
}

function kindOf(input: string | URL | Request, init?: RequestInit): Kind | undefined {
  const { method, pathname } = requestTarget(input, init)
  return endpointKind(method, pathname)
}

function since(clock: (() => number) | undefined, t0: number | undefined): number | undefined {
  return clock && t0 !== undefined ? clock() - t0 : undefined
}

/** The slower path, for fetches that do not go through undici: observe the body as the consumer reads it. */
function observeResponse(res: Response, kind: Kind, ledger: Ledger, elapsed: () => number | undefined): Response {
  const provider = PROVIDER[kind]
  if (!res.ok || !res.body) {
    ledger.add({ provider, error: res.ok ? 'empty body' : `HTTP ${res.status}`, latencyMs: elapsed() })
    return res
  }
  if (!isStreamed(kind, res.headers.get('content-type') ?? '')) {
    return observeJson(res, (body, problem) => {
      if (problem) ledger.add({ provider, error: problem, latencyMs: elapsed() })
      else recordJson(ledger, kind, body, elapsed())
    }, ledger.open)
  }
  return observeBodyStream(res, accumulate(accumulatorFor(kind), (r, failure) => recordStreamed(ledger, kind, r, failure, elapsed()), ledger.open))
}

/** Anything with the SDKs' `withOptions()`; both return a client of the same class. */
interface WithOptions<C> { withOptions(options: { fetch?: Fetch; fetchOptions?: object }): C }

/**
 * A copy of an `@anthropic-ai/sdk` or `openai` client whose requests are recorded into `ledger`.
 * The original client is left as it was; the copy keeps the original's options.
 *
 * A client on Node's own fetch (the default) gets the tracking dispatcher through its `fetchOptions`, around
 * the dispatcher it already had (a proxy agent, say): no layer is added to its calls at all. A client built
 * with its own `fetch` gets a tracking fetch around it (trackFetch). One case is not seen: a single request
 * given its own `fetchOptions.dispatcher` replaces the client's, and so bypasses tracking.
 */
export function trackClient<C extends WithOptions<C>>(client: C, ledger: Ledger, options: TrackOptions = {}): C {
  if (typeof (client as { withOptions?: unknown })?.withOptions !== 'function') {
    throw new TypeError('tokens: trackClient(client) needs an Anthropic or OpenAI SDK client (an object with withOptions()); for other clients pass tokens.fetch() as their fetch option')
  }
  // The SDKs keep the configured fetch and fetch options on fields of the client.
  const { fetch: inner, fetchOptions } = client as unknown as { fetch?: Fetch; fetchOptions?: InitWithDispatcher }
  if (inner === globalThis.fetch) {
    const dispatcher = trackingDispatcher(ledger, fetchOptions?.dispatcher, options.latency !== false)
    return client.withOptions({ fetchOptions: { ...fetchOptions, dispatcher } })
  }
  return client.withOptions({ fetch: trackFetch(ledger, typeof inner === 'function' ? inner : globalThis.fetch, options) })
}
