// The `tokens` fixture end to end inside a real vitest test: metrics arrive as artifacts, with nothing
// sensitive in them.
import Anthropic from '@anthropic-ai/sdk'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, vi } from 'vitest'
import { test } from '../../src/test.ts'
import { createTokensFixture } from '../../src/tokens/fixture.ts'
import { startLoopback, type Loopback } from './loopback.ts'
import { anthropicMessage } from './wire.ts'

const KEY = 'sk-ant-FIXTURE-SECRET'
const PROMPT = 'Private: the merger plan for agents Alpha and Beta'
let lb: Loopback
beforeAll(async () => { lb = await startLoopback() })
afterAll(async () => { await lb.close() })

const metricsOf = (task: { artifacts: unknown[] }) =>
  Object.fromEntries(task.artifacts.flatMap((a: any) => a.type === 'swarmbench:metric' ? [[a.metric.name, a.metric]] : []))

test('tracked SDK calls become metrics with per-iteration means, and nothing secret travels', async ({ tokens, task }) => {
  lb.script({ body: anthropicMessage({ input_tokens: 120, output_tokens: 30, cache_read_input_tokens: 880, cache_creation_input_tokens: 0 }) })
  const client = tokens.track(new Anthropic({ apiKey: KEY, baseURL: lb.url, maxRetries: 0 }))
  const step = tokens.iteration(() => client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: PROMPT }] }))
  for (let i = 0; i < 4; i++) await step()
  const rep = await tokens.report({ bench: 'plan' })
  expect(rep.iterations).toBe(4)
  expect(rep.totals).toMatchObject({ input: 480, output: 120, cacheRead: 3520, requests: 4 })
  const m = metricsOf(task)
  expect(m['tokens.input']).toMatchObject({ value: 480, unit: 'tokens', kind: 'deterministic', better: 'lower', bench: 'plan' })
  expect(m['tokens.input.per_iter'].value).toBe(120)
  expect(m['tokens.cache_hit_rate'].value).toBeCloseTo(880 / 1000)
  expect(m['cost.usd.per_iter'].value).toBeCloseTo((120 * 1 + 30 * 5 + 880 * 0.1) / 1e6, 12)
  expect(m['request.latency'].samples).toHaveLength(4)
  const wire = JSON.stringify(task.artifacts)
  expect(wire).not.toContain(KEY)
  expect(wire).not.toContain('Private: the merger')
  expect(wire).not.toContain('Plan: split the task') // response text
  // A second report covers only what came after the first.
  tokens.record({ model: 'claude-haiku-4-5', input: 7, output: 1 })
  expect((await tokens.report({ iterations: 1, prefix: 'extra.' })).totals.input).toBe(7)
})

test('unpriced models give an info marker and a warning, never $0', async ({ tokens, task }) => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  tokens.record({ provider: 'self-hosted', model: 'in-house-70b', input: 1000, output: 100 })
  const rep = await tokens.report()
  const warned = warn.mock.calls.length
  warn.mockRestore()
  const m = metricsOf(task)
  expect(m['cost.usd']).toBeUndefined()
  expect(m['cost.unpriced']).toMatchObject({ value: 1, kind: 'info' })
  expect(rep.warnings[0]).toMatch(/unpriced.*in-house-70b/)
  expect(warned).toBe(1)
  expect(task.annotations.some(a => a.type === 'warning' && /unpriced/.test(a.message))).toBe(true)
})

test('drives Claude Code through the fixture and counts offline', async ({ tokens }) => {
  const run = await tokens.claude({ prompt: 'plan', command: [process.execPath, fileURLToPath(new URL('./fake-claude.mjs', import.meta.url))], env: { ...process.env, FAKE_CLAUDE_SCENARIO: 'success' } })
  expect(run.numTurns).toBe(3)
  expect(tokens.ledger.totals()).toMatchObject({ input: 1211, output: 413, requests: 1 })
  expect(tokens.ledger.entries()[0]!.latencyMs).toBeGreaterThan(0)
  const failed = await tokens.claude({ prompt: 'plan', command: [process.execPath, fileURLToPath(new URL('./fake-claude.mjs', import.meta.url))], env: { ...process.env, FAKE_CLAUDE_SCENARIO: 'max-turns' } })
  expect(failed.isError).toBe(true)
  const rep = await tokens.report()
  expect(rep.costUsd).toBeCloseTo(0.0402618 + 0.021, 7)
  const m = Object.fromEntries(rep.metrics.map(x => [x.name, x]))
  expect(m['agent.turns']!.value).toEqual([3, 2])
  expect(m['agent.duration']).toMatchObject({ value: [8421, 8421], options: { kind: 'timing', unit: 'ms' } })
  expect(m['agent.failed_runs']!.value).toBe(1)
  expect((m['agent.first_event']!.value as number[]).every(v => v > 0)).toBe(true)
  expect((await tokens.report()).metrics.some(x => x.name.startsWith('agent.'))).toBe(false)
  expect((await tokens.count('hello world', 'gpt-4.1')).tokens).toBe(2)
})

