// Batch and pipeline on real work from this repo: an ensemble pipeline (dataset → train members → vote →
// score, on the Wine data with ml.js models) and a checkpointed batch of consensus simulations, each also
// interrupted and resumed to measure what a resume saves.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stats, test } from '../src/index.ts'
import { createPool, openCheckpointStore, resumeBatch, runBatch, runPipeline, type PipelineSpec } from '../src/automation/index.ts'
import { loadDataset, stratifiedKFold, take } from '../src/datasets/index.ts'
import { createModel, majorityVote, scorePredictions, type ModelSpec } from '../src/ensemble/index.ts'
import { runScenario } from '../src/consensus/scenario.ts'

const MEMBERS: ModelSpec[] = [
  { type: 'random-forest', task: 'classification', params: { nEstimators: 10, maxDepth: 6 }, seed: 1 },
  { type: 'decision-tree', task: 'classification', params: { maxDepth: 6 }, seed: 1 },
  { type: 'knn', task: 'classification', params: { k: 5 } },
  { type: 'naive-bayes', task: 'classification' },
  { type: 'logistic-regression', task: 'classification', params: { numSteps: 300, learningRate: 0.05 } },
]

interface Split { Xtrain: number[][]; ytrain: number[]; Xtest: number[][]; ytest: number[]; k: number }

/** Stage outputs are plain data so the pipeline can checkpoint them; models are fitted and used inside their stage. */
function ensemblePipeline(seed: number): PipelineSpec {
  const train = Object.fromEntries(MEMBERS.map(spec => [`train:${spec.type}`, {
    deps: ['dataset'],
    run: ({ dataset }: Record<string, unknown>) => {
      const d = dataset as Split
      const m = createModel(spec)
      m.fit(d.Xtrain, d.ytrain)
      return m.predict(d.Xtest)
    },
  }]))
  const trainNames = Object.keys(train)
  return {
    dataset: {
      run: () => {
        const d = loadDataset('wine')
        const fold = stratifiedKFold(d.y, 4, seed)[0]!
        return { Xtrain: take(d.X, fold.train), ytrain: take(d.y, fold.train), Xtest: take(d.X, fold.test), ytest: take(d.y, fold.test), k: d.classes!.length } satisfies Split
      },
    },
    ...train,
    vote: { deps: ['dataset', ...trainNames], run: (inp) => Array.from(majorityVote(trainNames.map(n => inp[n] as number[]), (inp.dataset as Split).k)) },
    score: {
      deps: ['dataset', 'vote', ...trainNames],
      run: (inp) => {
        const d = inp.dataset as Split
        const acc = (p: number[]) => scorePredictions('classification', d.ytest, p, d.k).accuracy!
        return { ensemble: acc(inp.vote as number[]), members: Object.fromEntries(trainNames.map(n => [n, acc(inp[n] as number[])])) }
      },
    },
  }
}

