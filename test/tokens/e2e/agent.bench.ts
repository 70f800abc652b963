// Replays a cassette through the real Anthropic SDK and reports its tokens; the cassette path comes from
// the end-to-end test, which swaps in one with 10% more input tokens for the second run.
import Anthropic from '@anthropic-ai/sdk'
import { test } from '../../../src/index.ts'

test('review agent', async ({ bench, tokens }) => {
  const client = new Anthropic({ apiKey: 'replay', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: tokens.cassette(process.env.TOKENS_E2E_CASSETTE!, { mode: 'replay' }) })
  await bench('three turns', tokens.iteration(async () => {
    for (let turn = 0; turn < 3; turn++) await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'review' }] })
  })).run({ time: 0, iterations: 5, warmup: false })
  await tokens.report({ bench: 'three turns' })
})
