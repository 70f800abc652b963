// Fetch-level interception. Both SDKs take a `fetch` option and `withOptions()` returns a client of the
// same class, so the wrapper sees exactly what came over the wire (every retry included) without touching
// the client's methods or types. The body is observed as the SDK reads it (observe.ts), never read ahead.
import type { Ledger } from './ledger.ts'
import { accumulate, observeBodyStream, observeJson } from './observe.ts'
import { accumulatorFor, endpointKind, isStreamed, usageFromJson, type Kind } from './stream.ts'

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

const PROVIDER: Record<Kind, string> = {
  'anthropic.messages': 'anthropic', 'anthropic.batch-results': 'anthropic', 'openai.chat': 'openai', 'openai.responses': 'openai',
}

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
}

/** A fetch that records usage of Anthropic Messages / batch results and OpenAI Chat / Responses calls into `ledger`. */
export function trackFetch(ledger: Ledger, baseFetch: Fetch = globalThis.fetch, options: TrackOptions = {}): Fetch {
  const clock = options.latency === false ? undefined : () => performance.now()
  return async (input, init) => {
    const { method, pathname } = requestTarget(input, init)
    const kind = endpointKind(method, pathname)
    if (!kind) return baseFetch(input, init)
    const provider = PROVIDER[kind]
    const t0 = clock?.()
    let res: Response
    try {
      res = await baseFetch(input, init)
    } catch (err) {
      ledger.add({ provider, error: `request failed: ${(err as Error)?.name ?? 'Error'}`, latencyMs: since(clock, t0) })
      throw err
    }
    if (!res.ok || !res.body) {
      ledger.add({ provider, error: res.ok ? 'empty body' : `HTTP ${res.status}`, latencyMs: since(clock, t0) })
      return res
    }
    return observeBody(res, kind, provider, ledger, () => since(clock, t0))
  }
}

function since(clock: (() => number) | undefined, t0: number | undefined): number | undefined {
  return clock && t0 !== undefined ? clock() - t0 : undefined
}

function observeBody(res: Response, kind: Kind, provider: string, ledger: Ledger, elapsed: () => number | undefined): Response {
  if (!isStreamed(kind, res.headers.get('content-type') ?? '')) {
    return observeJson(res, (body, problem) => {
      ledger.add(problem ? { provider, error: problem, latencyMs: elapsed() } : { provider, ...usageFromJson(kind, body), latencyMs: elapsed() })
    }, ledger.open)
  }
  return observeBodyStream(res, accumulate(accumulatorFor(kind), (r, failure) => {
    const latencyMs = elapsed()
    const error = r.complete ? r.problem : failure ?? r.problem ?? 'body ended early'
    if (r.usages.length === 0) ledger.add({ provider, error: error ?? 'no usage in response', latencyMs })
    else if (kind === 'anthropic.batch-results') for (const u of r.usages) ledger.add({ provider, ...u, ...(error ? { error } : {}) })
    else ledger.add({ provider, ...r.usages[0]!, latencyMs, error })
  }, ledger.open))
}

/** Anything with the SDKs' `withOptions()`; both return a client of the same class. */
interface WithOptions<C> { withOptions(options: { fetch?: Fetch }): C }

/**
 * A copy of an `@anthropic-ai/sdk` or `openai` client whose requests are recorded into `ledger`.
 * The original client is left as it was; the copy keeps the original's options and its own `fetch`.
 */
export function trackClient<C extends WithOptions<C>>(client: C, ledger: Ledger, options: TrackOptions = {}): C {
  if (typeof (client as { withOptions?: unknown })?.withOptions !== 'function') {
    throw new TypeError('tokens: trackClient(client) needs an Anthropic or OpenAI SDK client (an object with withOptions()); for other clients pass tokens.fetch() as their fetch option')
  }
  // The SDKs keep the configured fetch on a private field; reuse it so a custom transport is kept.
  const inner = (client as unknown as { fetch?: Fetch }).fetch
  return client.withOptions({ fetch: trackFetch(ledger, typeof inner === 'function' ? inner : globalThis.fetch, options) })
}