test('pipeline: dataset → train 5 members → vote → score (Wine, ml.js)', async ({ bench, metric }) => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmbench-pipe-'))
  try {
    let last: Awaited<ReturnType<typeof runPipeline>> | undefined
    const r = await bench('ensemble pipeline', async () => {
      last = await runPipeline(ensemblePipeline(1))
      if (last.status !== 'done') throw new Error(`pipeline ${last.status}: ${JSON.stringify(last.stages)}`)
    }).run({ time: 300, iterations: 3, warmupIterations: 1, warmupTime: 0 })
    const score = last!.outputs.score as { ensemble: number; members: Record<string, number> }
    await metric('pipeline.stages_per_s', Object.keys(last!.stages).length / (r.latency.mean / 1000), { unit: 'stages/s', better: 'higher', kind: 'timing', provenance: 'measured' })
    await metric('pipeline.ensemble_accuracy', score.ensemble, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: 'measured' })
    await metric('pipeline.best_member_accuracy', Math.max(...Object.values(score.members)), { unit: 'ratio', better: 'higher', kind: 'quality', provenance: 'measured' })

    // Crash-and-resume in process: abort once every member is trained, then resume from the checkpoints.
    const store = openCheckpointStore(join(dir, 'pipe.db'))
    const ctrl = new AbortController()
    let trained = 0
    const t0 = performance.now()
    const first = await runPipeline(ensemblePipeline(2), {
      checkpoint: { store, runId: 'wine-2' }, hooks: { signal: ctrl.signal },
      onStage: (name, s) => { if (name.startsWith('train:') && s.status === 'done' && ++trained === MEMBERS.length) ctrl.abort(new Error('simulated crash')) },
    })
    const firstMs = performance.now() - t0
    const t1 = performance.now()
    const resumed = await runPipeline(ensemblePipeline(2), { checkpoint: { store, runId: 'wine-2' } })
    const resumeMs = performance.now() - t1
    store.close()
    if (first.status !== 'cancelled' || resumed.status !== 'done') throw new Error(`expected cancelled then done, got ${first.status} then ${resumed.status}`)
    const restored = Object.values(resumed.stages).filter(s => s.status === 'restored').length
    await metric('pipeline.resumed_stages', restored, { unit: 'stages', better: 'higher', kind: 'deterministic', provenance: 'measured' })
    await metric('pipeline.resume_time_ratio', resumeMs / (firstMs + resumeMs), { unit: 'ratio', better: 'lower', kind: 'timing', provenance: 'measured' })
    await metric('pipeline.retries', Object.values(resumed.stages).reduce((a, s) => a + Math.max(0, s.attempts - 1), 0), { unit: 'retries', better: 'lower', kind: 'deterministic', provenance: 'measured' })
  } finally { rmSync(dir, { recursive: true, force: true }) }
})

const MECHS = ['majority', 'pbft', 'raft', 'paxos'] as const
type SimInput = { mechanism: (typeof MECHS)[number]; seed: number }
// 5 seeds per mechanism (20 simulations per batch; 10 doubled the file's time for the same per-task figures)
const SEEDS = 5
const simTasks = (seeds: number) => MECHS.flatMap(mechanism => Array.from({ length: seeds }, (_, i) => ({ id: `${mechanism}-${i + 1}`, input: { mechanism, seed: i + 1 } })))

/** One consensus simulation, reduced to what the batch keeps: did every node that decided agree, and how fast. */
async function simulateOne({ mechanism, seed }: SimInput) {
  const r = await runScenario({ mechanism, seed, n: 5, decisions: 3, faults: 'within' })
  const slots = Array.from({ length: r.target }, (_, s) => new Set(r.decisions.map(d => d[s]).filter(v => v !== undefined)))
  return { mechanism, seed, decidedAny: slots.some(s => s.size > 0), agreed: slots.every(s => s.size <= 1), complete: Number.isFinite(r.decidedAt), decidedAt: r.decidedAt, messages: r.messages }
}

