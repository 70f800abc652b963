// Offline counting: exact with OpenAI's own encodings, a labelled estimate elsewhere.
import { describe, expect, it } from 'vitest'
import { countChatTokens, countTokens, openaiEncoding } from '../../src/tokens/index.ts'

describe('offline token counting', () => {
  it('counts exactly with the bundled o200k_base and cl100k_base ranks', async () => {
    // Reference counts from OpenAI's tokenizer: "hello world" is 2 tokens in both encodings.
    expect(await countTokens('hello world', 'gpt-4.1')).toEqual({ tokens: 2, exact: true, encoding: 'o200k_base' })
    expect(await countTokens('hello world', 'gpt-4')).toEqual({ tokens: 2, exact: true, encoding: 'cl100k_base' })
    expect((await countTokens('', 'gpt-5')).tokens).toBe(0)
    const long = 'Coordinate three agents: planner, coder, reviewer. '.repeat(50)
    const a = await countTokens(long, 'gpt-4o'), b = await countTokens(long, 'gpt-4o')
    expect(a.tokens).toBe(b.tokens)
    expect(a.tokens).toBeGreaterThan(200)
  })

  it('maps model ids to encodings and leaves others undescribed', () => {
    expect(openaiEncoding('gpt-5-mini-2025-08-07')).toBe('o200k_base')
    expect(openaiEncoding('o4-mini')).toBe('o200k_base')
    expect(openaiEncoding('gpt-3.5-turbo')).toBe('cl100k_base')
    expect(openaiEncoding('claude-haiku-4-5')).toBeUndefined()
  })

  it('labels counts for other models as estimates, saying how', async () => {
    const c = await countTokens('hello world', 'claude-haiku-4-5')
    expect(c.exact).toBe(false)
    expect(c.provenance).toMatchObject({ kind: 'estimate', how: expect.stringMatching(/o200k_base .* proxy/) })
    await expect(countTokens(3 as never, 'gpt-4o')).rejects.toThrow(/text must be a string/)
    await expect(countTokens('x', '')).rejects.toThrow(/model/)
  })

  it('adds OpenAI chat framing and labels it', async () => {
    const c = await countChatTokens([{ role: 'system', content: 'hello world' }, { role: 'user', content: 'hello world', name: 'bob' }], 'gpt-4o')
    // text: system(1) + 2 + user(1) + 2 + bob(1) = 7; framing 3*2 + 1 + 3 = 10
    expect(c.tokens).toBe(17)
    expect(c.exact).toBe(false)
    expect(c.provenance).toMatchObject({ kind: 'estimate', how: expect.stringMatching(/exact text tokens plus OpenAI cookbook/) })
  })
})
