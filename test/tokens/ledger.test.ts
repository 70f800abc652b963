// Ledger arithmetic, pricing and the metrics a benchmark gets, down to the regression verdict.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareBaselines } from '../../src/compare/index.ts'
import { toMetricPayload } from '../../src/metrics/index.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline } from '../../src/schema/baseline.ts'
import { BUILTIN_PRICES, cacheHitRate, costOf, createLedger, createPricing, entryCost, ledgerMetrics, parseUsageRecord, sumEntries, type UsageEntry } from '../../src/tokens/index.ts'

const entry = (o: Partial<UsageEntry> = {}): UsageEntry => parseUsageRecord({ provider: 'anthropic', model: 'claude-haiku-4-5', ...o })
const pricing = createPricing()

describe('ledger', () => {
  it('sums fields and computes cache hit rate = read / (input + read + write)', () => {
    const l = createLedger()
    l.record({ model: 'm', input: 100, cacheRead: 300, cacheWrite: 100, output: 50, reasoning: 20, toolUses: 2, latencyMs: 5 })
    l.record({ model: 'm', input: 100, output: 10, error: 'HTTP 500', latencyMs: 7 })
    const t = l.totals()
    expect(t).toMatchObject({ input: 200, cacheRead: 300, cacheWrite: 100, output: 60, reasoning: 20, toolUses: 2, requests: 2, failedRequests: 1, latenciesMs: [5, 7] })
    expect(t.cacheHitRate).toBe(300 / 600)
    expect(cacheHitRate({ input: 0, cacheRead: 0, cacheWrite: 0 })).toBeNull()
    expect(l.take()).toHaveLength(2)
    expect(l.take()).toHaveLength(0)
    expect(l.entries()).toHaveLength(2)
    l.clear()
    expect(l.entries()).toHaveLength(0)
  })

  it('rejects bad records with the field named', () => {
    expect(() => parseUsageRecord({ input: -1 })).toThrow(/field 'input'/)
    expect(() => parseUsageRecord({ input: 1.5 })).toThrow(/field 'input'/)
    expect(() => parseUsageRecord({ inputs: 3 } as never)).toThrow(/inputs/)
    expect(() => parseUsageRecord({ output: 1, reasoning: 2 })).toThrow(/reasoning .* cannot exceed output/)
    expect(() => parseUsageRecord({ cacheWrite: 1, cacheWrite1h: 2 })).toThrow(/cacheWrite1h/)
  })

  it('totals are the sum of the parts and the hit rate stays in [0, 1] (property)', () => {
    const rec = fc.record({ input: fc.nat(1e6), output: fc.nat(1e6), cacheRead: fc.nat(1e6), cacheWrite: fc.nat(1e6) })
    fc.assert(fc.property(fc.array(rec, { maxLength: 20 }), (rs) => {
      const t = sumEntries(rs.map(r => parseUsageRecord(r)))
      expect(t.input).toBe(rs.reduce((a, r) => a + r.input, 0))
      expect(t.requests).toBe(rs.length)
      if (t.cacheHitRate !== null) { expect(t.cacheHitRate).toBeGreaterThanOrEqual(0); expect(t.cacheHitRate).toBeLessThanOrEqual(1) }
    }))
  })

  it('settled() waits for bodies still being read', async () => {
    const l = createLedger()
    let done = false
    const close = l.open()
    setTimeout(() => { done = true; close() }, 10)
    await l.settled()
    expect(done).toBe(true)
  })

  it('settled() waits for every open read; closing twice counts once', async () => {
    const l = createLedger()
    await l.settled() // nothing open: resolves at once
    const a = l.open(), b = l.open()
    let settled = false
    const waiting = l.settled().then(() => { settled = true })
    a(); a() // a second close of the same read must not close b's
    await new Promise(r => setTimeout(r, 5))
    expect(settled).toBe(false)
    b()
    await waiting
    expect(settled).toBe(true)
  })
})

