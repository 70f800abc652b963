// Incremental readers for the bodies the wrappers see: Server-Sent Events for streaming, JSON and JSONL
// otherwise. They only pick out usage; the consumer gets the same bytes unchanged.
import { anthropicUsage, fromAnthropicMessage, fromOpenAIChat, fromOpenAIResponse, hasUsage, openaiChatUsage, type Usage } from './usage.ts'

export type Kind = 'anthropic.messages' | 'anthropic.batch-results' | 'openai.chat' | 'openai.responses'

export interface Accumulator {
  /** Feed decoded body text as it arrives. */
  push(text: string): void
  /** Usages read so far; `complete` once the body said it had finished. */
  finish(): { usages: Usage[]; complete: boolean; problem?: string }
}

/**
 * Splits an SSE stream into (event, data) pairs per the WHATWG event-stream rules we need. `wants(event)`
 * says which named events to deliver; the data lines of the others are skipped without being copied, which
 * keeps the observer cheap next to the SDK (text deltas are most of a stream and carry no usage).
 */
export function sseParser(onEvent: (event: string | undefined, data: string) => void, wants: (event: string) => boolean = () => true): (text: string) => void {
  let buf = '', event: string | undefined, data: string[] = [], skipLF = false, skipping = false
  const startEvent = (name: string) => { event = name; skipping = !wants(name); if (skipping) data = [] }
  const line = (l: string) => {
    if (l === '') {
      if (data.length) onEvent(event, data.length === 1 ? data[0]! : data.join('\n'))
      event = undefined; data = []; skipping = false
      return
    }
    if (l.charCodeAt(0) === 58 /* ':' comment */) return
    const colon = l.indexOf(':')
    const field = colon < 0 ? l : l.slice(0, colon)
    let value = colon < 0 ? '' : l.slice(colon + 1)
    if (value.charCodeAt(0) === 32) value = value.slice(1)
    if (field === 'event') startEvent(value)
    else if (field === 'data' && !skipping) data.push(value)
  }
  return (text) => {
    if (text === '') return
    // CR and CRLF end lines too; a CR at a chunk's end ends its line now, and a LF opening the next chunk is its pair.
    if (skipLF && text.charCodeAt(0) === 10) text = text.slice(1)
    skipLF = false
    if (text.includes('\r')) {
      skipLF = text.endsWith('\r')
      text = text.replace(/\r\n?/g, '\n')
    }
    buf += text
    let start = 0, nl: number
    // Scan by index: slicing the buffer per line made parsing quadratic in the chunk size.
    while ((nl = buf.indexOf('\n', start)) >= 0) {
      // The common shapes without intermediate copies: 'data: …' (skipped outright for unwanted events; it
      // cannot end the event, so skipping it is exact) and 'event: …'. Anything else goes through line().
      if (buf.startsWith('data: ', start)) { if (!skipping) data.push(buf.slice(start + 6, nl)) }
      else if (buf.startsWith('event: ', start)) startEvent(buf.slice(start + 7, nl))
      else line(buf.slice(start, nl))
      start = nl + 1
    }
    buf = start ? buf.slice(start) : buf
  }
}

function tryParse(s: string): unknown {
  try { return JSON.parse(s) } catch { return undefined }
}

function anthropicStream(): Accumulator {
  let usage: Usage | undefined, complete = false, toolUses = 0, problem: string | undefined
  const push = sseParser((event, data) => {
    // Parse only what can carry usage, a tool call or an error; text deltas are the bulk and the SDK parses them.
    if (event === 'message_stop') { complete = true; return }
    if (event === 'content_block_start' && !data.includes('tool_use')) return
    const msg = tryParse(data) as Record<string, any> | undefined
    const type = event ?? msg?.['type']
    if (!msg) { problem = `unparseable ${type ?? 'SSE'} event`; return }
    if (type === 'message_start') usage = fromAnthropicMessage(msg['message'])
    else if (type === 'content_block_start') {
      const t = msg['content_block']?.type
      if (t === 'tool_use' || t === 'server_tool_use') toolUses++
    } else if (type === 'message_delta' && msg['usage']) {
      // message_delta usage is cumulative; input/cache fields may be null there, keeping message_start's.
      const d = msg['usage'], next = anthropicUsage(d)
      const base: Usage = usage ?? { model: null }
      usage = {
        ...base,
        output: next.output,
        reasoning: d.output_tokens_details ? next.reasoning : base.reasoning,
        input: d.input_tokens != null ? next.input : base.input,
        cacheRead: d.cache_read_input_tokens != null ? next.cacheRead : base.cacheRead,
        cacheWrite: d.cache_creation_input_tokens != null ? next.cacheWrite : base.cacheWrite,
        cacheWrite1h: d.cache_creation_input_tokens != null ? next.cacheWrite1h : base.cacheWrite1h,
      }
    } else if (type === 'message_stop') complete = true
    else if (type === 'error') problem = `error event: ${msg['error']?.type ?? 'unknown'}`
  }, event => event !== 'content_block_delta' && event !== 'ping' && event !== 'content_block_stop')
  return {
    push,
    finish: () => ({ usages: usage ? [{ ...usage, toolUses }] : [], complete, ...(problem ? { problem } : {}) }),
  }
}

