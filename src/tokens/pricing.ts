// List prices per million tokens. Dated and versioned so a report can say which table priced it;
// override or extend through the plugin's `pricing` option when prices change or a model is missing.
import { z } from 'zod'
import type { UsageEntry } from './ledger.ts'

const usd = z.number().nonnegative()

export const ModelPriceSchema = z.strictObject({
  provider: z.string().min(1),
  /** USD per million uncached input tokens. */
  input: usd,
  /** USD per million output tokens (reasoning included). */
  output: usd,
  /** USD per million tokens written to the cache (Anthropic: 5-minute TTL; OpenAI: same as input). */
  cacheWrite: usd,
  /** USD per million tokens written with a 1-hour TTL; defaults to cacheWrite. */
  cacheWrite1h: usd.optional(),
  /** USD per million tokens read from the cache. */
  cacheRead: usd,
  /** Multiplier for batch-API requests (0.5 at both providers). */
  batchMultiplier: z.number().positive().max(1).default(0.5),
  /** Other names the model answers to (dated snapshots, aliases). */
  aliases: z.array(z.string().min(1)).default([]),
})
export type ModelPrice = z.output<typeof ModelPriceSchema>

export const PriceTableSchema = z.strictObject({
  version: z.string().min(1),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'asOf must be YYYY-MM-DD'),
  source: z.string().min(1),
  models: z.record(z.string().min(1), ModelPriceSchema),
})
export type PriceTable = z.output<typeof PriceTableSchema>

/** The plugin's `pricing` option: extend or override the built-in table, or replace it. */
export const PricingOptionsSchema = z.strictObject({
  /** Models to add or override, keyed by model id. */
  models: z.record(z.string().min(1), ModelPriceSchema).default({}),
  /** Drop the built-in table and use only `models`. */
  replace: z.boolean().default(false),
  /** Label for the overrides, shown with the table version (e.g. 'contract 2026-03'). */
  version: z.string().min(1).optional(),
}).default({ models: {}, replace: false })
export type PricingOptions = z.input<typeof PricingOptionsSchema>

const a = (input: number, output: number, aliases: string[] = []) =>
  ({ provider: 'anthropic', input, output, cacheWrite: input * 1.25, cacheWrite1h: input * 2, cacheRead: input / 10, batchMultiplier: 0.5, aliases })
const o = (input: number, cacheRead: number, output: number, aliases: string[] = []) =>
  ({ provider: 'openai', input, output, cacheWrite: input, cacheRead, batchMultiplier: 0.5, aliases })

/**
 * Built-in table. Transcribed by hand from the providers' public price pages (anthropic.com/pricing,
 * platform.openai.com/docs/pricing, standard tier, prompts ≤ 200k tokens) as known on `asOf`; it was not
 * fetched at build time (no network). Anthropic's cache write is 1.25× input (5 min) or 2× (1 h) and cache
 * read 0.1× input; OpenAI bills cache writes at the input price.
 */
