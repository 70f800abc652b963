// Per-cell figures from trial records, and the baseline entries they become. Pure.
import { toMetricPayload, type MetricOptions } from '../metrics/record.ts'
import type { Entry, Metric, Provenance, ProvenanceKind } from '../schema/baseline.ts'
import { mean, median, passAtK, passHatK, wilson } from '../compare/stats/index.ts'
import { FAILURE_CLASSES, type FailureClass } from './types.ts'
import type { TrialRecord } from './trial.ts'

export interface CellFigures {
  cell: string
  trials: number
  successes: number
  successRate: number
  /** 95% Wilson interval of the success rate. */
  wilson: [number, number]
  /** k used for pass@k and pass^k (repeats per task, capped by the option). */
  k: number
  /** Mean over tasks of the unbiased pass@k / pass^k from each task's repeats. */
  passAtK: number
  passHatK: number
  meanScore: number
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number }
  /** The same per trial, in trial order: the samples the diff judges (a sum would hide the spread). */
  tokensPerTrial: { input: number[]; output: number[]; cacheRead: number[]; cacheWrite: number[] }
  /** Mean USD per trial; null when some trial's model is unpriced (never $0 for unknown). */
  costPerTrial: number | null
  /** USD of each trial; null when some trial is unpriced. */
  costPerTrialUsd: number[] | null
  /** Total USD / successes; null when unpriced or nothing was solved. */
  costPerSolved: number | null
  unpricedTrials: number
  wallMs: number[]
  firstEventMs: number[]
  turns: number | null
  toolCalls: number
  agents: number
  messages: number | null
  failures: Record<FailureClass, number>
  provenance: ProvenanceKind
  judged: boolean
}

const CELL_PROVENANCE_ORDER: readonly ProvenanceKind[] = ['replayed', 'stand-in', 'simulated', 'authored', 'estimate']

export function cellFigures(cell: string, trials: readonly TrialRecord[], kMax = 3): CellFigures {
  if (trials.length === 0) throw new RangeError(`cellFigures: cell '${cell}' has no trials`)
  const successes = trials.filter(t => t.pass).length
  const byTask = new Map<string, TrialRecord[]>()
  for (const t of trials) byTask.set(t.task, [...(byTask.get(t.task) ?? []), t])
  const k = Math.max(1, Math.min(kMax, ...[...byTask.values()].map(ts => ts.length)))
  const perTask = [...byTask.values()].map(ts => ({ n: ts.length, c: ts.filter(t => t.pass).length }))
  const priced = trials.every(t => t.costUsd !== null)
  const totalCost = priced ? trials.reduce((s, t) => s + t.costUsd!, 0) : null
  const failures = Object.fromEntries(FAILURE_CLASSES.map(c => [c, trials.filter(t => t.failure === c).length])) as Record<FailureClass, number>
  const turns = trials.filter(t => t.turns !== undefined).map(t => t.turns!)
  const messages = trials.filter(t => t.messages !== undefined).map(t => t.messages!)
  const kinds = new Set(trials.map(t => t.provenance))
  return {
    cell, trials: trials.length, successes, successRate: successes / trials.length, wilson: wilson(successes, trials.length), k,
    passAtK: mean(perTask.map(p => passAtK(p.n, p.c, k))), passHatK: mean(perTask.map(p => passHatK(p.n, p.c, k))),
    meanScore: mean(trials.map(t => t.score)),
    tokens: {
      input: mean(trials.map(t => t.tokens.input)), output: mean(trials.map(t => t.tokens.output)),
      cacheRead: mean(trials.map(t => t.tokens.cacheRead)), cacheWrite: mean(trials.map(t => t.tokens.cacheWrite)),
    },
    tokensPerTrial: {
      input: trials.map(t => t.tokens.input), output: trials.map(t => t.tokens.output),
      cacheRead: trials.map(t => t.tokens.cacheRead), cacheWrite: trials.map(t => t.tokens.cacheWrite),
    },
    costPerTrial: totalCost === null ? null : totalCost / trials.length,
    costPerTrialUsd: priced ? trials.map(t => t.costUsd!) : null,
    costPerSolved: totalCost === null || successes === 0 ? null : totalCost / successes,
    unpricedTrials: trials.filter(t => t.costUsd === null).length,
    wallMs: trials.map(t => t.wallMs), firstEventMs: trials.filter(t => t.firstEventMs !== undefined).map(t => t.firstEventMs!),
    turns: turns.length ? mean(turns) : null, toolCalls: mean(trials.map(t => t.toolCalls)), agents: mean(trials.map(t => t.agents)),
    messages: messages.length ? mean(messages) : null, failures,
    // One label for the cell: replayed wins (the figures were read back), then stand-in, then what the engine
    // declared (simulated…), then measured.
    provenance: CELL_PROVENANCE_ORDER.find(k => kinds.has(k)) ?? 'measured',
    judged: trials.some(t => t.judged),
  }
}

