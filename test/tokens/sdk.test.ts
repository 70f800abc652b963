// Real SDK clients against a loopback server speaking each wire format: the ledger must hold exactly
// what the server sent, through retries, errors and broken streams.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createLedger, trackClient, type Ledger } from '../../src/tokens/index.ts'
import { startLoopback, type Loopback } from './loopback.ts'
import { anthropicMessage, anthropicStream, chatCompletion, chatStream, responseBody, responsesStream } from './wire.ts'

let lb: Loopback
let ledger: Ledger
beforeAll(async () => { lb = await startLoopback() })
afterAll(async () => { await lb.close() })
beforeEach(() => { ledger = createLedger(); lb.seen.length = 0 })

const anthropic = (maxRetries = 0) => trackClient(new Anthropic({ apiKey: 'sk-ant-test-secret', baseURL: lb.url, maxRetries }), ledger)
const openai = (maxRetries = 0) => trackClient(new OpenAI({ apiKey: 'sk-openai-test-secret', baseURL: `${lb.url}/v1`, maxRetries }), ledger)
const ask = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'plan' }] }

describe('Anthropic Messages', () => {
  it('records a message with cache fields and tool use, token for token', async () => {
    const usage = { input_tokens: 17, output_tokens: 311, cache_creation_input_tokens: 2048, cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 1024, ephemeral_1h_input_tokens: 1024 }, output_tokens_details: { thinking_tokens: 120 } }
    lb.script({ body: anthropicMessage(usage, [{ type: 'tool_use', id: 'toolu_1', name: 'spawn_agent', input: {} }]) })
    const msg = await anthropic().messages.create(ask)
    expect(msg.usage.input_tokens).toBe(17) // the SDK still gets the full body
    expect(msg.content).toHaveLength(2)
    const [e] = ledger.entries()
    expect(e).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5-20251001', input: 17, output: 311, cacheWrite: 2048,
      cacheWrite1h: 1024, cacheRead: 0, reasoning: 120, toolUses: 1, requests: 1 })
    expect(e!.error).toBeUndefined()
    expect(e!.latencyMs).toBeGreaterThan(0)
  })

  it('records a stream from message_start and the cumulative message_delta', async () => {
    lb.script({ chunks: anthropicStream({ input_tokens: 25, cache_read_input_tokens: 4096, cache_creation_input_tokens: 0, output_tokens: 1 }, { output_tokens: 87 }, { tool: true }) })
    const stream = await anthropic().messages.create({ ...ask, stream: true })
    let text = ''
    for await (const ev of stream) if (ev.type === 'content_block_delta' && ev.delta.type === 'text_delta') text += ev.delta.text
    expect(text).toBe('Assigning roles.')
    expect(ledger.totals()).toMatchObject({ input: 25, cacheRead: 4096, cacheWrite: 0, output: 87, toolUses: 1, requests: 1, failedRequests: 0 })
    expect(ledger.totals().cacheHitRate).toBeCloseTo(4096 / (25 + 4096))
  })

  it('takes input and cache counts from message_delta when it carries them', async () => {
    lb.script({ chunks: anthropicStream({ input_tokens: 0, output_tokens: 1 }, { output_tokens: 40, input_tokens: 30, cache_read_input_tokens: 500, cache_creation_input_tokens: 7 }) })
    const final = await anthropic().messages.stream(ask).finalMessage()
    expect(final.usage.output_tokens).toBe(40)
    expect(ledger.totals()).toMatchObject({ input: 30, cacheRead: 500, cacheWrite: 7, output: 40 })
  })

  it('counts a 429 with retry-after as a failed request and the retry as the billed one', async () => {
    lb.script(
      { status: 429, headers: { 'retry-after': '0.05' }, body: { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } } },
      { body: anthropicMessage({ input_tokens: 9, output_tokens: 4 }) },
    )
    await anthropic(1).messages.create(ask)
    expect(lb.seen).toHaveLength(2)
    expect(ledger.totals()).toMatchObject({ requests: 2, failedRequests: 1, input: 9, output: 4 })
    expect(ledger.entries()[0]!.error).toBe('HTTP 429')
  })

  it('records a 500 and lets the SDK throw as it would', async () => {
    lb.script({ status: 500, body: { type: 'error', error: { type: 'api_error', message: 'boom' } } })
    await expect(anthropic().messages.create(ask)).rejects.toBeInstanceOf(Anthropic.InternalServerError)
    expect(ledger.entries()).toMatchObject([{ error: 'HTTP 500', input: 0, output: 0 }])
  })

  it('records malformed JSON as a failed request, and the SDK still sees the same bytes', async () => {
    lb.script({ body: '{"id":"msg_01","usage":{"input_tokens":5,' })
    await expect(anthropic().messages.create(ask)).rejects.toThrow()
    expect(ledger.entries()).toMatchObject([{ error: 'response body is not valid JSON', input: 0 }])
  })

  it('keeps what arrived before a stream is cut mid-way, marked as an error', async () => {
    lb.script({ chunks: anthropicStream({ input_tokens: 33, cache_read_input_tokens: 100, output_tokens: 1 }, {}, { cutAfterStart: true }), cut: true })
    const stream = await anthropic().messages.create({ ...ask, stream: true })
    await expect((async () => { for await (const _ of stream) { /* drain */ } })()).rejects.toThrow()
    await ledger.settled()
    const [e] = ledger.entries()
    expect(e).toMatchObject({ input: 33, cacheRead: 100, output: 1 })
    expect(e!.error).toMatch(/stream cut|body ended early/)
  })

  it('records batch results at the batch rate', async () => {
    lb.route('/v1/messages/batches/msgbatch_1', { body: { id: 'msgbatch_1', type: 'message_batch', processing_status: 'ended', results_url: `${lb.url}/v1/messages/batches/msgbatch_1/results`,
      request_counts: { processing: 0, succeeded: 2, errored: 1, canceled: 0, expired: 0 }, created_at: '2026-11-21T00:00:00Z', ended_at: '2026-11-21T00:01:00Z', expires_at: '2026-11-22T00:00:00Z', archived_at: null, cancel_initiated_at: null } })
    const lines = [
      { custom_id: 'a', result: { type: 'succeeded', message: anthropicMessage({ input_tokens: 100, output_tokens: 10, service_tier: 'batch' }) } },
      { custom_id: 'b', result: { type: 'succeeded', message: anthropicMessage({ input_tokens: 200, output_tokens: 20, cache_read_input_tokens: 50, service_tier: 'batch' }) } },
      { custom_id: 'c', result: { type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } } } },
    ]
    lb.route('/v1/messages/batches/msgbatch_1/results', { body: lines.map(l => JSON.stringify(l)).join('\n') + '\n', headers: { 'content-type': 'application/binary' } })
    const ids: string[] = []
    for await (const r of await anthropic().messages.batches.results('msgbatch_1')) ids.push(r.custom_id)
    expect(ids).toEqual(['a', 'b', 'c'])
    expect(ledger.entries().map(e => e.batch)).toEqual([true, true])
    expect(ledger.totals()).toMatchObject({ input: 300, output: 30, cacheRead: 50, requests: 2 })
  })

  it('leaves the original client untracked and keeps its type and options', async () => {
    lb.script({ body: anthropicMessage({ input_tokens: 1, output_tokens: 1 }) })
    const raw = new Anthropic({ apiKey: 'k', baseURL: lb.url, maxRetries: 0 })
    const tracked = trackClient(raw, ledger)
    expect(tracked).toBeInstanceOf(Anthropic)
    expect(tracked.baseURL).toBe(raw.baseURL)
    await raw.messages.create(ask)
    expect(ledger.entries()).toHaveLength(0)
    await tracked.messages.create(ask)
    expect(ledger.entries()).toHaveLength(1)
    expect(() => trackClient({} as never, ledger)).toThrow(/withOptions/)
  })

  it('keeps a custom fetch the client was built with', async () => {
    lb.script({ body: anthropicMessage({ input_tokens: 3, output_tokens: 1 }) })
    let custom = 0
    const raw = new Anthropic({ apiKey: 'k', baseURL: lb.url, maxRetries: 0, fetch: (url, init) => { custom++; return fetch(url, init) } })
    await trackClient(raw, ledger).messages.create(ask)
    expect(custom).toBe(1)
    expect(ledger.totals().input).toBe(3)
  })

  it('does not track other endpoints', async () => {
    lb.script({ body: { input_tokens: 42 } })
    await anthropic().messages.countTokens(ask)
    expect(ledger.entries()).toHaveLength(0)
  })
})

