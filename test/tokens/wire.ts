// Response bodies in each API's documented wire format, shared by the SDK tests and the overhead bench.
import { sse } from './loopback.ts'

export const anthropicMessage = (usage: Record<string, unknown>, extraContent: unknown[] = []) => ({
  id: 'msg_01', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001',
  content: [{ type: 'text', text: 'Plan: split the task across three agents.', citations: null }, ...extraContent],
  stop_reason: extraContent.length ? 'tool_use' : 'end_turn', stop_sequence: null,
  usage: { cache_creation: null, inference_geo: null, output_tokens_details: null, server_tool_use: null, service_tier: 'standard', ...usage },
})

export function anthropicStream(start: Record<string, unknown>, delta: Record<string, unknown>, opts: { tool?: boolean; cutAfterStart?: boolean } = {}): string[] {
  const msg = { ...anthropicMessage(start), content: [], stop_reason: null }
  const events: Array<[string, unknown]> = [
    ['message_start', { type: 'message_start', message: msg }],
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } }],
    ['ping', { type: 'ping' }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Assigning ' } }],
  ]
  if (opts.cutAfterStart) return sse(events)
  events.push(
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'roles.' } }],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
  )
  if (opts.tool) events.push(
    ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_01', name: 'spawn_agent', input: {} } }],
    ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"role":"coder"}' } }],
    ['content_block_stop', { type: 'content_block_stop', index: 1 }],
  )
  events.push(
    ['message_delta', { type: 'message_delta', delta: { stop_reason: opts.tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 1, ...delta } }],
    ['message_stop', { type: 'message_stop' }],
  )
  return sse(events)
}

export const chatCompletion = (usage: Record<string, unknown>, toolCalls = 0) => ({
  id: 'chatcmpl-1', object: 'chat.completion', created: 1763700000, model: 'gpt-4.1-2025-04-14',
  choices: [{
    index: 0, finish_reason: toolCalls ? 'tool_calls' : 'stop', logprobs: null,
    message: {
      role: 'assistant', content: toolCalls ? null : 'Three agents.', refusal: null,
      ...(toolCalls ? { tool_calls: Array.from({ length: toolCalls }, (_, i) => ({ id: `call_${i}`, type: 'function', function: { name: 'spawn_agent', arguments: '{}' } })) } : {}),
    },
  }],
  usage,
})

export function chatStream(usage: Record<string, unknown> | null, opts: { tool?: boolean } = {}): string[] {
  const base = { id: 'chatcmpl-2', object: 'chat.completion.chunk', created: 1763700000, model: 'gpt-4.1-2025-04-14', system_fingerprint: 'fp_1' }
  const events: Array<[undefined, unknown]> = [
    [undefined, { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }], usage: null }],
    [undefined, { ...base, choices: [{ index: 0, delta: { content: 'Three' }, finish_reason: null }], usage: null }],
  ]
  if (opts.tool) events.push([undefined, { ...base, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_9', type: 'function', function: { name: 'spawn_agent', arguments: '' } }] }, finish_reason: null }], usage: null }])
  events.push([undefined, { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }], usage: null }])
  if (usage) events.push([undefined, { ...base, choices: [], usage }])
  events.push([undefined, '[DONE]'])
  return sse(events)
}

export const responseBody = (usage: Record<string, unknown>, tool = false) => ({
  id: 'resp_1', object: 'response', created_at: 1763700000, status: 'completed', model: 'o4-mini-2025-04-16',
  output: [
    { type: 'reasoning', id: 'rs_1', summary: [] },
    ...(tool ? [{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'spawn_agent', arguments: '{}', status: 'completed' }] : []),
    { type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Three agents.', annotations: [] }] },
  ],
  usage, parallel_tool_calls: true, tool_choice: 'auto', tools: [], error: null, incomplete_details: null, instructions: null, metadata: {}, temperature: 1, top_p: 1,
})

export function responsesStream(usage: Record<string, unknown>): string[] {
  const full = responseBody(usage)
  return sse([
    ['response.created', { type: 'response.created', sequence_number: 0, response: { ...full, status: 'in_progress', output: [], usage: null } }],
    ['response.output_text.delta', { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 1, content_index: 0, delta: 'Three agents.' }],
    ['response.completed', { type: 'response.completed', sequence_number: 2, response: full }],
  ])
}
