// Reading usage out of a response body while the consumer reads it, without adding a layer in between. This is
// the path for fetches that do not go through undici (a replaying cassette, another fetch implementation);
// Node's fetch is observed below the Response, at its dispatcher (dispatch.ts), which costs less.
//
// Why no wrapper objects: the target is a cost under 1% of a loopback call (~1.2 ms). A new Response around a
// new pull-based ReadableStream cost ~30 µs more per streamed call than this design, measured side by side
// (notes/issue-4.md). Giving the response a new prototype (Object.setPrototypeOf) was tried and dropped: V8
// gives each such object a new shape, and it never measured cheaper (in unbalanced runs only). So the
// original Response and its body stream keep their identity and prototype, and get the reading methods as
// own properties, assigned plainly (one cached shape transition): each calls the prototype's method and
// observes what it returned. Streams use shared functions and a WeakMap of state rather than closures.
//
// Every way of reading is covered. Responses: text(), json(), arrayBuffer(), bytes(), blob(). Body streams:
// the async iterator (what both SDKs use on Node), getReader() (the SDKs' fallback, BYOB included), and
// tee()/pipeTo()/pipeThrough() through a pass-through stream, the one slower path.
import { Buffer } from 'node:buffer'
import type { Accumulator } from './stream.ts'

/** What a body observer reports: each piece of body text as read, then the end (with a failure, if any). */
export interface BodySink {
  /** Called once, when the consumer first reads: lets the ledger wait for the body to finish. */
  started(): void
  text(text: string): void
  end(failure?: string): void
}

const errorText = (err: unknown) => (err as Error)?.message ?? String(err)

// ---------------------------------------------------------------------------------------------------------
// Whole JSON bodies

type Methods = Record<string, unknown>
const proto = <T>(o: object) => Object.getPrototypeOf(o) as T

/**
 * Make `res` report its JSON body when read through text() or json() (how the SDKs read it): `settle(body)`
 * once parsed, or `settle(undefined, problem)`. `open()` is called as a read starts and the function it
 * returns once that read is over, so the ledger can wait for reads in flight.
 */
export function observeJson(res: Response, settle: (body: unknown, problem?: string) => void, open: () => () => void): Response {
  const baseText = proto<Response>(res).text
  let done = false
  const once = (body: unknown, problem?: string) => { if (!done) { done = true; settle(body, problem) } }
  // Each call reads the body afresh, so a second read fails exactly as on an untracked response.
  const read = (): Promise<{ text: string; body?: unknown }> => {
    const close = open()
    return baseText.call(res).then(text => {
      let body: unknown
      try { body = JSON.parse(text) } catch {
        once(undefined, 'response body is not valid JSON')
        close()
        return { text }
      }
      once(body)
      close()
      return { text, body }
    }, (err: unknown) => {
      once(undefined, `body read failed: ${errorText(err)}`)
      close()
      throw err
    })
  }
  const own = res as unknown as Methods
  own['text'] = () => read().then(r => r.text)
  // The same SyntaxError as Response.prototype.json for a body that is not JSON.
  own['json'] = () => read().then(r => ('body' in r ? r.body : JSON.parse(r.text)))
  return res
}

// ---------------------------------------------------------------------------------------------------------
// Streamed bodies (SSE, JSONL)

