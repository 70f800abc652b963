// Fetch-level interception. Both SDKs take a `fetch` option and `withOptions()` returns a client of the
// same class, so the wrapper sees exactly what came over the wire (every retry included) without touching
// the client's methods or types. The body is passed through chunk by chunk, read only as the SDK reads it.
import type { Ledger } from './ledger.ts'
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
      ledger.add({ provider, error: `request failed: ${(err as Error)?.name ?? 'Error'}`, ...since(clock, t0) })
      throw err
    }
    if (!res.ok || !res.body) {
      ledger.add({ provider, error: res.ok ? 'empty body' : `HTTP ${res.status}`, ...since(clock, t0) })
      return res
    }
    return observeBody(res, kind, provider, ledger, () => since(clock, t0))
  }
}

function since(clock: (() => number) | undefined, t0: number | undefined): { latencyMs?: number } {
  return clock && t0 !== undefined ? { latencyMs: clock() - t0 } : {}
}

function observeBody(res: Response, kind: Kind, provider: string, ledger: Ledger, elapsed: () => { latencyMs?: number }): Response {
  const contentType = res.headers.get('content-type') ?? ''
  return isStreamed(kind, contentType) ? observeStream(res, kind, provider, ledger, elapsed) : observeJson(res, kind, provider, ledger, elapsed)
}

/**
 * A whole JSON body. The SDKs read it with json() (text() on some paths): shadow those two on this
 * response object so the body is read and parsed once, as it would be anyway; the stream is not re-wrapped,
 * which made the wrapper cost ~4× more per call. Bodies read only through `.body`/arrayBuffer() are not seen.
 */
function observeJson(res: Response, kind: Kind, provider: string, ledger: Ledger, elapsed: () => { latencyMs?: number }): Response {
  const readText = Response.prototype.text
  let done = false
  const settle = (body: unknown, problem?: string) => {
    if (done) return
    done = true
    if (problem) ledger.add({ provider, error: problem, ...elapsed() })
    else ledger.add({ provider, ...usageFromJson(kind, body), ...elapsed() })
  }
  const read = async (): Promise<{ text: string; body?: unknown }> => {
    let text: string
    try { text = await readText.call(res) } catch (err) {
      settle(undefined, `body read failed: ${(err as Error)?.message ?? String(err)}`)
      throw err
    }
    try {
      const body: unknown = JSON.parse(text)
      settle(body)
      return { text, body }
    } catch {
      settle(undefined, 'response body is not valid JSON')
      return { text }
    }
  }
  const tracked = <T>(p: Promise<T>): Promise<T> => { ledger.track(p); return p }
  Object.defineProperties(res, {
    text: { value: () => tracked(read().then(r => r.text)), configurable: true, writable: true },
    // Same result and same SyntaxError as Response.prototype.json for a malformed body.
    json: { value: () => tracked(read().then(r => ('body' in r ? r.body : JSON.parse(r.text)))), configurable: true, writable: true },
  })
  return res
}

/** SSE (and JSONL batch results): observe chunks as the consumer pulls them, without buffering. */
function observeStream(res: Response, kind: Kind, provider: string, ledger: Ledger, elapsed: () => { latencyMs?: number }): Response {
  const acc = accumulatorFor(kind)
  const decoder = new TextDecoder()
  const source = res.body!
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  let done = false, release: (() => void) | undefined
  const finish = (failure?: string) => {
    if (done) return
    done = true
    acc.push(decoder.decode())
    const latency = elapsed()
    const r = acc.finish()
    const error = r.complete ? r.problem : failure ?? r.problem ?? 'body ended early'
    if (r.usages.length === 0) ledger.add({ provider, error: error ?? 'no usage in response', ...latency })
    else if (kind === 'anthropic.batch-results') for (const u of r.usages) ledger.add({ provider, ...u, ...(error ? { error } : {}) })
    else ledger.add({ provider, ...r.usages[0]!, ...latency, ...(error ? { error } : {}) })
    release?.()
  }
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!release) ledger.track(new Promise<void>(r => { release = r }))
      reader ??= source.getReader()
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
      return reader ? reader.cancel(reason) : source.cancel(reason)
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
