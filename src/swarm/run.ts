// Runs a matrix: tasks × cells × repeats, each trial through swarmbench/automation's pool (concurrency,
// retries only for infrastructure errors, a safety timeout) and checkpointed, so that a killed run resumes
// without repeating finished trials. Returns per-cell figures and the baseline entries they make.
import { createHash } from 'node:crypto'
import { SwarmbenchError } from '../errors/index.ts'
import { runBatch, type BatchTask } from '../automation/batch.ts'
import { openCheckpointStore } from '../automation/store.ts'
import type { RetryPolicyInput } from '../automation/backoff.ts'
import type { ProgressSink } from '../automation/progress.ts'
import type { Entry } from '../schema/baseline.ts'
import { createPricing, type PricingOptions } from '../tokens/pricing.ts'
import { cellEntries, cellFigures, type CellFigures } from './figures.ts'
import { cellKey, expandMatrix, type Cell, type MatrixInput } from './matrix.ts'
import type { Task } from './task.ts'
import { runTrial, trialId, trialSeed, type TrialRecord } from './trial.ts'
import type { Engine } from './types.ts'

export interface SwarmRunOptions {
  /** Name of the task suite; entries are `swarm › <suite> › <cell>`. */
  suite?: string
  tasks: readonly Task[]
  matrix: MatrixInput
  engine: Engine
  /** Trials per task per cell. */
  repeats: number
  seed?: number
  /** Trials at once (default 4). */
  concurrency?: number
  /** SQLite checkpoint file; a run with the same configuration resumes from it. Default: in memory (no resume). */
  checkpoint?: string
  /** Batch id in the checkpoint; default a hash of the configuration. */
  runId?: string
  /** Retries for infrastructure errors (HTTP 429/5xx, network); a failed task is never retried. */
  retry?: RetryPolicyInput
  /** CLAUDE.md variants: name → file, or null for "no CLAUDE.md" (a control arm). */
  claudeMd?: Record<string, string | null>
  /**
   * Trial order. 'cells' (default) runs each cell's trials together; 'interleaved' runs repeat r of every task in
   * every cell before repeat r + 1, so that drift (machine load, API latency, rate limits) falls on every cell alike.
   */
  order?: 'cells' | 'interleaved'
  /** Record each trial into, or replay each trial from, a folder of cassettes. */
  cassettes?: { dir: string; mode: 'record' | 'replay' }
  pricing?: PricingOptions
  /** Largest k for pass@k and pass^k (default 3, capped by repeats). */
  passK?: number
  workRoot?: string
  keepWorkdirs?: boolean
  signal?: AbortSignal
  progress?: ProgressSink
  /** Called as each trial's record is committed. */
  onTrial?: (record: TrialRecord) => void
  /** Where the stand-in or engine figures come from, for the provenance 'how'. */
  how?: string
}

export interface SwarmRunResult {
  runId: string
  suite: string
  cells: CellFigures[]
  trials: TrialRecord[]
  entries: Record<string, Entry>
  /** Trials that failed for infrastructure reasons after their retries: not counted in the rates, listed here. */
  infrastructureFailures: { id: string; message: string }[]
  /** Trials whose grader threw: the figures are not trustworthy until the grader is fixed. */
  graderErrors: { id: string; message: string }[]
  counts: { total: number; completed: number; skipped: number; resumed: number; retries: number }
  status: 'done' | 'failed' | 'interrupted'
}

interface TrialInput { task: string; cell: Cell; repeat: number; seed: number }

