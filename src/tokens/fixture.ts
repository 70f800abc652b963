// The `tokens` test-context fixture: the one place in src/tokens that touches vitest.
import { basename } from 'node:path'
import { inject } from 'vitest'
import type { RunnerTestCase } from 'vitest'
import { recordMetric } from '../metrics/index.ts'
import { SwarmbenchError } from '../errors/index.ts'
import { openCassette, type CassetteOptions } from './cassette.ts'
import { runClaude, type ClaudeRun, type ClaudeRunOptions } from './claude-code.ts'
import { countTokens, type TokenCount } from './count.ts'
import { trackClient, trackFetch, type Fetch } from './fetch.ts'
import { createLedger, sumEntries, type Ledger, type UsageEntry, type UsageRecordInput, type UsageTotals } from './ledger.ts'
import { agentRunMetrics, ledgerMetrics, type AgentRunFigures, type LedgerReport } from './metrics.ts'
import { createPricing, type Pricing } from './pricing.ts'
import { toProvenance } from '../metrics/provenance.ts'
import type { Provenance } from '../schema/baseline.ts'

export interface TokensReportOptions {
  /** Bench task the metrics belong to; default: the benchmark that ran last. */
  bench?: string
  /** Iterations the usage came from; default: calls counted by `tokens.iteration(fn)` since the last report. */
  iterations?: number
  /** Prefix for metric names when one test reports several ledgers. */
  prefix?: string
  /** How long to wait for responses still arriving before reporting without them; default 30 000 ms. */
  settleTimeoutMs?: number
}

export interface TokensFixture {
  ledger: Ledger
  pricing: Pricing
  /** A copy of an Anthropic or OpenAI SDK client whose calls are recorded (the original is untouched). */
  track<C extends { withOptions(o: { fetch?: Fetch }): C }>(client: C): C
  /** A recording fetch for any client with a `fetch` option. */
  fetch(base?: Fetch): Fetch
  /** A recording fetch that replays (or, with a key, records) the cassette at `file`. */
  cassette(file: string, options?: CassetteOptions): Fetch
  /** Manual record for anything else. */
  record(entry: UsageRecordInput): UsageEntry
  /** Runs Claude Code headless (or claude-flow) and records its usage; report() adds agent.turns, agent.duration(_api), agent.first_event. */
  claude(options: ClaudeRunOptions): Promise<ClaudeRun>
  /**
   * Wraps a bench function so its calls are counted for the per-iteration means. The wrapper is an async
   * function, so tinybench awaits it without first calling it once to probe (an un-awaited probe call
   * would make requests outside any iteration).
   */
  iteration<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => Promise<Awaited<R>>
  /** Offline token count (exact for OpenAI models, labelled estimate otherwise). */
  count(text: string, model: string): Promise<TokenCount>
  /** Records the usage since the last report as metrics on the benchmark; returns what was recorded. */
  report(options?: TokensReportOptions): Promise<LedgerReport & { totals: UsageTotals; iterations: number }>
}

/** Set once here for every figure of the run: the caller's label, else the CLI's own word that it is a stand-in. */
export function claudeRunProvenance(options: Pick<ClaudeRunOptions, 'provenance' | 'command'>, run: Pick<ClaudeRun, 'standIn'>): Provenance | undefined {
  const given = toProvenance(options.provenance)
  if (given) return given.kind === 'measured' ? undefined : given
  // Base names only: an absolute path says nothing to a reader and differs from machine to machine.
  const command = (options.command ?? ['claude']).map(part => basename(part)).join(' ')
  return run.standIn ? { kind: 'stand-in', how: `${command} said it is a stand-in (init event stand_in: true)` } : undefined
}

function counting<A extends unknown[], R>(fn: (...args: A) => R, tick: () => void): (...args: A) => Promise<Awaited<R>> {
  return async (...args: A): Promise<Awaited<R>> => { tick(); return await fn(...args) }
}

type Annotate = (message: string, type?: string) => Promise<unknown>

/**
 * The plugin provides its parsed options under this key; the pricing part is all this fixture reads. Without
 * the plugin there is nothing under the key and the built-in table prices (each cost row names the table).
 * Failing to read them is an error: falling back silently would price with a table the user replaced.
 */
export function pluginPricingOptions(read: (key: string) => unknown = inject as unknown as (key: string) => unknown): unknown {
  let opts: { pricing?: unknown } | undefined
  try {
    opts = read('swarmbench:options') as { pricing?: unknown } | undefined
  } catch (e) {
    throw new SwarmbenchError(`tokens: cannot read the swarmbench plugin's pricing options (${(e as Error)?.message ?? String(e)}), so costs cannot be priced with the table you configured`, {
      fix: 'use the tokens fixture inside a Vitest test of a project that has the swarmbench() plugin, or pass pricing options to createTokensFixture', cause: e,
    })
  }
  return opts?.pricing
}

export function createTokensFixture(task: RunnerTestCase, annotate?: Annotate, pricingOptions: unknown = pluginPricingOptions()): TokensFixture & { unreported(): number } {
  const ledger = createLedger()
  const pricing = createPricing(pricingOptions as never)
  let calls = 0
  let runs: AgentRunFigures[] = []
  return {
    ledger, pricing,
    track: (client) => trackClient(client, ledger),
    fetch: (base) => trackFetch(ledger, base),
    cassette(file, options) {
      const c = openCassette(file, options)
      return trackFetch(ledger, c.fetch, { latency: c.mode === 'record', provenance: c.provenance })
    },
    record: (entry) => ledger.record(entry),
    async claude(options) {
      const run = await runClaude(options)
      const provenance = claudeRunProvenance(options, run)
      runs.push({ ...run, provenance })
      run.usages.forEach((u, i) => ledger.record({ ...u, ...(i === 0 ? { latencyMs: run.wallMs } : {}), ...(provenance ? { provenance } : {}) }))
      return run
    },
    iteration: (fn) => counting(fn, () => { calls++ }),
    count: (text, model) => countTokens(text, model),
    async report(options = {}) {
      const timeoutMs = options.settleTimeoutMs ?? 30_000
      const late = (await ledger.settled(timeoutMs)) ? 0 : ledger.inFlight()
      const entries = ledger.take()
      const iterations = options.iterations ?? calls
      calls = 0
      const rep = ledgerMetrics(entries, { pricing, iterations, bench: options.bench, prefix: options.prefix })
      if (late) rep.warnings.push(`tokens: ${late} response(s) still arriving after ${timeoutMs} ms are left out of this report (any that end later count in the next one); a streamed body that is never read stops arriving: read it to the end or cancel it (or raise settleTimeoutMs)`)
      rep.metrics.push(...agentRunMetrics(runs, { bench: options.bench, prefix: options.prefix }))
      runs = []
      for (const m of rep.metrics) await recordMetric(task, m.name, m.value, m.options)
      for (const w of rep.warnings) {
        console.warn(w)
        await annotate?.(w, 'warning')
      }
      return { ...rep, totals: sumEntries(entries), iterations }
    },
    unreported: () => ledger.pending(),
  }
}