test('batch: consensus simulations, checkpointed in SQLite, interrupted and resumed', async ({ bench, metric }) => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmbench-consensus-'))
  const store = openCheckpointStore(join(dir, 'batch.db'))
  const fast = openCheckpointStore(join(dir, 'batch-normal.db'), { durability: 'normal' })
  const tasks = simTasks(SEEDS)
  let batchNo = 0, retries = 0
  try {
    // Warm the simulators' JIT once, so neither side of the comparison pays for it.
    for (const t of tasks) await simulateOne(t.input)
    const configs = {
      'pool only': async () => {
        const pool = createPool({ concurrency: 4 })
        await Promise.all(tasks.map(t => pool.run({ id: t.id, run: () => simulateOne(t.input) })))
      },
      'batch + SQLite checkpoints': async () => {
        const s = await runBatch({ store, batchId: `b${batchNo++}`, tasks, handler: simulateOne, pool: { concurrency: 4 } })
        if (s.status !== 'done') throw new Error(`batch ${s.status}`)
        retries += s.counts.retries
      },
      'batch + SQLite, durability normal': async () => {
        const s = await runBatch({ store: fast, batchId: `b${batchNo++}`, tasks, handler: simulateOne, pool: { concurrency: 4 } })
        if (s.status !== 'done') throw new Error(`batch ${s.status}`)
      },
    }
    const r = await bench('batch + SQLite checkpoints', configs['batch + SQLite checkpoints']).run({ time: 300, iterations: 3, warmupIterations: 1, warmupTime: 0 })
    await metric('batch.throughput', tasks.length / (r.latency.mean / 1000), { unit: 'sims/s', better: 'higher', kind: 'timing', provenance: 'measured' })
    // Checkpoint cost: interleaved rounds in rotating order, each round a pair (or triple) measured side by side;
    // the one overhead estimator of stats (median of the per-round ratios and differences).
    const names = Object.keys(configs) as (keyof typeof configs)[]
    const times = Object.fromEntries(names.map(n => [n, [] as number[]])) as Record<keyof typeof configs, number[]>
    for (let round = 0; round < 5; round++) {
      for (let j = 0; j < names.length; j++) {
        const n = names[(round + j) % names.length]!
        const t = performance.now(); await configs[n](); times[n].push(performance.now() - t)
      }
    }
    const full = stats.pairedOverhead(times['pool only'], times['batch + SQLite checkpoints'])
    const normal = stats.pairedOverhead(times['pool only'], times['batch + SQLite, durability normal'])
    await metric('batch.checkpoint_ms_per_task', full.differences.map(d => d / tasks.length), { unit: 'ms', better: 'lower', kind: 'difference', provenance: 'measured' })
    await metric('batch.checkpoint_ms_per_task_normal', normal.differences.map(d => d / tasks.length), { unit: 'ms', better: 'lower', kind: 'difference', provenance: 'measured' })
    await metric('batch.checkpoint_overhead_ratio', full.ratios, { unit: 'ratio', better: 'lower', kind: 'difference', provenance: 'measured' })
    await metric('batch.retries', retries, { unit: 'retries', better: 'lower', kind: 'deterministic', provenance: 'measured' })

    // Interrupt half-way, then resume by id alone.
    const ctrl = new AbortController()
    let done = 0
    const first = await runBatch({
      store, batchId: 'resume', tasks, handler: simulateOne, pool: { concurrency: 4 }, hooks: { signal: ctrl.signal },
      onCheckpoint: () => { if (++done === tasks.length / 2) ctrl.abort(new Error('simulated crash')) },
    })
    const second = await resumeBatch({ store, batchId: 'resume', handler: simulateOne, pool: { concurrency: 4 } })
    const rows = store.items('resume')
    if (first.status !== 'interrupted' || second.status !== 'done' || rows.some(r => r.completions !== 1)) {
      throw new Error(`resume check failed: ${first.status} → ${second.status}, completions ${rows.map(r => r.completions).join(',')}`)
    }
    // Where the interruption lands depends on scheduling, so these counts inform rather than gate.
    await metric('batch.resumed_tasks', second.counts.completed, { unit: 'tasks', better: 'lower', kind: 'info', provenance: 'measured' })
    await metric('batch.skipped_on_resume', second.counts.skipped, { unit: 'tasks', better: 'higher', kind: 'info', provenance: 'measured' })
    await metric('batch.in_flight_rerun', second.counts.resumed, { unit: 'tasks', better: 'lower', kind: 'info', provenance: 'measured' })
    const results = [...second.results.values()] as Awaited<ReturnType<typeof simulateOne>>[]
    const simulated = { kind: 'simulated', how: `${MECHS.join(', ')}: n = 5, seeds 1–${SEEDS} each, 3 decisions, random faults within the bound, virtual time` } as const
    // only runs that decided something can agree or disagree: undecided ones are counted, not taken as agreement
    const decided = results.filter(r => r.decidedAny)
    if (decided.length) await metric('consensus.agreement_rate', decided.filter(r => r.agreed).length / decided.length, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: simulated })
    await metric('consensus.undecided_runs', results.length - decided.length, { unit: 'runs', better: 'lower', kind: 'deterministic', provenance: simulated })
    await metric('consensus.completion_rate', results.filter(r => r.complete).length / results.length, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: simulated })
  } finally { store.close(); fast.close(); rmSync(dir, { recursive: true, force: true }) }
})