export const BUILTIN_PRICES: PriceTable = PriceTableSchema.parse({
  version: 'builtin-2025.11',
  asOf: '2025-11-24',
  source: 'anthropic.com/pricing and platform.openai.com/docs/pricing list prices, standard tier, transcribed by hand',
  models: {
    'claude-opus-4-5': a(5, 25, ['claude-opus-4-5-20251101']),
    'claude-opus-4-1': a(15, 75, ['claude-opus-4-1-20250805']),
    'claude-opus-4': a(15, 75, ['claude-opus-4-0', 'claude-opus-4-20250514']),
    'claude-sonnet-4-5': a(3, 15, ['claude-sonnet-4-5-20250929']),
    'claude-sonnet-4': a(3, 15, ['claude-sonnet-4-0', 'claude-sonnet-4-20250514']),
    'claude-3-7-sonnet': a(3, 15, ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest']),
    'claude-haiku-4-5': a(1, 5, ['claude-haiku-4-5-20251001']),
    'claude-3-5-haiku': a(0.8, 4, ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest']),
    'claude-3-haiku': a(0.25, 1.25, ['claude-3-haiku-20240307']),
    'gpt-5.1': o(1.25, 0.125, 10),
    'gpt-5': o(1.25, 0.125, 10, ['gpt-5-2025-08-07']),
    'gpt-5-mini': o(0.25, 0.025, 2, ['gpt-5-mini-2025-08-07']),
    'gpt-5-nano': o(0.05, 0.005, 0.4, ['gpt-5-nano-2025-08-07']),
    'gpt-4.1': o(2, 0.5, 8, ['gpt-4.1-2025-04-14']),
    'gpt-4.1-mini': o(0.4, 0.1, 1.6, ['gpt-4.1-mini-2025-04-14']),
    'gpt-4.1-nano': o(0.1, 0.025, 0.4, ['gpt-4.1-nano-2025-04-14']),
    'gpt-4o': o(2.5, 1.25, 10, ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20']),
    'gpt-4o-mini': o(0.15, 0.075, 0.6, ['gpt-4o-mini-2024-07-18']),
    'o3': o(2, 0.5, 8, ['o3-2025-04-16']),
    'o4-mini': o(1.1, 0.275, 4.4, ['o4-mini-2025-04-16']),
    'o3-mini': o(1.1, 0.55, 4.4, ['o3-mini-2025-01-31']),
    'o1': o(15, 7.5, 60, ['o1-2024-12-17']),
  },
})

export interface Pricing {
  table: PriceTable
  /** Price of a model, or undefined when the table has none (then it is "unpriced", never $0). */
  lookup(model: string | null): (ModelPrice & { id: string }) | undefined
}

export function createPricing(options?: PricingOptions | undefined): Pricing {
  const parsed = PricingOptionsSchema.safeParse(options)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new TypeError(`swarmbench options: pricing.${issue.path.join('.')}: ${issue.message} (see PricingOptionsSchema)`)
  }
  const opts = parsed.data
  const models = { ...(opts.replace ? {} : BUILTIN_PRICES.models), ...opts.models }
  const hasOverrides = Object.keys(opts.models).length > 0
  const table: PriceTable = {
    version: hasOverrides || opts.replace ? `${opts.replace ? '' : BUILTIN_PRICES.version + '+'}${opts.version ?? 'overrides'}` : BUILTIN_PRICES.version,
    asOf: BUILTIN_PRICES.asOf,
    source: opts.replace ? 'plugin options' : BUILTIN_PRICES.source + (hasOverrides ? '; with plugin overrides' : ''),
    models,
  }
  const index = new Map<string, string>()
  // Built-in ids and aliases first, then overrides, so an override wins over a built-in alias.
  for (const [id, p] of Object.entries(models)) for (const name of [id, ...p.aliases]) index.set(name.toLowerCase(), id)
  for (const [id, p] of Object.entries(opts.models)) for (const name of [id, ...p.aliases]) index.set(name.toLowerCase(), id)
  return {
    table,
    lookup(model) {
      if (!model) return undefined
      const m = model.toLowerCase()
      // Exact id or alias first; then the undated family name (claude-x-20250101, gpt-x-2025-01-01).
      const id = index.get(m) ?? index.get(m.replace(/-\d{8}$/, '').replace(/-\d{4}-\d{2}-\d{2}$/, '').replace(/-latest$/, ''))
      return id ? { id, ...models[id]! } : undefined
    },
  }
}

/** Cost of one entry in USD, or undefined when its model is unpriced. A provider-reported cost wins. */
export function entryCost(entry: UsageEntry, pricing: Pricing): number | undefined {
  if (entry.reportedCostUsd !== undefined) return entry.reportedCostUsd
  const p = pricing.lookup(entry.model)
  if (!p) return undefined
  const w1h = entry.cacheWrite1h, w5m = entry.cacheWrite - w1h
  const usdPerM = entry.input * p.input + entry.output * p.output + w5m * p.cacheWrite +
    w1h * (p.cacheWrite1h ?? p.cacheWrite) + entry.cacheRead * p.cacheRead
  return (usdPerM / 1e6) * (entry.batch ? p.batchMultiplier : 1)
}

export interface CostSummary {
  usd: number
  /** Models that had tokens but no price, with their request counts. */
  unpriced: Record<string, number>
  tableVersion: string
}

export function costOf(entries: readonly UsageEntry[], pricing: Pricing): CostSummary {
  let usd = 0
  const unpriced: Record<string, number> = {}
  for (const e of entries) {
    const c = entryCost(e, pricing)
    if (c !== undefined) { usd += c; continue }
    if (e.input + e.output + e.cacheRead + e.cacheWrite === 0) continue // a failed request with no usage costs nothing to price
    const key = e.model ?? '(unknown model)'
    unpriced[key] = (unpriced[key] ?? 0) + e.requests
  }
  return { usd, unpriced, tableVersion: pricing.table.version }
}
