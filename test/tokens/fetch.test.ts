// Edge paths of the fetch-level wrapper, driven with in-memory responses.
import { describe, expect, it } from 'vitest'
import { createLedger, trackFetch } from '../../src/tokens/index.ts'
import { sse } from './loopback.ts'
import { anthropicMessage, anthropicStream } from './wire.ts'

const POST = { method: 'POST', body: '{}' }
const json = (body: unknown) => async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
const stream = (chunks: string[], fail = false) => async () => new Response(new ReadableStream<Uint8Array>({
  start(c) { for (const x of chunks) c.enqueue(new TextEncoder().encode(x)); if (fail) c.error(new Error('socket hang up')); else c.close() },
}), { headers: { 'content-type': fail && chunks.length === 0 ? 'application/json' : 'text/event-stream' } })

describe('trackFetch', () => {
  it('records a failed connection and rethrows it', async () => {
    const l = createLedger()
    const f = trackFetch(l, async () => { throw new TypeError('fetch failed') })
    await expect(f('http://x/v1/messages', POST)).rejects.toThrow('fetch failed')
    expect(l.entries()).toMatchObject([{ provider: 'anthropic', error: 'request failed: TypeError' }])
  })

  it('observes JSON read through text(), and passes untracked endpoints through untouched', async () => {
    const l = createLedger()
    const body = anthropicMessage({ input_tokens: 5, output_tokens: 6 })
    const f = trackFetch(l, json(body), { latency: false })
    const t = await (await f(new URL('http://x/v1/messages'), POST)).text()
    expect(JSON.parse(t)).toEqual(body)
    expect(l.entries()).toMatchObject([{ input: 5, output: 6 }])
    expect(l.entries()[0]!.latencyMs).toBeUndefined()
    const original = new Response('{}')
    expect(await trackFetch(l, async () => original)('http://x/v1/models')).toBe(original)
    expect(await trackFetch(l, async () => original)(new Request('http://x/v1/messages'))).toBe(original) // GET
    expect(l.entries()).toHaveLength(1)
  })

  it('records a JSON body whose read fails', async () => {
    const l = createLedger()
    const f = trackFetch(l, stream([], true))
    await expect((await f('http://x/v1/chat/completions', POST)).json()).rejects.toThrow()
    expect(l.entries()[0]!.error).toMatch(/body read failed/)
  })

  it('records what was seen when the consumer cancels a stream', async () => {
    const l = createLedger()
    const f = trackFetch(l, stream(anthropicStream({ input_tokens: 9, output_tokens: 1 }, { output_tokens: 3 })))
    const res = await f('http://x/v1/messages', POST)
    const reader = res.body!.getReader()
    await reader.read()
    await reader.cancel('enough')
    expect(l.entries()).toMatchObject([{ input: 9, error: 'body cancelled by the consumer' }])
  })

  it('keeps usage of a failed Responses stream and flags SSE error events', async () => {
    const l = createLedger()
    const usage = { input_tokens: 100, input_tokens_details: { cached_tokens: 0 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 5 }, total_tokens: 107 }
    const failed = sse([['response.failed', { type: 'response.failed', response: { model: 'o3', output: [], usage } }]])
    await (await trackFetch(l, stream(failed))('http://x/v1/responses', POST)).text()
    const errored = sse([['message_start', { type: 'message_start', message: { model: 'm', content: [], usage: { input_tokens: 4, output_tokens: 1 } } }], ['error', { type: 'error', error: { type: 'overloaded_error' } }]])
    await (await trackFetch(l, stream(errored))('http://x/v1/messages', POST)).text()
    await (await trackFetch(l, stream(['data: {not json\n\n', 'data: [DONE]\n\n']))('http://x/v1/chat/completions', POST)).text()
    expect(l.entries()).toMatchObject([
      { input: 100, output: 7, reasoning: 5, error: 'response.failed' },
      { input: 4, error: 'error event: overloaded_error' },
      { error: 'unparseable chunk' },
    ])
    const chunk = { id: 'c', object: 'chat.completion.chunk', model: 'gpt-4.1', choices: [{ index: 0, delta: { content: 'x' } }] }
    await (await trackFetch(l, stream(sse([[undefined, chunk], [undefined, { error: { type: 'server_error', message: 'boom' } }]])))('http://x/v1/chat/completions', POST)).text()
    expect(l.entries().at(-1)!.error).toBe('error chunk: server_error')
  })

  it('records a response without a body or with an error status without reading it', async () => {
    const l = createLedger()
    await trackFetch(l, async () => new Response(null, { status: 200 }))('http://x/v1/messages', POST)
    const res = await trackFetch(l, async () => new Response('{"error":1}', { status: 503 }))('http://x/v1/messages', POST)
    expect(await res.text()).toBe('{"error":1}')
    expect(l.entries().map(e => e.error)).toEqual(['empty body', 'HTTP 503'])
  })
})

