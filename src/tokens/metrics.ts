// From ledger entries to the metrics a benchmark carries. Pure: the fixture records what this returns.
import type { MetricOptions } from '../metrics/index.ts'
import { sumEntries, type UsageEntry } from './ledger.ts'
import { costOf, type Pricing } from './pricing.ts'
import { combineProvenance } from '../metrics/provenance.ts'
import type { Provenance } from '../schema/baseline.ts'

export interface LedgerMetric { name: string; value: number | number[]; options: MetricOptions }

export interface LedgerMetricsOptions {
  pricing: Pricing
  /** Bench function calls the entries came from; adds `<name>.per_iter` means when > 0. */
  iterations?: number | undefined
  bench?: string | undefined
  /** Prefix for metric names, for several ledgers in one test (e.g. 'planner.'). */
  prefix?: string | undefined
}

export interface LedgerReport {
  metrics: LedgerMetric[]
  warnings: string[]
  costUsd: number | undefined
  unpriced: Record<string, number>
}

const TOKEN_FIELDS = [
  ['tokens.input', 'input'], ['tokens.output', 'output'], ['tokens.cache_write', 'cacheWrite'],
  ['tokens.cache_read', 'cacheRead'], ['tokens.reasoning', 'reasoning'],
] as const

export function ledgerMetrics(entries: readonly UsageEntry[], o: LedgerMetricsOptions): LedgerReport {
  const t = sumEntries(entries)
  const p = o.prefix ?? ''
  const its = o.iterations && o.iterations > 0 ? o.iterations : undefined
  // The counts are as good as the entries they sum: replayed, authored, estimated… (absent: measured here).
  // A failed request with no counts adds nothing to them, so it does not make them "mixed with measured".
  const counting = entries.filter(e => !e.error || e.input + e.output + e.cacheRead + e.cacheWrite > 0)
  const counted = combineProvenance((counting.length ? counting : entries).map(e => e.provenance))
  const base = (unit: string, better: 'lower' | 'higher' = 'lower', kind: MetricOptions['kind'] = 'deterministic', provenance = counted): MetricOptions =>
    ({ unit, better, kind, ...(o.bench ? { bench: o.bench } : {}), provenance: provenance ?? 'measured' })
  const out: LedgerMetric[] = []
  const add = (name: string, total: number, opts: MetricOptions) => {
    out.push({ name: p + name, value: total, options: opts })
    if (its) out.push({ name: `${p}${name}.per_iter`, value: total / its, options: opts })
  }
  for (const [name, field] of TOKEN_FIELDS) add(name, t[field], base('tokens'))
  add('tokens.tool_uses', t.toolUses, base('calls'))
  add('requests', t.requests, base('requests'))
  if (t.failedRequests) add('requests.failed', t.failedRequests, base('requests'))
  if (t.cacheHitRate !== null) out.push({ name: p + 'tokens.cache_hit_rate', value: t.cacheHitRate, options: base('ratio', 'higher') })
  const cost = costOf(entries, o.pricing)
  const warnings: string[] = []
  const unpricedModels = Object.keys(cost.unpriced)
  if (unpricedModels.length === 0) add('cost.usd', cost.usd, base('USD', 'lower', 'deterministic', costProvenance(entries, counted, o.pricing)))
  else {
    // Never $0: with any unpriced tokens the total would be wrong, so no cost metric at all.
    const n = Object.values(cost.unpriced).reduce((a, b) => a + b, 0)
    out.push({ name: p + 'cost.unpriced', value: n, options: base('requests', 'lower', 'info') })
    warnings.push(`tokens: cost not reported (unpriced) for ${unpricedModels.map(m => `'${m}' (${cost.unpriced[m]} requests)`).join(', ')}: ` +
      `add them under pricing.models in the swarmbench plugin options (price table ${cost.tableVersion})`)
  }
  const timed = entries.filter(e => e.latencyMs !== undefined)
  if (t.latenciesMs.length) out.push({ name: p + 'request.latency', value: t.latenciesMs, options: base('ms', 'lower', 'timing', combineProvenance(timed.map(e => e.provenance))) })
  const failed = entries.filter(e => e.error)
  if (failed.length) warnings.push(`tokens: ${failed.length} request(s) failed, were cut short or carried no usage (counted in requests.failed, not as 0 tokens): ${[...new Set(failed.map(e => e.error))].slice(0, 3).join('; ')}`)
  return { metrics: out, warnings, costUsd: unpricedModels.length ? undefined : cost.usd, unpriced: cost.unpriced }
}

/**
 * A cost priced from a table is an estimate of the bill (list prices × counts), and says which dated table
 * priced it; counts that were themselves not measured keep their label. A cost every request of which the
 * provider reported (Claude Code's total_cost_usd) is measured.
 */
function costProvenance(entries: readonly UsageEntry[], counted: Provenance | undefined, pricing: Pricing): Provenance | undefined {
  const fromTable = entries.some(e => e.reportedCostUsd === undefined && e.input + e.output + e.cacheRead + e.cacheWrite > 0)
  if (!fromTable) return counted
  const table = `priced with table ${pricing.table.version} (list prices as of ${pricing.table.asOf})`
  return counted ? { kind: counted.kind, how: `${counted.how ? `${counted.how}; ` : ''}${table}` } : { kind: 'estimate', how: `counts measured here; ${table}` }
}

/** What a Claude Code / claude-flow run reports beyond tokens: turns, its own timings, time to first event. */
export interface AgentRunFigures {
  numTurns?: number | undefined; durationMs?: number | undefined; durationApiMs?: number | undefined; firstEventMs?: number | undefined; isError: boolean
  /** Absent: the real CLI reported it (measured). */
  provenance?: Provenance | undefined
}

export function agentRunMetrics(runs: readonly AgentRunFigures[], o: { bench?: string | undefined; prefix?: string | undefined }): LedgerMetric[] {
  if (runs.length === 0) return []
  const p = o.prefix ?? ''
  // What the agent CLI reported about its own run, labelled as the runs are (a stand-in's figures say stand-in).
  const provenance = combineProvenance(runs.map(r => r.provenance)) ?? 'measured'
  const opts = (unit: string, kind: MetricOptions['kind']): MetricOptions => ({ unit, better: 'lower', kind, provenance, ...(o.bench ? { bench: o.bench } : {}) })
  const out: LedgerMetric[] = [{ name: p + 'agent.runs', value: runs.length, options: opts('runs', 'info') }]
  const failed = runs.filter(r => r.isError).length
  if (failed) out.push({ name: p + 'agent.failed_runs', value: failed, options: opts('runs', 'deterministic') })
  const series = (name: string, xs: Array<number | undefined>, unit: string, kind: MetricOptions['kind']) => {
    const v = xs.filter((x): x is number => typeof x === 'number')
    if (v.length) out.push({ name: p + name, value: v, options: opts(unit, kind) })
  }
  series('agent.turns', runs.map(r => r.numTurns), 'turns', 'deterministic')
  series('agent.duration', runs.map(r => r.durationMs), 'ms', 'timing')
  series('agent.duration_api', runs.map(r => r.durationApiMs), 'ms', 'timing')
  series('agent.first_event', runs.map(r => r.firstEventMs), 'ms', 'timing')
  return out
}
