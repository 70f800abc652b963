// Turn what each API returned into ledger fields. Only documented wire fields are read. Within a usage object,
// an optional count the API leaves out (cache or reasoning tokens that did not apply) counts as 0; a body with no
// usage object at all carries no figure, and the trackers record it as a failed request (hasUsage), never as 0.
// Normalisation: OpenAI's prompt/input tokens include cached ones, Anthropic's exclude them.
import type { UsageRecordInput } from './ledger.ts'

type J = Record<string, unknown>
const obj = (v: unknown): J | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as J : undefined)
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0)
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

export type Usage = Omit<UsageRecordInput, 'provider' | 'requests' | 'latencyMs'>

/** Whether `body.usage` holds the two counts its API always sends (e.g. input_tokens and output_tokens). */
export function hasUsage(body: unknown, counts: readonly [string, string]): boolean {
  const u = obj(obj(body)?.['usage'])
  return u !== undefined && counts.every(c => typeof u[c] === 'number')
}

/** Anthropic `usage` (Message, message_start, message_delta, Claude Code result). */
export function anthropicUsage(u: unknown): Usage {
  const x = obj(u) ?? {}
  const cc = obj(x['cache_creation'])
  const details = obj(x['output_tokens_details'])
  const output = num(x['output_tokens'])
  const cacheWrite = num(x['cache_creation_input_tokens'])
  return {
    input: num(x['input_tokens']),
    output,
    cacheWrite,
    cacheWrite1h: Math.min(cacheWrite, num(cc?.['ephemeral_1h_input_tokens'])),
    cacheRead: num(x['cache_read_input_tokens']),
    reasoning: Math.min(output, num(details?.['thinking_tokens'])),
    batch: x['service_tier'] === 'batch',
  }
}

/** Tool calls in an Anthropic message's content (client tools and server tools). */
export function anthropicToolUses(content: unknown): number {
  if (!Array.isArray(content)) return 0
  return content.filter(b => { const t = obj(b)?.['type']; return t === 'tool_use' || t === 'server_tool_use' }).length
}

/** An Anthropic Message body. */
export function fromAnthropicMessage(body: unknown): Usage {
  const m = obj(body) ?? {}
  return { ...anthropicUsage(m['usage']), model: str(m['model']), toolUses: anthropicToolUses(m['content']) }
}

/** OpenAI Chat Completions `usage`. */
export function openaiChatUsage(u: unknown): Usage {
  const x = obj(u) ?? {}
  const pd = obj(x['prompt_tokens_details']), cd = obj(x['completion_tokens_details'])
  return splitPrompt(num(x['prompt_tokens']), num(pd?.['cached_tokens']), num(pd?.['cache_write_tokens']),
    num(x['completion_tokens']), num(cd?.['reasoning_tokens']))
}

/** OpenAI Responses `usage`. */
export function openaiResponsesUsage(u: unknown): Usage {
  const x = obj(u) ?? {}
  const id = obj(x['input_tokens_details']), od = obj(x['output_tokens_details'])
  return splitPrompt(num(x['input_tokens']), num(id?.['cached_tokens']), num(id?.['cache_write_tokens']),
    num(x['output_tokens']), num(od?.['reasoning_tokens']))
}

function splitPrompt(prompt: number, cached: number, written: number, output: number, reasoning: number): Usage {
  const cacheRead = Math.min(prompt, cached)
  const cacheWrite = Math.min(prompt - cacheRead, written)
  return { input: prompt - cacheRead - cacheWrite, cacheRead, cacheWrite, output, reasoning: Math.min(output, reasoning) }
}

/** A Chat Completions body. */
export function fromOpenAIChat(body: unknown): Usage {
  const b = obj(body) ?? {}
  let toolUses = 0
  if (Array.isArray(b['choices'])) for (const c of b['choices']) {
    const calls = obj(obj(c)?.['message'])?.['tool_calls']
    if (Array.isArray(calls)) toolUses += calls.length
  }
  return { ...openaiChatUsage(b['usage']), model: str(b['model']), toolUses }
}

const RESPONSE_TOOL_ITEMS = new Set(['function_call', 'custom_tool_call', 'web_search_call', 'file_search_call', 'code_interpreter_call', 'computer_call', 'mcp_call', 'local_shell_call', 'image_generation_call'])

/** A Responses API body (also the `response` of response.completed / failed / incomplete events). */
export function fromOpenAIResponse(body: unknown): Usage {
  const b = obj(body) ?? {}
  const out = Array.isArray(b['output']) ? b['output'] : []
  const toolUses = out.filter(i => RESPONSE_TOOL_ITEMS.has(String(obj(i)?.['type']))).length
  return { ...openaiResponsesUsage(b['usage']), model: str(b['model']), toolUses }
}