interface StreamState { sink: BodySink; started: boolean; ended: boolean }
const streamStates = new WeakMap<object, StreamState>()
function start(s: StreamState): void {
  if (!s.started) { s.started = true; s.sink.started() }
}
// Chunks are read as Latin-1, one byte per character: no decoder state across chunks and about a tenth of the
// cost of UTF-8 decoding. The observer only reads ASCII (SSE framing, event names, JSON keys, numbers, model
// ids); a multi-byte character in a text field becomes several characters there, none of them a quote, a
// backslash or a line end, so the framing and the JSON stay intact.
function chunk(s: StreamState, bytes: Uint8Array): void {
  if (s.ended) return
  s.sink.text(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'))
}
function end(s: StreamState, failure?: string): void {
  if (s.ended) return
  s.ended = true
  s.sink.end(failure)
}
/** A read's result, from a reader or an iterator (BYOB reads give other views than Uint8Array). */
type ReadResult = { done?: boolean | undefined; value?: unknown }
/** Observe one read result; pass it on unchanged. */
function seen<R extends ReadResult>(s: StreamState, r: R): R {
  if (r.done) end(s)
  else chunk(s, r.value as Uint8Array)
  return r
}
function failed(s: StreamState, err: unknown): never {
  end(s, `stream cut: ${errorText(err)}`)
  throw err
}

/** Make `res` report its body, as the consumer reads it, to `sink`. `res` must have a body. */
export function observeBodyStream(res: Response, sink: BodySink): Response {
  const state: StreamState = { sink, started: false, ended: false }
  const body = res.body!
  streamStates.set(body, state)
  const r = res as unknown as Methods, b = body as unknown as Methods
  r['text'] = wholeText; r['json'] = wholeJson; r['arrayBuffer'] = wholeArrayBuffer; r['bytes'] = wholeBytes; r['blob'] = wholeBlob
  b['values'] = values; b[Symbol.asyncIterator as unknown as string] = values; b['getReader'] = getReader
  b['tee'] = tee; b['pipeTo'] = pipeTo; b['pipeThrough'] = pipeThrough
  return res
}

// Response methods that read the whole body do it through the observed reader, as undici does internally,
// so a body cut part-way still reports what arrived before the cut.
async function readAll(res: Response): Promise<Uint8Array> {
  const reader = res.body!.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (let r = await reader.read(); !r.done; r = await reader.read()) { parts.push(r.value); size += r.value.byteLength }
  const all = new Uint8Array(size)
  let at = 0
  for (const p of parts) { all.set(p, at); at += p.byteLength }
  return all
}
async function wholeText(this: Response) { return new TextDecoder().decode(await readAll(this)) }
async function wholeJson(this: Response) { return JSON.parse(new TextDecoder().decode(await readAll(this))) as unknown }
async function wholeArrayBuffer(this: Response) { return (await readAll(this)).buffer }
async function wholeBytes(this: Response) { return readAll(this) }
async function wholeBlob(this: Response) { return new Blob([await readAll(this)], { type: this.headers.get('content-type') ?? '' }) }

// Body stream methods: the iterator and readers observe each read; piping goes through a pass-through.
type AnyReader = ReadableStreamDefaultReader<ArrayBufferView> | ReadableStreamBYOBReader
function values(this: ReadableStream, options?: { preventCancel?: boolean }): AsyncIterableIterator<ArrayBufferView> {
  const s = streamStates.get(this)!
  const it = (proto<Methods>(this)['values'] as (o?: unknown) => AsyncIterableIterator<ArrayBufferView>).call(this, options)
  return {
    async next() {
      start(s)
      let r: ReadResult
      try { r = await it.next() } catch (err) { return failed(s, err) }
      return seen(s, r) as IteratorResult<ArrayBufferView>
    },
    return(value?: unknown) { end(s, 'body cancelled by the consumer'); return it.return!(value) },
    [Symbol.asyncIterator]() { return this },
  }
}
function getReader(this: ReadableStream, options?: { mode?: 'byob' }): AnyReader {
  const s = streamStates.get(this)!
  const reader = (proto<Methods>(this)['getReader'] as (o?: unknown) => AnyReader).call(this, options)
  const read = reader.read as (v?: ArrayBufferView) => Promise<ReadResult>, cancel = reader.cancel
  const own = reader as unknown as Methods
  own['read'] = (view?: ArrayBufferView) => { start(s); return read.call(reader, view).then(r => seen(s, r), err => failed(s, err)) }
  own['cancel'] = (reason?: unknown) => { end(s, 'body cancelled by the consumer'); return cancel.call(reader, reason) }
  return reader
}
function tee(this: ReadableStream) { return passThrough(this).tee() }
function pipeTo(this: ReadableStream, ...args: Parameters<ReadableStream['pipeTo']>) { return passThrough(this).pipeTo(...args) }
function pipeThrough(this: ReadableStream, ...args: Parameters<ReadableStream['pipeThrough']>) { return passThrough(this).pipeThrough(...args) }

/** A plain stream that observes `source` as it is pulled: for consumers that pipe or tee the body. */
function passThrough(source: ReadableStream): ReadableStream<Uint8Array> {
  const s = streamStates.get(source)!
  const base = proto<Methods>(source)
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      start(s)
      reader ??= (base['getReader'] as () => ReadableStreamDefaultReader<Uint8Array>).call(source)
      let r: ReadResult
      try { r = seen(s, await reader.read()) } catch (err) { end(s, `stream cut: ${errorText(err)}`); controller.error(err); return }
      if (r.done) controller.close()
      else controller.enqueue(r.value as Uint8Array)
    },
    cancel(reason) {
      end(s, 'body cancelled by the consumer')
      return reader ? reader.cancel(reason) : (base['cancel'] as (r?: unknown) => Promise<void>).call(source, reason)
    },
  }, { highWaterMark: 0 })
}

/** A BodySink feeding an accumulator; `report` is called once with what it found. */
export function accumulate(acc: Accumulator, report: (r: ReturnType<Accumulator['finish']>, failure: string | undefined) => void, open: () => () => void): BodySink {
  let close: (() => void) | undefined
  return {
    started() { close = open() },
    text(t) { acc.push(t) },
    end(failure) { report(acc.finish(), failure); close?.() },
  }
}