test('a stand-in claude labels its usage, cost and agent rows stand-in; the caller may say what a run is', async ({ tokens }) => {
  const fake = fileURLToPath(new URL('./fake-claude.mjs', import.meta.url))
  await tokens.claude({ prompt: 'plan', command: [process.execPath, fake], env: { ...process.env, FAKE_CLAUDE_SCENARIO: 'success' } })
  let m = Object.fromEntries((await tokens.report()).metrics.map(x => [x.name, x.options]))
  for (const name of ['tokens.input', 'cost.usd', 'request.latency', 'agent.turns', 'agent.duration', 'agent.runs']) {
    expect(m[name]!.provenance, name).toMatchObject({ kind: 'stand-in', how: expect.stringContaining('fake-claude.mjs said it is a stand-in') })
  }
  // The real CLI says nothing of the kind: its figures are measured.
  await tokens.claude({ prompt: 'plan', command: [process.execPath, fake], env: { ...process.env, FAKE_CLAUDE_SCENARIO: 'success', FAKE_CLAUDE_HIDE_STAND_IN: '1' } })
  m = Object.fromEntries((await tokens.report()).metrics.map(x => [x.name, x.options]))
  expect(m['tokens.input']!.provenance).toBe('measured')
  expect(m['agent.turns']!.provenance).toBe('measured')
  // A label given by the caller wins over the CLI's own word.
  await tokens.claude({ prompt: 'plan', command: [process.execPath, fake], env: { ...process.env, FAKE_CLAUDE_SCENARIO: 'success' }, provenance: { kind: 'replayed', how: 'transcript plan.jsonl' } })
  m = Object.fromEntries((await tokens.report()).metrics.map(x => [x.name, x.options]))
  expect(m['tokens.output']!.provenance).toEqual({ kind: 'replayed', how: 'transcript plan.jsonl' })
  expect(m['agent.duration']!.provenance).toEqual({ kind: 'replayed', how: 'transcript plan.jsonl' })
})

test('a replay cassette through the fixture records no latency', async ({ tokens }) => {
  const file = fileURLToPath(new URL('../../benches/fixtures/tokens/review-uncached.json', import.meta.url))
  const client = new Anthropic({ apiKey: 'replay', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: tokens.cassette(file, { mode: 'replay' }) })
  await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: [{ role: 'user', content: 'x' }] })
  expect(tokens.ledger.entries()[0]!.latencyMs).toBeUndefined()
  expect(tokens.ledger.entries()[0]!.input).toBeGreaterThan(0)
  await tokens.report()
})

test('reads pricing overrides from plugin options and rejects bad ones', ({ task }) => {
  const f = createTokensFixture(task, undefined, { models: { 'in-house-70b': { provider: 'self', input: 1, output: 2, cacheWrite: 1, cacheRead: 0.1 } } })
  expect(f.pricing.lookup('in-house-70b')?.output).toBe(2)
  expect(() => createTokensFixture(task, undefined, { models: { x: { input: 1 } } })).toThrow(/pricing\.models\.x/)
  expect(createTokensFixture(task).pricing.lookup('gpt-4.1')).toBeDefined() // no plugin: built-in table
})

test('report() does not wait forever for a streamed body nobody reads: it reports without it and says so', async ({ tokens }) => {
  // ~1 MB of deltas: far more than undici buffers for an unread body, so the response stops arriving.
  const delta = `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${'x'.repeat(200)}"}}\n\n`
  lb.script({ chunks: ['event: message_start\ndata: {"type":"message_start","message":{"model":"m","content":[],"usage":{"input_tokens":5,"output_tokens":1}}}\n\n', ...Array(4000).fill(delta), 'event: message_stop\ndata: {"type":"message_stop"}\n\n'] })
  const client = tokens.track(new Anthropic({ apiKey: KEY, baseURL: lb.url, maxRetries: 0 }))
  const stream = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'p' }], stream: true })
  tokens.record({ model: 'claude-haiku-4-5', input: 3, output: 1 })
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const rep = await tokens.report({ settleTimeoutMs: 200 })
  expect(rep.totals.requests).toBe(1) // the manual record; the unread stream is left out
  expect(rep.warnings.join('\n')).toMatch(/1 response\(s\) still arriving after 200 ms/)
  expect(warn).toHaveBeenCalled()
  warn.mockRestore()
  await stream.controller.abort() // the consumer gives up: the request ends in the ledger
  expect(await tokens.ledger.settled(1000)).toBe(true)
  expect(tokens.ledger.take().map(e => e.error)).toEqual(['body cancelled by the consumer']) // what the next report gets
})