function openaiChatStream(): Accumulator {
  let usage: Usage | undefined, model: string | null = null, complete = false, toolUses = 0, problem: string | undefined
  const push = sseParser((_event, data) => {
    if (data === '[DONE]') { complete = true; return }
    // Only chunks that carry usage or a tool call need parsing; text deltas are the bulk and are skipped.
    if (model !== null && !/"usage"\s*:\s*\{/.test(data) && !data.includes('"tool_calls"') && !data.includes('"error"')) return
    const chunk = tryParse(data) as Record<string, any> | undefined
    if (!chunk) { problem = 'unparseable chunk'; return }
    if (chunk['error']) problem = `error chunk: ${chunk['error']?.type ?? chunk['error']?.code ?? 'unknown'}`
    if (typeof chunk['model'] === 'string') model ??= chunk['model']
    if (chunk['usage']) usage = openaiChatUsage(chunk['usage'])
    if (Array.isArray(chunk['choices'])) for (const c of chunk['choices']) {
      for (const call of c?.delta?.tool_calls ?? []) if (call?.id) toolUses++
    }
  })
  return {
    push,
    finish: () => {
      if (!usage) return { usages: [], complete, problem: problem ?? 'stream carried no usage: pass stream_options: { include_usage: true }' }
      return { usages: [{ ...usage, model, toolUses }], complete, ...(problem ? { problem } : {}) }
    },
  }
}

const FINAL_RESPONSE_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed'])

function openaiResponsesStream(): Accumulator {
  let usage: Usage | undefined, complete = false, problem: string | undefined
  const push = sseParser((event, data) => {
    const msg = tryParse(data) as Record<string, any> | undefined
    if (!msg) { problem = 'unparseable event'; return }
    const type = msg['type'] ?? event
    if (FINAL_RESPONSE_EVENTS.has(type)) {
      usage = fromOpenAIResponse(msg['response'])
      complete = true
      if (type !== 'response.completed') problem = type
    } else if (type === 'error') problem = `error event: ${msg['code'] ?? 'unknown'}`
  }, event => FINAL_RESPONSE_EVENTS.has(event) || event === 'error')
  return { push, finish: () => ({ usages: usage ? [usage] : [], complete, ...(problem ? { problem } : {}) }) }
}

const USAGE_COUNTS: Record<Kind, readonly [string, string]> = {
  'anthropic.messages': ['input_tokens', 'output_tokens'], 'anthropic.batch-results': ['input_tokens', 'output_tokens'],
  'openai.chat': ['prompt_tokens', 'completion_tokens'], 'openai.responses': ['input_tokens', 'output_tokens'],
}

/** Usage of a whole (non-streamed) JSON response body; undefined when the body carries none. */
export function usageFromJson(kind: Kind, body: unknown): Usage | undefined {
  if (!hasUsage(body, USAGE_COUNTS[kind])) return undefined
  return kind === 'anthropic.messages' ? fromAnthropicMessage(body) : kind === 'openai.chat' ? fromOpenAIChat(body) : fromOpenAIResponse(body)
}

/** Anthropic Message Batches results: one JSON object per line; each succeeded request billed at batch rates. */
function batchResults(): Accumulator {
  let buf = ''
  const usages: Usage[] = []
  let bad = 0
  const line = (l: string) => {
    if (l.trim() === '') return
    const r = tryParse(l) as Record<string, any> | undefined
    if (!r) { bad++; return }
    if (r['result']?.type === 'succeeded') usages.push({ ...fromAnthropicMessage(r['result'].message), batch: true })
  }
  return {
    push: (t) => {
      buf += t
      let nl: number
      while ((nl = buf.indexOf('\n')) >= 0) { line(buf.slice(0, nl)); buf = buf.slice(nl + 1) }
    },
    finish: () => { line(buf); buf = ''; return { usages, complete: bad === 0, ...(bad ? { problem: `${bad} unparseable result lines` } : {}) } },
  }
}

export function accumulatorFor(kind: Kind): Accumulator {
  if (kind === 'anthropic.batch-results') return batchResults()
  return kind === 'anthropic.messages' ? anthropicStream() : kind === 'openai.chat' ? openaiChatStream() : openaiResponsesStream()
}

export function isStreamed(kind: Kind, contentType: string): boolean {
  return kind === 'anthropic.batch-results' || contentType.includes('text/event-stream')
}

/**
 * Which tracked endpoint a request goes to, from its method and path (a query, if any, is ignored);
 * undefined = not tracked. This runs on every request of a tracked client, so it avoids copying the path.
 */
export function endpointKind(method: string, path: string): Kind | undefined {
  const q = path.indexOf('?'), end = q < 0 ? path.length : q
  // Compare as given first (fetch passes methods upper-cased).
  const m = method === 'POST' || method === 'GET' ? method : method.toUpperCase()
  if (m === 'POST') {
    if (path.endsWith('/messages', end)) return 'anthropic.messages'
    if (path.endsWith('/chat/completions', end)) return 'openai.chat'
    if (path.endsWith('/responses', end)) return 'openai.responses'
    return undefined
  }
  if (m === 'GET' && path.endsWith('/results', end) && /\/messages\/batches\/[^/]+\/results$/.test(path.slice(0, end))) return 'anthropic.batch-results'
  return undefined
}
