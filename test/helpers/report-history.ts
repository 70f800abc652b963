// A history of several runs as the report reads it: each run stored, compared with the baseline of its
// moment (real compareBaselines) and the verdicts kept. It holds a regression in the newest run, a baseline
// promotion, a Node upgrade, figures that were not measured here, a swarm matrix, and two benchmarks whose
// names are HTML and a script end tag.
import { compareBaselines } from '../../src/compare/index.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry, type Metric } from '../../src/schema/baseline.ts'
import { withStore } from '../../src/store/open.ts'
import type { HistoryStore } from '../../src/store/store.ts'
import { entry, noisy } from './baselines.ts'

export const HOSTILE_NAMES = ['<img src=x onerror=alert(1)>', '</script><script>alert(1)</script>'] as const

const metric = (value: number, m: Partial<Metric> = {}): Metric => ({ unit: '', better: 'lower', kind: 'deterministic', rounds: [{ value }], ...m })

function swarmCell(strategy: string, mode: string, rate: number, costPerTrial: number): Entry {
  const trials = 10, successes = Math.round(rate * trials)
  const test = `strategy=${strategy} mode=${mode}`
  const prov = { kind: 'stand-in' as const, how: 'stand-in claude on PATH' }
  return {
    id: `swarm › tasks › ${test}`, project: 'swarm', file: 'tasks', test, rounds: [],
    metrics: {
      success_rate: { unit: 'ratio', better: 'higher', kind: 'quality', provenance: prov, rounds: [{ value: successes / trials, counts: { successes, trials } }] },
      'cost.usd.per_trial': metric(costPerTrial, { unit: 'USD', kind: 'info', provenance: prov }),
      ...(successes ? { 'cost.usd.per_solved': metric((costPerTrial * trials) / successes, { unit: 'USD', kind: 'info', provenance: prov }) } : {}),
    },
  }
}

/**
 * A timed benchmark measured in ROUNDS processes (each its own seeded noise): timing gates only from ≥ 2
 * rounds per side (or a history of single-process runs), see src/compare/index.ts.
 */
function timed(id: string, center: number, seed: number, metrics: Entry['metrics'] = {}): Entry {
  const perRound = Array.from({ length: ROUNDS }, (_, r) => entry(id, noisy(center, 120, seed + 1000 * r), metrics))
  return { ...perRound[0]!, rounds: perRound.map(e => e.rounds[0]!) }
}
const ROUNDS = 2

/** Run i of the fixture history (0-based); `slow` makes 'quick' twice as slow. */
export function fixtureRun(i: number, opts: { slow?: boolean; node?: string } = {}): Baseline {
  const entries: Entry[] = [
    timed('bench › a.bench.ts › sorting › quick', opts.slow ? 4 : 2, 10 + i),
    timed('bench › a.bench.ts › sorting › merge', 3, 20 + i, {
      tokens: metric(opts.slow ? 1100 : 1000, { unit: 'tokens' }),
      accuracy: metric(0.9, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: { kind: 'simulated', how: 'seed 7' } }),
    }),
    ...HOSTILE_NAMES.map((name, k) => timed(`bench › evil.bench.ts › ${name} › b`, 1, 30 + i + k, {
      [name]: metric(5, { unit: name }),
    })),
    swarmCell('research', 'mesh', 0.8, 0.02), swarmCell('research', 'hierarchical', 0.6, 0.01),
    swarmCell('development', 'mesh', 0.9, 0.05), swarmCell('development', 'hierarchical', 0.3, 0.03),
  ]
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    run: {
      createdAt: new Date(Date.UTC(2026, 10, 20 + i, 10)).toISOString(), rounds: ROUNDS,
      git: { sha: `${i}`.repeat(40).slice(0, 40), branch: i % 2 ? 'feature/<b>x</b>' : 'main', dirty: false },
      env: { node: opts.node ?? '24.21.0', v8: '13.6', os: 'Linux 6.1', arch: 'x64', cpuModel: 'Test CPU', cpuCount: 2, vitest: '5.1.1', moduleRunner: true },
    },
    entries: Object.fromEntries(entries.map(e => [e.id, e])),
  }
}

/**
 * Writes `runs` runs (≥ 5) into a history (a SQLite file or a PostgreSQL URL): run 1 is the baseline of runs
 * 2–4, Node moves to 25 from run 3, run 4 is promoted for the rest, and the newest run is slower on 'quick'
 * and uses more tokens (two gating regressions). Returns the run ids.
 */
export function writeFixtureHistory(location: string, runs = 5): Promise<number[]> {
  return withStore(location, {}, store => storeFixtureHistory(store, runs))
}

/** The same, into an open store. */
export async function storeFixtureHistory(store: HistoryStore, runs = 5): Promise<number[]> {
  const ids: number[] = []
  let base: Baseline | undefined
  for (let i = 0; i < runs; i++) {
    const run = fixtureRun(i, { slow: i === runs - 1, node: i >= 2 ? '25.1.0' : '24.21.0' })
    const id = await store.saveRun(run)
    ids.push(id)
    if (base) await store.saveComparison(id, base.run, compareBaselines(base, run))
    if (i === 0 || i === 3) base = run
  }
  return ids
}

/**
 * A history of two single-process runs whose comparison holds every kind of row the reports word differently:
 * a gating regression of an estimated figure, a timing change observed from one process per side (not
 * significant, not gated: "~ slower"), a difference of measurements likewise ("~ worse"), info figures that
 * change or not (never gated), and figures replayed, simulated and from a stand-in. Returns the run ids.
 */
export function writeWordingHistory(location: string): Promise<number[]> {
  const run = (i: number, after: boolean): Baseline => ({
    schemaVersion: BASELINE_SCHEMA_VERSION,
    run: {
      createdAt: new Date(Date.UTC(2026, 10, 20 + i, 10)).toISOString(), rounds: 1,
      git: { sha: `${i}`.repeat(40), branch: 'main', dirty: false },
      env: { node: '24.21.0', v8: '13.6', os: 'Linux 6.1', arch: 'x64', cpuModel: 'Test CPU', cpuCount: 2, vitest: '5.1.1', moduleRunner: true },
    },
    entries: Object.fromEntries([
      entry('bench › w.bench.ts › observed › slow', noisy(after ? 4 : 2, 120, 50 + i), {
        overhead: metric(after ? 0.5 : 0.1, { unit: 'ms', kind: 'difference' }),
        'heap.peak': metric(after ? 2_000_000 : 1_000_000, { unit: 'bytes', kind: 'info' }),
      }),
      entry('bench › w.bench.ts › figures › agent', noisy(3, 120, 60 + i), {
        tokens: metric(after ? 1200 : 1000, { unit: 'tokens', provenance: { kind: 'estimate', how: 'counted offline' } }),
        replies: metric(7, { unit: 'replies', provenance: { kind: 'replayed', how: 'cassette a.json' } }),
        accuracy: metric(0.9, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: { kind: 'simulated', how: 'seed 7' } }),
        'cost.usd': metric(0.02, { unit: 'USD', kind: 'info', provenance: { kind: 'stand-in', how: 'stand-in claude on PATH' } }),
      }),
    ].map(e => [e.id, e])),
  })
  return withStore(location, {}, async store => {
    const base = run(0, false), head = run(1, true)
    const ids = [await store.saveRun(base), await store.saveRun(head)]
    await store.saveComparison(ids[1]!, base.run, compareBaselines(base, head))
    return ids
  })
}
