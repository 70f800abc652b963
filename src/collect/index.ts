// Turns what Vitest reports (benchmarks and metric artifacts per test) into baseline entries. Pure: the
// reporter feeds it from TestCase objects, tests feed it literals.
import { SwarmbenchError } from '../errors/index.ts'
import type { MetricArtifactPayload } from '../metrics/record.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry, type Metric, type Round } from '../schema/baseline.ts'
import { encodeSamples } from '../compare/samples.ts'

/** Samples kept per benchmark per round: enough for the rank tests, small enough for 1,000 benchmarks. */
export const DEFAULT_SAMPLE_CAP = 2000

export interface CollectedStats {
  samplesCount: number; mean: number; min: number; max: number; p50: number; p75: number; p99: number; sd: number; rme: number
  samples?: ArrayLike<number> | undefined
}
export interface CollectedTask { name: string; latency: CollectedStats; throughput: { mean: number }; fromStore?: boolean | undefined }
export interface CollectedTest {
  project: string
  file: string
  test: string
  benchmarks: ReadonlyArray<{ name: string; tasks: ReadonlyArray<CollectedTask> }>
  metrics: ReadonlyArray<MetricArtifactPayload>
}

export const ID_SEPARATOR = ' › '

/** The stable key of a benchmark. The group is left out when it is Vitest's default (the test's name). */
export function entryId(parts: { project: string; file: string; test: string; group?: string | undefined; bench?: string | undefined }): string {
  const keyParts = [parts.project, parts.file, parts.test]
  if (parts.group !== undefined && parts.group !== parts.test) keyParts.push(parts.group)
  if (parts.bench !== undefined) keyParts.push(parts.bench)
  return keyParts.join(ID_SEPARATOR)
}

export function toRound(task: CollectedTask, sampleCap = DEFAULT_SAMPLE_CAP): Round {
  const l = task.latency
  return {
    latency: { n: l.samplesCount, mean: l.mean, min: l.min, max: l.max, p50: l.p50, p75: l.p75, p99: l.p99, sd: l.sd, rme: l.rme },
    throughputMean: task.throughput.mean,
    ...(l.samples && l.samples.length > 0 ? { samples: encodeSamples(Array.from(l.samples), sampleCap) } : {}),
  }
}

export interface CollectResult { entries: Record<string, Entry>; warnings: string[] }

export function collectEntries(tests: ReadonlyArray<CollectedTest>, opts: { sampleCap?: number } = {}): CollectResult {
  const entries: Record<string, Entry> = {}
  const warnings: string[] = []
  for (const t of tests) {
    const base = { project: t.project, file: t.file, test: t.test }
    // runs[i] = the entries made by the i-th bench().run() / bench.compare() of this test
    const runs: Entry[][] = t.benchmarks.map(group => group.tasks.filter(task => !task.fromStore).map(task => {
      const id = entryId({ ...base, group: group.name, bench: task.name })
      if (entries[id]) warnings.push(`${id}: measured twice in one run; keeping the last measurement (give the runs distinct names)`)
      const entry: Entry = { id, ...base, ...(group.name !== t.test ? { group: group.name } : {}), bench: task.name, rounds: [toRound(task, opts.sampleCap)], metrics: {} }
      entries[id] = entry
      return entry
    }))
    for (const m of t.metrics) {
      const { entry, warning } = m.entry !== undefined ? { entry: ownEntry(entries, base, m.entry) } : targetOf(m, runs)
      const target = entry ?? (entries[entryId(base)] ??= { id: entryId(base), ...base, rounds: [], metrics: {} })
      if (warning) warnings.push(`${target.id}: metric '${m.name}' ${warning}`)
      if (target.metrics[m.name]) warnings.push(`${target.id}: metric '${m.name}' recorded more than once; keeping the last value`)
      target.metrics[m.name] = toMetric(m)
      if (m.threshold !== undefined) target.thresholds = { ...target.thresholds, [m.name]: m.threshold }
    }
  }
  return { entries, warnings }
}

/** A metric's own entry under its test (a swarm cell): created by its first metric, shared by the rest. */
function ownEntry(entries: Record<string, Entry>, base: { project: string; file: string; test: string }, name: string): Entry {
  const id = entryId({ ...base, group: name })
  return entries[id] ??= { id, ...base, group: name, rounds: [], metrics: {} }
}

/**
 * The rule: a metric belongs to the bench it names, else to the benchmark that ran last before it (the first one
 * if none had run yet); `bench: false` keeps it at test level.
 */
function targetOf(m: MetricArtifactPayload, runs: Entry[][]): { entry?: Entry; warning?: string } {
  if (m.bench === false) return {}
  if (m.bench !== undefined) {
    const order = [...runs.keys()].slice(0, m.afterRuns).reverse().concat([...runs.keys()].slice(m.afterRuns))
    for (const i of order) {
      const hit = runs[i]!.find(e => e.bench === m.bench)
      if (hit) return { entry: hit }
    }
    return { warning: `names bench '${m.bench}', which this test did not run; kept at test level` }
  }
  const run = runs[m.afterRuns > 0 ? m.afterRuns - 1 : 0]
  if (!run || run.length === 0) return {}
  if (run.length === 1) return { entry: run[0]! }
  return { warning: `is ambiguous (the run compares ${run.map(e => e.bench).join(', ')}); kept at test level. Pass { bench } to attach it` }
}

function toMetric(m: MetricArtifactPayload): Metric {
  return {
    unit: m.unit, better: m.better, kind: m.kind,
    ...(m.provenance !== undefined && m.provenance.kind !== 'measured' ? { provenance: m.provenance } : {}),
    rounds: [{ value: m.value, ...(m.samples ? { samples: m.samples } : {}), ...(m.counts ? { counts: m.counts } : {}) }],
  }
}

/**
 * Merges several process runs of the same suite into one multi-round baseline (`swarmbench run --rounds N`).
 * An entry or metric missing from some rounds keeps the rounds it has.
 */
export function mergeRounds(runs: ReadonlyArray<Baseline>): Baseline {
  if (runs.length === 0) throw new SwarmbenchError('no runs to merge')
  const entries: Record<string, Entry> = {}
  for (const b of runs) {
    for (const e of Object.values(b.entries)) {
      const into = entries[e.id] ??= { ...e, rounds: [], metrics: {} }
      into.rounds.push(...e.rounds)
      for (const [name, m] of Object.entries(e.metrics)) {
        const mm = into.metrics[name] ??= { ...m, rounds: [] }
        mm.rounds.push(...m.rounds)
      }
      if (e.thresholds) into.thresholds = { ...into.thresholds, ...e.thresholds }
    }
  }
  const first = runs[0]!
  const wall = runs.reduce((s, b) => s + (b.run.wallTimeMs ?? 0), 0)
  return { schemaVersion: BASELINE_SCHEMA_VERSION, run: { ...first.run, rounds: runs.reduce((s, b) => s + b.run.rounds, 0), ...(wall ? { wallTimeMs: wall } : {}) }, entries }
}