describe('OpenAI', () => {
  it('records Chat Completions with cached and reasoning tokens', async () => {
    lb.script({ body: chatCompletion({ prompt_tokens: 3000, completion_tokens: 500, total_tokens: 3500,
      prompt_tokens_details: { cached_tokens: 2048, audio_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 320 } }, 2) })
    const r = await openai().chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'plan' }] })
    expect(r.usage?.prompt_tokens).toBe(3000)
    expect(ledger.entries()[0]).toMatchObject({ provider: 'openai', model: 'gpt-4.1-2025-04-14', input: 952, cacheRead: 2048, cacheWrite: 0, output: 500, reasoning: 320, toolUses: 2 })
    const t = ledger.totals()
    expect(t.input + t.cacheRead + t.cacheWrite).toBe(3000) // prompt_tokens, token for token
  })

  it('records a streamed chat with stream_options.include_usage', async () => {
    lb.script({ chunks: chatStream({ prompt_tokens: 1200, completion_tokens: 75, total_tokens: 1275, prompt_tokens_details: { cached_tokens: 1024, cache_write_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } }, { tool: true }) })
    const stream = await openai().chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'plan' }], stream: true, stream_options: { include_usage: true } })
    let usage: unknown
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage
    expect(usage).toMatchObject({ prompt_tokens: 1200 })
    expect(ledger.entries()[0]).toMatchObject({ input: 176, cacheRead: 1024, output: 75, toolUses: 1 })
    expect(ledger.entries()[0]!.error).toBeUndefined()
  })

  it('flags a streamed chat without usage instead of counting it as zero tokens', async () => {
    lb.script({ chunks: chatStream(null) })
    const stream = await openai().chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }], stream: true })
    for await (const _ of stream) { /* drain */ }
    expect(ledger.entries()[0]!.error).toMatch(/include_usage/)
  })

  it('records the Responses API, plain and streamed', async () => {
    const usage = { input_tokens: 5000, input_tokens_details: { cached_tokens: 4096, cache_write_tokens: 512 }, output_tokens: 900, output_tokens_details: { reasoning_tokens: 700 }, total_tokens: 5900 }
    lb.script({ body: responseBody(usage, true) })
    const r = await openai().responses.create({ model: 'o4-mini', input: 'plan' })
    expect(r.output_text).toBe('Three agents.')
    lb.script({ chunks: responsesStream(usage) })
    const stream = await openai().responses.create({ model: 'o4-mini', input: 'plan', stream: true })
    for await (const _ of stream) { /* drain */ }
    expect(ledger.entries()).toHaveLength(2)
    expect(ledger.entries()[0]).toMatchObject({ model: 'o4-mini-2025-04-16', input: 392, cacheRead: 4096, cacheWrite: 512, output: 900, reasoning: 700, toolUses: 1 })
    expect(ledger.entries()[1]).toMatchObject({ input: 392, cacheRead: 4096, cacheWrite: 512, output: 900, reasoning: 700 })
  })

  it('records a 429 retry and a 500 for OpenAI too', async () => {
    lb.script(
      { status: 429, headers: { 'retry-after': '0.05' }, body: { error: { message: 'rate', type: 'requests', code: 'rate_limit_exceeded' } } },
      { status: 500, body: { error: { message: 'boom', type: 'server_error' } } },
    )
    await expect(openai(1).chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(OpenAI.InternalServerError)
    expect(ledger.entries().map(e => e.error)).toEqual(['HTTP 429', 'HTTP 500'])
    expect(ledger.totals().requests).toBe(2)
  })
})
