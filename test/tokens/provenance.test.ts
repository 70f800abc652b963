// Token figures say what they are: a cassette's origin reaches every row it feeds, cost rows name the dated
// price table, a body without usage is a failed request (never 0 tokens), and pricing options that cannot be
// read are an error rather than a silent fall-back to the built-in table.
import Anthropic from '@anthropic-ai/sdk'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isSwarmbenchError } from '../../src/errors/index.ts'
import { openCassette } from '../../src/tokens/cassette.ts'
import { trackClient, trackFetch } from '../../src/tokens/fetch.ts'
import { pluginPricingOptions } from '../../src/tokens/fixture.ts'
import { createLedger } from '../../src/tokens/ledger.ts'
import { ledgerMetrics } from '../../src/tokens/metrics.ts'
import { BUILTIN_PRICES, createPricing } from '../../src/tokens/pricing.ts'
import { startLoopback, type Loopback } from './loopback.ts'

const cassette = (name: string) => fileURLToPath(new URL(`../../benches/fixtures/tokens/${name}`, import.meta.url))
let lb: Loopback
beforeAll(async () => { lb = await startLoopback() })
afterAll(async () => { await lb.close() })

describe('token provenance', () => {
  it("an authored cassette labels every token and cost row 'authored', the cost naming the dated table", async () => {
    const ledger = createLedger()
    const c = openCassette(cassette('review-cached.json'), { mode: 'replay' })
    expect(c.provenance).toMatchObject({ kind: 'authored', how: expect.stringMatching(/^cassette review-cached\.json, written by hand/) })
    const client = new Anthropic({ apiKey: 'replay', baseURL: 'http://127.0.0.1:9', maxRetries: 0, fetch: trackFetch(ledger, c.fetch, { latency: false, provenance: c.provenance }) })
    await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
    const rep = ledgerMetrics(ledger.take(), { pricing: createPricing(), iterations: 1 })
    expect(rep.metrics.length).toBeGreaterThan(10)
    for (const m of rep.metrics) expect(m.options.provenance, m.name).toMatchObject({ kind: 'authored' })
    const cost = rep.metrics.find(m => m.name === 'cost.usd')!.options.provenance as { how: string }
    expect(cost.how).toContain(`priced with table ${BUILTIN_PRICES.version} (list prices as of ${BUILTIN_PRICES.asOf})`)
  })

  it("counts measured here give measured token rows and an 'estimate' cost that names the table", () => {
    const rep = ledgerMetrics([{ provider: 'anthropic', model: 'claude-haiku-4-5', input: 10, output: 2, cacheWrite: 0, cacheWrite1h: 0, cacheRead: 0, reasoning: 0, toolUses: 0, requests: 1, batch: false }], { pricing: createPricing() })
    expect(rep.metrics.find(m => m.name === 'tokens.input')!.options.provenance).toBe('measured')
    expect(rep.metrics.find(m => m.name === 'cost.usd')!.options.provenance).toEqual({ kind: 'estimate', how: `counts measured here; priced with table ${BUILTIN_PRICES.version} (list prices as of ${BUILTIN_PRICES.asOf})` })
  })

  it('a cost the provider reported itself is measured', () => {
    const rep = ledgerMetrics([{ provider: 'claude-code', model: 'claude-sonnet-4-5', input: 10, output: 2, cacheWrite: 0, cacheWrite1h: 0, cacheRead: 0, reasoning: 0, toolUses: 0, requests: 1, batch: false, reportedCostUsd: 0.01 }], { pricing: createPricing() })
    expect(rep.metrics.find(m => m.name === 'cost.usd')!.options.provenance).toBe('measured')
  })
})

describe('missing usage is missing', () => {
  const noUsage = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn' }

  it('a 200 JSON body without usage is a failed request on both tracking paths, not a 0-token one', async () => {
    for (const path of ['dispatcher', 'response observer'] as const) {
      lb.script({ body: noUsage })
      const ledger = createLedger()
      const base = new Anthropic({ apiKey: 'k', baseURL: lb.url, maxRetries: 0 })
      // the observer path is taken by any fetch that does not go through undici's dispatcher
      const client = path === 'dispatcher' ? trackClient(base, ledger) : base.withOptions({ fetch: trackFetch(ledger, (i, init) => fetch(i, { ...init, dispatcher: undefined } as RequestInit)) })
      await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] })
      expect(await ledger.settled(2000)).toBe(true)
      const entries = ledger.take()
      expect(entries, path).toHaveLength(1)
      expect(entries[0]!.error, path).toBe('response carried no usage')
      const rep = ledgerMetrics(entries, { pricing: createPricing() })
      expect(rep.metrics.find(m => m.name === 'requests.failed')!.value, path).toBe(1)
      expect(rep.warnings.join('\n'), path).toMatch(/1 request\(s\) failed, were cut short or carried no usage.*response carried no usage/)
    }
  })
})

describe('pricing options', () => {
  it('cannot be read: an error naming the fix, not a silent fall-back to the built-in table', () => {
    let err: unknown
    try { pluginPricingOptions(() => { throw new Error('inject() called outside a worker') }) } catch (e) { err = e }
    expect(isSwarmbenchError(err)).toBe(true)
    expect((err as Error).message).toMatch(/cannot read the swarmbench plugin's pricing options \(inject\(\) called outside a worker\).*Fix:/)
  })
  it('absent (no plugin): the built-in table, which each cost row names', () => {
    expect(pluginPricingOptions(() => undefined)).toBeUndefined()
    expect(pluginPricingOptions(() => ({ pricing: { replace: true } }))).toEqual({ replace: true })
  })
})