describe('sseParser', () => {
  it('gives the same events however the stream is split, with LF, CRLF or CR line ends (property)', async () => {
    const { sseParser } = await import('../../src/tokens/stream.ts')
    const fc = (await import('fast-check')).default
    const events: Array<[string | undefined, string]> = [['message_start', '{"a":1}'], [undefined, 'line one\nline two'], ['ping', '{}']]
    const body = (eol: string) => events.map(([e, d]) => `${e ? `event: ${e}${eol}` : ''}${d.split('\n').map(l => `data: ${l}`).join(eol)}${eol}: comment${eol}${eol}`).join('')
    fc.assert(fc.property(fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(200), { maxLength: 6 }), (eol, cuts) => {
      const text = body(eol), got: Array<[string | undefined, string]> = [], wanted: typeof got = []
      const push = sseParser((e, d) => got.push([e, d]))
      // The same with 'ping' unwanted: its data lines are skipped, every other event is unchanged.
      const pushWanted = sseParser((e, d) => wanted.push([e, d]), e => e !== 'ping')
      const points = [...new Set(cuts.map(c => c % (text.length + 1)))].sort((a, b) => a - b)
      let prev = 0
      for (const p of [...points, text.length]) { push(text.slice(prev, p)); pushWanted(text.slice(prev, p)); prev = p }
      expect(got).toEqual(events)
      expect(wanted).toEqual(events.filter(([e]) => e !== 'ping'))
    }))
  })
})

describe('endpoint detection', () => {
  it('finds the path in absolute URLs with query and fragment, and ignores hosts without a path', async () => {
    const l = createLedger()
    const f = trackFetch(l, json(anthropicMessage({ input_tokens: 1, output_tokens: 1 })))
    await (await f('https://api.example.com:8443/proxy/v1/messages?beta=true#x', POST)).json()
    await (await f('https://api.example.com', POST)).json()
    await (await f('/v1/messages', POST)).json()
    expect(l.entries()).toHaveLength(2)
  })
})

