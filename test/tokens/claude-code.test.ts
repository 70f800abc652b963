// The Claude Code driver against a stand-in executable that writes the documented output formats.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createLedger, createPricing, ledgerMetrics, parseClaudeOutput, runClaude } from '../../src/tokens/index.ts'

const FAKE = fileURLToPath(new URL('./fake-claude.mjs', import.meta.url))
const run = (scenario: string, format: 'json' | 'stream-json' = 'stream-json', extra: object = {}) =>
  runClaude({ prompt: 'plan the release', format, command: [process.execPath, FAKE], env: { ...process.env, FAKE_CLAUDE_SCENARIO: scenario }, ...extra })

describe('Claude Code headless driver', () => {
  it('parses stream-json: usage per model, reported cost, turns, duration, tool uses, first event', async () => {
    const r = await run('success')
    expect(r).toMatchObject({ exitCode: 0, isError: false, subtype: 'success', numTurns: 3, durationMs: 8421, durationApiMs: 7954,
      totalCostUsd: 0.0402618, toolUses: 2, model: 'claude-sonnet-4-5-20250929', skippedLines: 0 })
    expect(r.firstEventMs).toBeGreaterThan(0)
    expect(r.firstEventMs).toBeLessThanOrEqual(r.wallMs)
    expect(r.usages).toEqual([
      { provider: 'claude-code', model: 'claude-sonnet-4-5-20250929', input: 11, output: 353, cacheRead: 34016, cacheWrite: 6470, cacheWrite1h: 0, reasoning: 0, batch: false, toolUses: 2, requests: 1, reportedCostUsd: 0.0389118 },
      { provider: 'claude-code', model: 'claude-haiku-4-5-20251001', input: 1200, output: 60, cacheRead: 0, cacheWrite: 0, cacheWrite1h: 0, reasoning: 0, batch: false, toolUses: 0, requests: 0, reportedCostUsd: 0.00135 },
    ])
    const ledger = createLedger()
    for (const u of r.usages) ledger.record(u)
    const cost = ledgerMetrics(ledger.entries(), { pricing: createPricing() }).costUsd!
    expect(cost).toBeCloseTo(0.0402618, 7) // Claude Code's own per-model costs add up to its total
  })

  it('parses --output-format json (a single object)', async () => {
    const r = await run('success', 'json')
    expect(r).toMatchObject({ exitCode: 0, numTurns: 3, totalCostUsd: 0.0402618, toolUses: 0 })
    expect(r.usages).toHaveLength(2)
    expect(r.result).toBe('Created three agents and merged their plans.')
  })

  it('reports error results (max turns, API error) as errors with their usage', async () => {
    const mt = await run('max-turns')
    expect(mt).toMatchObject({ exitCode: 1, isError: true, subtype: 'error_max_turns', numTurns: 2 })
    expect(mt.usages).toMatchObject([{ input: 11, output: 353, reportedCostUsd: 0.021, error: 'claude result: error_max_turns' }])
    const api = await run('api-error', 'json')
    expect(api).toMatchObject({ isError: true, subtype: 'success', totalCostUsd: 0 })
    expect(api.problems).toContain('exit code 1')
  })

  it('survives a crash: keeps the per-message usage seen so far, deduplicated, priced from the table', async () => {
    const r = await run('crash')
    expect(r.exitCode).toBe(1)
    expect(r.isError).toBe(true)
    expect(r.stderrTail).toMatch(/simulated crash/)
    expect(r.problems[0]).toBe('output ended without a result event')
    expect(r.usages).toEqual([{ provider: 'claude-code', model: 'claude-sonnet-4-5-20250929', input: 4, output: 112, cacheWrite: 6120, cacheWrite1h: 0, cacheRead: 13948, reasoning: 0, batch: false, error: 'run ended without a result' }])
    expect(r.totalCostUsd).toBeUndefined()
  })

  it('accepts claude-flow stream-json with banner lines around the events', async () => {
    const r = await run('claude-flow', 'stream-json', { raw: true, args: ['swarm', 'plan the release', '--non-interactive', '--output-format', 'stream-json'] })
    expect(r).toMatchObject({ exitCode: 0, isError: false, numTurns: 3, skippedLines: 3, toolUses: 2 })
  })

  it('rejects a missing executable with a clear message, and reports non-JSON output', async () => {
    await expect(runClaude({ prompt: 'x', command: ['/nonexistent/claude-bin'] })).rejects.toThrow(/not found on PATH/)
    const g = await run('garbage')
    expect(g.problems).toContain('no JSON events in output')
    expect(g.usages).toEqual([])
    const noVerbose = await runClaude({ prompt: 'x', command: [process.execPath, FAKE], raw: true, args: ['-p', 'x', '--output-format', 'stream-json'] })
    expect(noVerbose.stderrTail).toMatch(/requires --verbose/)
  })

  it('passes the prompt as one argument, never through a shell', async () => {
    const r = await runClaude({ prompt: 'x; echo pwned $(id)', format: 'json', command: [process.execPath, FAKE], env: { ...process.env, FAKE_CLAUDE_SCENARIO: 'success' } })
    expect(r.exitCode).toBe(0)
  })

  it('parseClaudeOutput ignores duplicate assistant events for one message', () => {
    const line = (o: object) => JSON.stringify(o)
    const u = { input_tokens: 3, output_tokens: 9 }
    const s = parseClaudeOutput([line({ type: 'assistant', message: { id: 'm1', model: 'm', content: [{ type: 'text' }], usage: u } }),
      line({ type: 'assistant', message: { id: 'm1', model: 'm', content: [{ type: 'tool_use' }], usage: u } })].join('\n'))
    expect(s.usages).toMatchObject([{ input: 3, output: 9 }])
    expect(s.toolUses).toBe(1)
  })
})