export async function runSwarm(o: SwarmRunOptions): Promise<SwarmRunResult> {
  if (!(Number.isInteger(o.repeats) && o.repeats >= 1)) throw new SwarmbenchError(`repeats must be a whole number ≥ 1, got ${o.repeats}`, { field: 'repeats' })
  if (o.tasks.length === 0) throw new SwarmbenchError('no tasks to run', { field: 'tasks', fix: 'give at least one defineTask(…)' })
  const ids = new Set<string>()
  for (const t of o.tasks) { if (ids.has(t.id)) throw new SwarmbenchError(`task id '${t.id}' appears twice`, { field: 'tasks' }); ids.add(t.id) }
  const cells = expandMatrix(o.matrix)
  await o.engine.preflight?.()
  const seed = o.seed ?? 0
  const suite = o.suite ?? 'tasks'
  const byId = new Map(o.tasks.map(t => [t.id, t]))
  const batchTasks: BatchTask<TrialInput>[] = []
  const add = (task: Task, cell: Cell, r: number) => {
    const id = trialId(task.id, cell, r)
    batchTasks.push({ id, input: { task: task.id, cell, repeat: r, seed: trialSeed(seed, id) }, timeoutMs: task.timeoutMs + 120_000 })
  }
  if (o.order === 'interleaved') { for (let r = 1; r <= o.repeats; r++) for (const task of o.tasks) for (const cell of cells) add(task, cell, r) }
  else for (const cell of cells) for (const task of o.tasks) for (let r = 1; r <= o.repeats; r++) add(task, cell, r)
  const runId = o.runId ?? `swarm-${createHash('sha256').update(JSON.stringify([suite, o.engine.name, seed, o.cassettes?.mode ?? 'live', batchTasks.map(t => t.id)])).digest('hex').slice(0, 16)}`
  const pricing = createPricing(o.pricing)
  const store = openCheckpointStore(o.checkpoint ?? ':memory:')
  const ctl = new AbortController()
  const onAbort = () => ctl.abort(o.signal?.reason)
  o.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const summary = await runBatch<TrialInput, TrialRecord>({
      store, batchId: runId, tasks: batchTasks,
      pool: { concurrency: o.concurrency ?? 4, seed, ...(o.retry ? { retry: o.retry } : {}) },
      hooks: { signal: ctl.signal },
      ...(o.progress ? { progress: o.progress } : {}),
      handler: (input, ctx) => runTrial({ task: byId.get(input.task)!, cell: input.cell, repeat: input.repeat, seed: input.seed }, {
        engine: o.engine, pricing, ...(o.claudeMd ? { claudeMd: o.claudeMd } : {}), ...(o.cassettes ? { cassettes: o.cassettes } : {}),
        ...(o.workRoot ? { workRoot: o.workRoot } : {}), ...(o.keepWorkdirs ? { keepWorkdirs: true } : {}), signal: ctx.signal,
      }),
      onCheckpoint: (id, status) => { if (status === 'done' && o.onTrial) { const r = store.items(runId).find(i => i.itemId === id); if (r?.output) o.onTrial(r.output as TrialRecord) } },
    })
    const trials = batchTasks.map(t => summary.results.get(t.id)).filter((r): r is TrialRecord => r !== undefined)
    const infrastructureFailures: SwarmRunResult['infrastructureFailures'] = []
    for (const f of summary.failures) {
      // A mistake in the user's setup (a CLAUDE.md that does not exist…) is one clear line, not a failed trial.
      if (f.error.name === 'SwarmbenchError') throw new SwarmbenchError(f.error.message.replace(/^SwarmbenchError: /, ''))
      infrastructureFailures.push({ id: f.id, message: f.error.message })
    }
    const byCell = new Map<string, TrialRecord[]>()
    for (const t of trials) byCell.set(t.cell, [...(byCell.get(t.cell) ?? []), t])
    const figures = cells.map(c => cellKey(c)).filter(k => byCell.has(k)).map(k => cellFigures(k, byCell.get(k)!, o.passK ?? 3))
    return {
      runId, suite, cells: figures, trials, entries: cellEntries(suite, figures, figuresHow(o)),
      infrastructureFailures, graderErrors: trials.filter(t => t.failure === 'grader-failed').map(t => ({ id: t.id, message: t.detail ?? 'grader threw' })),
      counts: { total: summary.counts.total, completed: summary.counts.completed, skipped: summary.counts.skipped, resumed: summary.counts.resumed, retries: summary.counts.retries },
      status: summary.status,
    }
  } finally {
    o.signal?.removeEventListener('abort', onAbort)
    store.close()
  }
}

/** The provenance 'how' of a run's figures: the caller's, else the cassettes replayed, else the engine's own. */
export function figuresHow(o: Pick<SwarmRunOptions, 'how' | 'cassettes' | 'engine'>): string | undefined {
  return o.how ?? (o.cassettes?.mode === 'replay' ? `replayed from the cassettes in ${o.cassettes.dir}` : o.engine.provenance?.how)
}