describe('every way of reading a streamed body is observed, and the bytes are unchanged', () => {
  const chunks = anthropicStream({ input_tokens: 11, cache_read_input_tokens: 7, output_tokens: 1 }, { output_tokens: 5 }, { tool: true })
  const whole = chunks.join('')
  const tracked = () => { const l = createLedger(); return { l, f: trackFetch(l, stream(chunks)) } }
  const usage = { input: 11, cacheRead: 7, output: 5, toolUses: 1 }
  const drain = async (s: ReadableStream<Uint8Array>) => { let t = ''; const d = new TextDecoder(); for await (const c of s) t += d.decode(c, { stream: true }); return t + d.decode() }

  it.each([
    ['text()', (r: Response) => r.text()],
    ['arrayBuffer()', async (r: Response) => new TextDecoder().decode(await r.arrayBuffer())],
    ['bytes()', async (r: Response) => new TextDecoder().decode(await r.bytes())],
    ['blob()', async (r: Response) => (await r.blob()).text()],
    ['the async iterator', (r: Response) => drain(r.body!)],
    ['values()', async (r: Response) => { let t = ''; for await (const c of r.body!.values()) t += new TextDecoder().decode(c); return t }],
    ['getReader()', async (r: Response) => { const rd = r.body!.getReader(); let t = ''; for (let x = await rd.read(); !x.done; x = await rd.read()) t += new TextDecoder().decode(x.value); return t }],
    ['tee()', async (r: Response) => { const [a, b] = r.body!.tee(); const [x, y] = await Promise.all([drain(a), drain(b)]); expect(y).toBe(x); return x }],
    ['pipeThrough()', (r: Response) => drain(r.body!.pipeThrough(new TransformStream()))],
    ['pipeTo()', async (r: Response) => { const parts: Uint8Array[] = []; await r.body!.pipeTo(new WritableStream({ write(c) { parts.push(c) } })); return new TextDecoder().decode(Buffer.concat(parts)) }],
  ])('%s', async (_name, read) => {
    const { l, f } = tracked()
    const res = await f('http://x/v1/messages', POST)
    expect(await read(res)).toBe(whole)
    await l.settled()
    expect(l.entries()).toHaveLength(1)
    expect(l.entries()[0]).toMatchObject(usage)
    expect(l.entries()[0]!.error).toBeUndefined()
  })

  it('a BYOB reader', async () => {
    const l = createLedger()
    const bytes = new TextEncoder().encode(whole)
    const f = trackFetch(l, async () => new Response(new ReadableStream({
      type: 'bytes',
      start(c) { for (let i = 0; i < bytes.length; i += 100) c.enqueue(bytes.slice(i, i + 100)); c.close() },
    }), { headers: { 'content-type': 'text/event-stream' } }))
    const rd = (await f('http://x/v1/messages', POST)).body!.getReader({ mode: 'byob' })
    let got = ''
    for (let x = await rd.read(new Uint8Array(64)); !x.done; x = await rd.read(new Uint8Array(64))) got += new TextDecoder().decode(x.value, { stream: true })
    expect(got).toBe(whole)
    expect(l.entries()[0]).toMatchObject(usage)
  })

  it('non-ASCII text split inside characters: bytes unchanged for the consumer, usage exact', async () => {
    const l = createLedger()
    const text = anthropicStream({ input_tokens: 3, output_tokens: 1 }, { output_tokens: 9 }).join('').replace('Assigning ', 'Zuweisung «ü» 日本語 ✓ ')
      .replace('{"type":"message_delta","delta":{', '{"type":"message_delta","delta":{"note":"“ü” 日本 ✓",')
    const bytes = new TextEncoder().encode(text)
    const f = trackFetch(l, async () => new Response(new ReadableStream<Uint8Array>({
      start(c) { for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.slice(i, i + 7)); c.close() },
    }), { headers: { 'content-type': 'text/event-stream' } }))
    expect(await drain((await f('http://x/v1/messages', POST)).body!)).toBe(text)
    expect(l.entries()[0]).toMatchObject({ input: 3, output: 9 })
    expect(l.entries()[0]!.error).toBeUndefined()
  })

  it('json() of a streamed body fails as on an untracked response, and the read is still recorded', async () => {
    const { l, f } = tracked()
    const untracked = await stream(chunks)()
    const err = await untracked.json().catch((e: unknown) => e)
    await expect((await f('http://x/v1/messages', POST)).json()).rejects.toThrow((err as Error).constructor as ErrorConstructor)
    expect(l.entries()[0]).toMatchObject(usage)
  })

  // Chunks are delivered one per pull and the stream then fails, as a socket cut mid-way does.
  const cutAfter = (parts: string[]) => async () => {
    let i = 0
    return new Response(new ReadableStream<Uint8Array>({
      pull(c) { if (i < parts.length) c.enqueue(new TextEncoder().encode(parts[i++]!)); else c.error(new Error('socket hang up')) },
    }), { headers: { 'content-type': 'text/event-stream' } })
  }

  it('breaking out of the iterator before the end records a cancelled read; a cut stream is recorded as cut', async () => {
    const { l, f } = tracked()
    for await (const _ of (await f('http://x/v1/messages', POST)).body!) break
    expect(l.entries()[0]).toMatchObject({ input: 11, error: 'body cancelled by the consumer' })
    const l2 = createLedger()
    const cut = await trackFetch(l2, cutAfter(chunks.slice(0, 2)))('http://x/v1/messages', POST)
    await expect(cut.text()).rejects.toThrow('socket hang up')
    expect(l2.entries()[0]).toMatchObject({ input: 11, error: 'stream cut: socket hang up' })
    const l3 = createLedger()
    const cut2 = await trackFetch(l3, cutAfter(chunks.slice(0, 2)))('http://x/v1/messages', POST)
    await expect(drain(cut2.body!)).rejects.toThrow('socket hang up')
    expect(l3.entries()[0]).toMatchObject({ input: 11, error: 'stream cut: socket hang up' })
  })

  it('keeps the response itself: same object, status, headers and url', async () => {
    const original = await stream(chunks)()
    const res = await trackFetch(createLedger(), async () => original)('http://x/v1/messages', POST)
    expect(res).toBe(original)
    expect(res).toBeInstanceOf(Response)
    expect(res.body).toBeInstanceOf(ReadableStream)
    expect(Object.getPrototypeOf(res)).toBe(Response.prototype)
  })
})
