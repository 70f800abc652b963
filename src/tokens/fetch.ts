// Fetch-level interception. Both SDKs take a `fetch` option and `withOptions()` returns a client of the
// same class, so the wrapper sees exactly what came over the wire (every retry included) without touching
// the client's methods or types. The body is passed through chunk by chunk, read only as the SDK reads it.
import type { Ledger } from './ledger.ts'
import { accumulatorFor, endpointKind, type Kind } from './stream.ts'

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

const PROVIDER: Record<Kind, string> = {
  'anthropic.messages': 'anthropic', 'anthropic.batch-results': 'anthropic', 'openai.chat': 'openai', 'openai.responses': 'openai',
}

function requestTarget(input: string | URL | Request, init?: RequestInit): { method: string; pathname: string } {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  const method = init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')
  let pathname: string
  try { pathname = new URL(url).pathname } catch { pathname = url.split('?')[0]! }
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
      ledger.record({ provider, error: `request failed: ${(err as Error)?.name ?? 'Error'}`, ...since(clock, t0) })
      throw err
    }
    if (!res.ok || !res.body) {
      ledger.record({ provider, error: res.ok ? 'empty body' : `HTTP ${res.status}`, ...since(clock, t0) })
      return res
    }
    return observeBody(res, kind, provider, ledger, () => since(clock, t0))
  }
}

function since(clock: (() => number) | undefined, t0: number | undefined): { latencyMs?: number } {
  return clock && t0 !== undefined ? { latencyMs: clock() - t0 } : {}
}

function observeBody(res: Response, kind: Kind, provider: string, ledger: Ledger, elapsed: () => { latencyMs?: number }): Response {
  const acc = accumulatorFor(kind, res.headers.get('content-type') ?? '')
  const decoder = new TextDecoder()
  const reader = res.body!.getReader()
  let done = false, release: (() => void) | undefined
  const finish = (failure?: string) => {
    if (done) return
    done = true
    acc.push(decoder.decode())
    const latency = elapsed()
    const r = acc.finish()
    const error = r.complete ? r.problem : failure ?? r.problem ?? 'body ended early'
    if (r.usages.length === 0) ledger.record({ provider, error: error ?? 'no usage in response', ...latency })
    else if (kind === 'anthropic.batch-results') for (const u of r.usages) ledger.record({ provider, ...u, ...(error ? { error } : {}) })
    else ledger.record({ provider, ...r.usages[0]!, ...latency, ...(error ? { error } : {}) })
    release?.()
  }
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!release) ledger.track(new Promise<void>(r => { release = r }))
      let chunk: Awaited<ReturnType<typeof reader.read>>
      try {
        chunk = await reader.read()
      } catch (err) {
        finish(`stream cut: ${(err as Error)?.message ?? String(err)}`)
        controller.error(err)
        return
      }
      if (chunk.done) { finish(); controller.close(); return }
      acc.push(decoder.decode(chunk.value, { stream: true }))
      controller.enqueue(chunk.value)
    },
    cancel(reason) {
      finish('body cancelled by the consumer')
      return reader.cancel(reason)
    },
  }, { highWaterMark: 0 })
  const out = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers })
  // Keep what the SDKs read for errors and logs identical to the original response.
  Object.defineProperties(out, { url: { value: res.url }, redirected: { value: res.redirected }, type: { value: res.type } })
  return out
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