/** The metrics of one cell, as metric() would record them (validated by the same function). */
export function cellMetrics(f: CellFigures, how?: string): Record<string, Metric> {
  const prov: Provenance | undefined = f.provenance === 'measured' ? undefined : { kind: f.provenance, ...(how ? { how } : {}) }
  const out: Record<string, Metric> = {}
  const put = (name: string, value: number | number[], o: MetricOptions & { judged?: boolean }) => {
    const { judged, ...opts } = o
    const p = toMetricPayload(name, value, { ...opts, ...(judged ? { provenance: { kind: 'judged', ...(how ? { how } : {}) } } : prov ? { provenance: prov } : {}) }, 0)
    out[name] = {
      unit: p.unit, better: p.better, kind: p.kind, ...(p.provenance ? { provenance: p.provenance } : {}),
      rounds: [{ value: p.value, ...(p.samples ? { samples: p.samples } : {}), ...(p.counts ? { counts: p.counts } : {}) }],
    }
  }
  put('success_rate', f.successRate, { unit: 'ratio', better: 'higher', kind: 'quality', counts: { successes: f.successes, trials: f.trials } })
  put('success_rate.wilson_low', f.wilson[0], { unit: 'ratio', better: 'higher', kind: 'info' })
  put('success_rate.wilson_high', f.wilson[1], { unit: 'ratio', better: 'higher', kind: 'info' })
  put(`pass_at_${f.k}`, f.passAtK, { unit: 'ratio', better: 'higher', kind: 'info' })
  put(`pass_hat_${f.k}`, f.passHatK, { unit: 'ratio', better: 'higher', kind: 'info' })
  put('score.mean', f.meanScore, { unit: 'ratio', better: 'higher', kind: 'info', judged: f.judged })
  // Usage varies from trial to trial: one sample per trial (the row's value is their median), judged by the rank
  // test with each trial as a unit and joining the run's Holm family (src/compare: deterministic with samples).
  put('tokens.input.per_trial', f.tokensPerTrial.input, { unit: 'tokens', better: 'lower', kind: 'deterministic' })
  put('tokens.output.per_trial', f.tokensPerTrial.output, { unit: 'tokens', better: 'lower', kind: 'deterministic' })
  put('tokens.cache_read.per_trial', f.tokensPerTrial.cacheRead, { unit: 'tokens', better: 'lower', kind: 'deterministic' })
  put('tokens.cache_write.per_trial', f.tokensPerTrial.cacheWrite, { unit: 'tokens', better: 'lower', kind: 'deterministic' })
  if (f.costPerTrialUsd !== null) put('cost.usd.per_trial', f.costPerTrialUsd, { unit: 'USD', better: 'lower', kind: 'deterministic' })
  if (f.costPerSolved !== null) put('cost.usd.per_solved', f.costPerSolved, { unit: 'USD', better: 'lower', kind: 'info' })
  if (f.unpricedTrials > 0) put('cost.unpriced', f.unpricedTrials, { unit: 'trials', better: 'lower', kind: 'info' })
  put('wall_time', f.wallMs, { unit: 'ms', better: 'lower', kind: 'timing' })
  if (f.firstEventMs.length) put('first_event', f.firstEventMs, { unit: 'ms', better: 'lower', kind: 'timing' })
  if (f.turns !== null) put('turns.per_trial', f.turns, { unit: 'turns', better: 'lower', kind: 'info' })
  put('tool_calls.per_trial', f.toolCalls, { unit: 'calls', better: 'lower', kind: 'info' })
  put('agents.per_trial', f.agents, { unit: 'agents', better: 'lower', kind: 'info' })
  if (f.messages !== null) put('messages.per_trial', f.messages, { unit: 'messages', better: 'lower', kind: 'info' })
  for (const [c, n] of Object.entries(f.failures)) if (n > 0) put(`failures.${c}`, n, { unit: 'trials', better: 'lower', kind: 'info' })
  return out
}

export const SWARM_PROJECT = 'swarm'

/** Baseline entries: one per cell, id `swarm › <suite> › <cell>`. */
export function cellEntries(suite: string, cells: readonly CellFigures[], how?: string): Record<string, Entry> {
  const entries: Record<string, Entry> = {}
  for (const f of cells) {
    const id = [SWARM_PROJECT, suite, f.cell].join(' › ')
    entries[id] = { id, project: SWARM_PROJECT, file: suite, test: f.cell, rounds: [], metrics: cellMetrics(f, how) }
  }
  return entries
}

/** Cells on the Pareto front of success rate (higher) against cost per trial (lower); unpriced cells are left out. */
export function paretoFront(cells: readonly CellFigures[]): Set<string> {
  const priced = cells.filter(c => c.costPerTrial !== null)
  const front = new Set<string>()
  for (const c of priced) {
    const dominated = priced.some(d => d !== c && d.successRate >= c.successRate && d.costPerTrial! <= c.costPerTrial! && (d.successRate > c.successRate || d.costPerTrial! < c.costPerTrial!))
    if (!dominated) front.add(c.cell)
  }
  return front
}

export function medianMs(xs: number[]): number | null {
  return xs.length ? median(xs) : null
}
