// Token and cost benchmarks on replayed cassettes: the same 3-turn code-review agent with and without
// prompt caching, and on OpenAI (streamed chat, Responses with reasoning). The cassettes were authored
// in the wire format (benches/fixtures/tokens/author.ts), not recorded from the live API.
// Token metrics are deterministic: a fixed iteration count (time: 0, no warmup) makes even totals exact.
// Timings here measure the SDK plus replay, not the API.
import Anthropic from '@anthropic-ai/sdk'
import OpenAI from 'openai'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { combineProvenance, parseClaudeOutput, test, type Provenance } from '../src/index.ts'

const cassette = (name: string) => fileURLToPath(new URL(`./fixtures/tokens/${name}`, import.meta.url))
const OFFLINE = 'http://127.0.0.1:9' // nothing listens there: a request that missed the cassette would fail
const RUN = { time: 0, iterations: 40, warmup: false } as const
const SYSTEM = 'You are the reviewer agent of a coding swarm. Repository context follows.\n' // stands for the 5,800-token context
const TOOL_RESULT = 'export function route(task) { /* … */ }'

async function reviewWithClaude(client: Anthropic, cached: boolean): Promise<void> {
  const system = cached ? [{ type: 'text' as const, text: SYSTEM, cache_control: { type: 'ephemeral' as const } }] : SYSTEM
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Review the change to the task router.' }]
  for (let turn = 0; turn < 3; turn++) {
    const msg = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 1024, system, messages })
    messages.push({ role: 'assistant', content: msg.content })
    const tool = msg.content.find(b => b.type === 'tool_use')
    if (!tool) return
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: tool.id, content: TOOL_RESULT }] })
  }
}

test('code-review agent: prompt caching on vs off (Claude Haiku 4.5, replayed)', async ({ bench, tokens, metric }) => {
  const perIter: Record<string, number> = {}
  const priced: Array<Provenance | undefined> = []
  for (const variant of ['uncached', 'cached'] as const) {
    const client = new Anthropic({ apiKey: 'replay', baseURL: OFFLINE, maxRetries: 0, fetch: tokens.cassette(cassette(`review-${variant}.json`), { mode: 'replay' }) })
    await bench(variant, tokens.iteration(() => reviewWithClaude(client, variant === 'cached'))).run(RUN)
    const rep = await tokens.report({ bench: variant })
    perIter[variant] = rep.costUsd! / rep.iterations
    priced.push(rep.metrics.find(m => m.name === 'cost.usd')!.options.provenance as Provenance)
  }
  // as authored as the two costs it compares
  await metric('cost.saving_from_cache', 1 - perIter['cached']! / perIter['uncached']!, { unit: 'ratio', better: 'higher', kind: 'deterministic', bench: 'cached', provenance: combineProvenance(priced)! })
})

test('code-review agent on OpenAI: streamed chat vs Responses with reasoning (replayed)', async ({ bench, tokens }) => {
  const chat = new OpenAI({ apiKey: 'replay', baseURL: `${OFFLINE}/v1`, maxRetries: 0, fetch: tokens.cassette(cassette('review-openai-stream.json'), { mode: 'replay' }) })
  await bench('gpt-4.1 chat stream', tokens.iteration(async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM }, { role: 'user', content: 'Review the change to the task router.' }]
    for (let turn = 0; turn < 3; turn++) {
      const stream = await chat.chat.completions.create({ model: 'gpt-4.1', messages, stream: true, stream_options: { include_usage: true } })
      let text = ''
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
      messages.push({ role: 'assistant', content: text })
    }
  })).run(RUN)
  await tokens.report({ bench: 'gpt-4.1 chat stream' })

  const responses = new OpenAI({ apiKey: 'replay', baseURL: `${OFFLINE}/v1`, maxRetries: 0, fetch: tokens.cassette(cassette('review-responses-reasoning.json'), { mode: 'replay' }) })
  await bench('o4-mini responses', tokens.iteration(async () => {
    let previous: string | undefined
    for (let turn = 0; turn < 3; turn++) {
      const r = await responses.responses.create({ model: 'o4-mini', input: turn === 0 ? 'Review the change to the task router.' : TOOL_RESULT, instructions: SYSTEM, reasoning: { effort: 'medium' }, ...(previous ? { previous_response_id: previous } : {}) })
      previous = r.id
    }
  })).run(RUN)
  await tokens.report({ bench: 'o4-mini responses' })
})

test('claude-flow swarm run: stream-json replayed through the Claude Code parser', async ({ bench, tokens }) => {
  // Written by the stand-in CLI (test/tokens/fake-claude.mjs, scenario claude-flow) in Claude Code's
  // documented stream-json shape, banner lines included; cost is Claude Code's own total_cost_usd. The
  // figures in it were chosen by hand in the stand-in's script: authored.
  const output = readFileSync(cassette('claude-flow-swarm.stream.jsonl'), 'utf8')
  const provenance = { kind: 'authored', how: 'claude-flow-swarm.stream.jsonl, written by the stand-in CLI test/tokens/fake-claude.mjs (figures chosen by hand)' } as const
  await bench('parse + record', tokens.iteration(() => {
    for (const u of parseClaudeOutput(output).usages) tokens.record({ ...u, provenance })
  })).run(RUN)
  await tokens.report({ bench: 'parse + record' })
})
