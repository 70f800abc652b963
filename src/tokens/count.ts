// Offline token counting before a prompt is sent. Exact for OpenAI models with gpt-tokenizer's bundled
// BPE ranks (pure JS, no download); for other models the same tokenizer is a labelled proxy, never presented as exact.

import type { Provenance } from '../schema/baseline.ts'

const estimate = (how: string): Provenance => ({ kind: 'estimate', how })

export type EncodingName = 'o200k_base' | 'cl100k_base'

export interface TokenCount {
  tokens: number
  exact: boolean
  encoding: EncodingName
  /** Set when not exact: { kind: 'estimate', how }. Pass it on with the count: `tokens.record({ input, provenance })`. */
  provenance?: Provenance
}

type Counter = (text: string) => number
const cache = new Map<EncodingName, Promise<Counter>>()

function encoder(name: EncodingName): Promise<Counter> {
  let p = cache.get(name)
  if (!p) {
    // Loaded on first use: the rank tables are 1–2 MB each and most bench files never count offline.
    p = (name === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base'))
      .then(m => (text: string) => m.countTokens(text, { disallowedSpecial: new Set() }))
    cache.set(name, p)
  }
  return p
}

/** The OpenAI encoding of a model, or undefined for models OpenAI's tokenizers do not describe. */
export function openaiEncoding(model: string): EncodingName | undefined {
  const m = model.toLowerCase().replace(/^openai\//, '').replace(/^ft:/, '')
  if (/^(gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o1|o3|o4|codex-)/.test(m)) return 'o200k_base'
  if (/^(gpt-4|gpt-3\.5|text-embedding-3|text-embedding-ada-002)/.test(m)) return 'cl100k_base'
  return undefined
}

export async function countTokens(text: string, model: string): Promise<TokenCount> {
  if (typeof text !== 'string') throw new TypeError('countTokens(text, model): text must be a string')
  if (typeof model !== 'string' || model === '') throw new TypeError('countTokens(text, model): model must be a non-empty model id')
  const enc = openaiEncoding(model)
  const used = enc ?? 'o200k_base'
  const tokens = (await encoder(used))(text)
  if (enc) return { tokens, exact: true, encoding: enc }
  return { tokens, exact: false, encoding: used, provenance: estimate(`o200k_base (OpenAI) token count as a proxy: ${model}'s tokenizer is not available offline; its real count differs (use the provider's count-tokens endpoint for an exact figure)`) }
}

export interface ChatMessageText { role: string; content: string; name?: string }

/**
 * Tokens of a chat prompt: exact text tokens plus OpenAI's published per-message framing (3 per message,
 * 1 per name, 3 to prime the reply; OpenAI cookbook "How to count tokens"). The framing is OpenAI's
 * documented approximation, so the total is labelled an estimate even for OpenAI models.
 */
export async function countChatTokens(messages: readonly ChatMessageText[], model: string): Promise<TokenCount> {
  let text = 0, exact = true, encoding: EncodingName = 'o200k_base', proxy: string | undefined
  for (const m of messages) {
    for (const part of [m.role, m.content, ...(m.name !== undefined ? [m.name] : [])]) {
      const c = await countTokens(part, model)
      text += c.tokens; exact &&= c.exact; encoding = c.encoding; proxy ??= c.provenance?.how
    }
  }
  const framing = messages.length * 3 + messages.filter(m => m.name !== undefined).length + 3
  return {
    tokens: text + framing, exact: false, encoding,
    provenance: estimate(`${exact ? 'exact text tokens' : proxy} plus OpenAI cookbook chat framing (3/message, 1/name, 3 reply priming)`),
  }
}