describe('pricing', () => {
  it('is dated and versioned, and finds models by id, alias and dated snapshot', () => {
    expect(BUILTIN_PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(pricing.lookup('claude-haiku-4-5-20251001')?.id).toBe('claude-haiku-4-5')
    expect(pricing.lookup('claude-sonnet-4-20990101')?.id).toBe('claude-sonnet-4')
    expect(pricing.lookup('gpt-4.1-2025-04-14')?.id).toBe('gpt-4.1')
    expect(pricing.lookup('GPT-4o-mini')?.id).toBe('gpt-4o-mini')
    expect(pricing.lookup('claude-opus-9')).toBeUndefined()
    expect(pricing.lookup(null)).toBeUndefined()
  })

  it('prices every field, 1-hour cache writes, batches, and prefers a reported cost', () => {
    // Haiku 4.5: $1 in, $5 out, $1.25 write (5m), $2 write (1h), $0.10 read per million.
    const e = entry({ input: 1_000_000, output: 1_000_000, cacheWrite: 2_000_000, cacheWrite1h: 1_000_000, cacheRead: 1_000_000 })
    expect(entryCost(e, pricing)).toBeCloseTo(1 + 5 + 1.25 + 2 + 0.1, 10)
    expect(entryCost({ ...e, batch: true }, pricing)).toBeCloseTo((1 + 5 + 1.25 + 2 + 0.1) / 2, 10)
    expect(entryCost({ ...e, reportedCostUsd: 0.42 }, pricing)).toBe(0.42)
    // OpenAI gpt-4.1: $2 in, $0.50 cached, $8 out; cache writes at the input price.
    expect(entryCost(entry({ provider: 'openai', model: 'gpt-4.1', input: 500_000, cacheWrite: 500_000, cacheRead: 1_000_000, output: 1_000_000 }), pricing)).toBeCloseTo(1 + 1 + 0.5 + 8, 10)
  })

  it('takes overrides and extensions from the plugin options, and names the bad field', () => {
    const p = createPricing({ models: { 'claude-haiku-4-5': { provider: 'anthropic', input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2 }, 'in-house-7b': { provider: 'self', input: 0.01, output: 0.02, cacheWrite: 0, cacheRead: 0, aliases: ['ih7b'] } }, version: 'contract-2026' })
    expect(p.lookup('claude-haiku-4-5-20251001')?.input).toBe(2)
    expect(p.lookup('ih7b')?.id).toBe('in-house-7b')
    expect(p.table.version).toBe('builtin-2025.11+contract-2026')
    const only = createPricing({ replace: true, models: { x: { provider: 'p', input: 1, output: 1, cacheWrite: 1, cacheRead: 1 } } })
    expect(only.lookup('gpt-4.1')).toBeUndefined()
    expect(() => createPricing({ models: { x: { provider: 'p', input: -1, output: 1, cacheWrite: 1, cacheRead: 1 } } })).toThrow(/pricing\.models\.x\.input/)
  })

  it('reports unpriced models instead of $0', () => {
    const c = costOf([entry({ model: 'claude-opus-9', input: 10 }), entry({ model: 'claude-haiku-4-5', input: 10 }), entry({ model: 'claude-opus-9', error: 'HTTP 500' })], pricing)
    expect(c.unpriced).toEqual({ 'claude-opus-9': 1 })
  })
})

describe('ledger metrics', () => {
  it('records totals, per-iteration means, hit rate, cost and latency samples', () => {
    const es = [entry({ input: 100, output: 40, cacheRead: 900, latencyMs: 12 }), entry({ input: 100, output: 40, cacheRead: 900, latencyMs: 14 })]
    const r = ledgerMetrics(es, { pricing, iterations: 2, bench: 'cached' })
    const m = Object.fromEntries(r.metrics.map(x => [x.name, x]))
    expect(m['tokens.input']!.value).toBe(200)
    expect(m['tokens.input.per_iter']!.value).toBe(100)
    expect(m['tokens.cache_read']!.options).toMatchObject({ unit: 'tokens', better: 'lower', kind: 'deterministic', bench: 'cached' })
    expect(m['tokens.cache_hit_rate']!.value).toBeCloseTo(0.9)
    expect(m['cost.usd']!.value).toBeCloseTo((200 * 1 + 80 * 5 + 1800 * 0.1) / 1e6, 12)
    expect(m['request.latency']).toMatchObject({ value: [12, 14], options: { kind: 'timing', unit: 'ms' } })
    expect(r.warnings).toEqual([])
    expect(ledgerMetrics(es, { pricing, prefix: 'planner.' }).metrics.every(x => x.name.startsWith('planner.') && !x.name.endsWith('.per_iter'))).toBe(true)
  })

  it('marks estimates, warns on unpriced models and failures, and never reports $0 for them', () => {
    const r = ledgerMetrics([entry({ model: 'mystery-model', input: 5, provenance: { kind: 'estimate', how: 'o200k proxy' } }), entry({ error: 'HTTP 429' })], { pricing })
    const names = r.metrics.map(x => x.name)
    expect(names).not.toContain('cost.usd')
    expect(r.metrics.find(x => x.name === 'cost.unpriced')).toMatchObject({ value: 1, options: { kind: 'info' } })
    expect(r.metrics.find(x => x.name === 'tokens.input')!.options.provenance).toEqual({ kind: 'estimate', how: 'o200k proxy' })
    expect(r.metrics.find(x => x.name === 'requests.failed')!.value).toBe(1)
    expect(r.costUsd).toBeUndefined()
    expect(r.warnings.join('\n')).toMatch(/unpriced.*mystery-model[\s\S]*HTTP 429/)
  })

  it('a change adding 10% input tokens is flagged as a regression by compareBaselines', () => {
    const build = (input: number): Baseline => {
      const metrics: Baseline['entries'][string]['metrics'] = {}
      for (const m of ledgerMetrics([entry({ input, output: 200, cacheRead: 0 })], { pricing, iterations: 1 }).metrics) {
        const p = toMetricPayload(m.name, m.value, m.options, 1)
        metrics[p.name] = { unit: p.unit, better: p.better, kind: p.kind, rounds: [{ value: p.value, ...(p.samples ? { samples: p.samples } : {}) }] }
      }
      const env = { node: 'v24.21.0', v8: '13', os: 'linux', arch: 'x64', cpuModel: 'cpu', cpuCount: 2, vitest: '5.1.1', moduleRunner: true }
      return { schemaVersion: BASELINE_SCHEMA_VERSION, run: { createdAt: '2026-11-21T00:00:00Z', rounds: 1, git: { sha: null, branch: null, dirty: null }, env },
        entries: { e: { id: 'e', project: 'bench', file: 'benches/tokens.bench.ts', test: 't', bench: 'task', rounds: [], metrics } } }
    }
    const cmp = compareBaselines(build(1000), build(1100))
    const row = (n: string) => cmp.rows.find(r => r.metric === n)!
    expect(row('tokens.input').verdict).toBe('regressed')
    expect(row('tokens.input.per_iter').verdict).toBe('regressed')
    expect(row('cost.usd').verdict).toBe('regressed')
    expect(row('tokens.output').verdict).toBe('unchanged')
    expect(compareBaselines(build(1000), build(1000)).rows.filter(r => r.verdict === 'regressed')).toEqual([])
  })
})

describe('settled() with a time limit', () => {
  it('resolves false while a read is still open, true once it closes, and counts what is in flight', async () => {
    const l = createLedger()
    expect(await l.settled(10)).toBe(true)
    const close = l.open()
    l.begin()
    expect(l.inFlight()).toBe(2)
    expect(await l.settled(20)).toBe(false)
    close()
    l.defer(0, () => { l.add({ provider: 'p', input: 1 }) }, undefined)
    expect(l.inFlight()).toBe(0)
    expect(await l.settled(20)).toBe(true)
    expect(l.entries()).toMatchObject([{ provider: 'p', input: 1 }])
  })
})
