import { describe, expect, test } from 'vitest'
import { collectEntries, entryId, mergeRounds, type CollectedTask, type CollectedTest } from './index.ts'
import { toMetricPayload } from '../metrics/record.ts'
import { decodeSamples } from '../compare/samples.ts'
import { sampleBaseline } from '../../test/helpers/baselines.ts'

function task(name: string, mean: number, samples?: number[]): CollectedTask {
  return { name, latency: { samplesCount: samples?.length ?? 10, mean, min: mean, max: mean, p50: mean, p75: mean, p99: mean, sd: 0, rme: 0, samples }, throughput: { mean: 1000 / mean } }
}
const base = { project: 'bench', file: 'a.bench.ts', test: 'suite > t' }
const metric = (name: string, afterRuns: number, bench?: string) => toMetricPayload(name, 1, { better: 'lower', ...(bench ? { bench } : {}) }, afterRuns)

describe('entry ids', () => {
  test('leave out the default group (the test name) and keep a named one', () => {
    expect(entryId({ ...base, group: 'suite > t', bench: 'x' })).toBe('bench › a.bench.ts › suite > t › x')
    expect(entryId({ ...base, group: 'a vs b', bench: 'x' })).toBe('bench › a.bench.ts › suite > t › a vs b › x')
    expect(entryId(base)).toBe('bench › a.bench.ts › suite > t')
  })
})

describe('collectEntries', () => {
  test('one entry per measured task; stored (bench.from) tasks are skipped; samples are capped', () => {
    const samples = Array.from({ length: 5000 }, (_, i) => 5000 - i)
    const t: CollectedTest = { ...base, metrics: [], benchmarks: [
      { name: 'suite > t', tasks: [task('x', 2, samples)] },
      { name: 'a vs b', tasks: [task('a', 1), task('b', 3), { ...task('b@main', 3), fromStore: true }] },
    ] }
    const { entries, warnings } = collectEntries([t], { sampleCap: 100 })
    expect(Object.keys(entries)).toEqual(['bench › a.bench.ts › suite > t › x', 'bench › a.bench.ts › suite > t › a vs b › a', 'bench › a.bench.ts › suite > t › a vs b › b'])
    const x = entries['bench › a.bench.ts › suite > t › x']!.rounds[0]!.samples!
    expect(x).toMatchObject({ count: 100, total: 5000 })
    const kept = decodeSamples(x)
    expect([kept[0], kept[99]]).toEqual([1, 5000])
    expect(warnings).toEqual([])
  })

  test('a metric goes to the benchmark that ran last, or the first if none had run', () => {
    const t: CollectedTest = { ...base, benchmarks: [{ name: 'r1', tasks: [task('x', 1)] }, { name: 'r2', tasks: [task('y', 1)] }],
      metrics: [metric('early', 0), metric('afterX', 1), metric('afterY', 2), metric('named', 2, 'x')] }
    const { entries } = collectEntries([t])
    expect(Object.keys(entries['bench › a.bench.ts › suite > t › r1 › x']!.metrics)).toEqual(['early', 'afterX', 'named'])
    expect(Object.keys(entries['bench › a.bench.ts › suite > t › r2 › y']!.metrics)).toEqual(['afterY'])
  })

  test('bench: false keeps a metric at test level, without a warning, even right after a benchmark ran', () => {
    const t: CollectedTest = { ...base, benchmarks: [{ name: 'r1', tasks: [task('x', 1)] }],
      metrics: [metric('afterX', 1), toMetricPayload('leak.detected', 0, { better: 'lower', bench: false }, 1)] }
    const { entries, warnings } = collectEntries([t])
    expect(Object.keys(entries['bench › a.bench.ts › suite > t › r1 › x']!.metrics)).toEqual(['afterX'])
    expect(Object.keys(entries['bench › a.bench.ts › suite > t']!.metrics)).toEqual(['leak.detected'])
    expect(warnings).toEqual([])
  })

  test('ambiguous, unknown-bench and bench-less metrics are kept at test level, with a warning where it matters', () => {
    const t: CollectedTest = { ...base, benchmarks: [{ name: 'cmp', tasks: [task('a', 1), task('b', 2)] }],
      metrics: [metric('which', 1), metric('ghost', 1, 'zzz'), { ...metric('tuned', 1, 'a'), threshold: 0.1 }] }
    const { entries, warnings } = collectEntries([t])
    expect(entries['bench › a.bench.ts › suite > t']!.metrics).toHaveProperty('which')
    expect(entries['bench › a.bench.ts › suite > t']!.metrics).toHaveProperty('ghost')
    expect(entries['bench › a.bench.ts › suite > t › cmp › a']!.thresholds).toEqual({ tuned: 0.1 })
    expect(warnings.join('\n')).toMatch(/'which' is ambiguous .*compares a, b.*Pass \{ bench \}/)
    expect(warnings.join('\n')).toMatch(/'ghost' names bench 'zzz', which this test did not run/)
    const metricsOnly = collectEntries([{ ...base, benchmarks: [], metrics: [metric('accuracy', 0), metric('accuracy', 0)] }])
    expect(metricsOnly.entries['bench › a.bench.ts › suite > t']!.rounds).toEqual([])
    expect(metricsOnly.warnings[0]).toMatch(/recorded more than once/)
  })

  test('a metric with an entry of its own makes that entry under the test (one per swarm cell)', () => {
    const own = (name: string, entry: string) => toMetricPayload(name, 0.5, { better: 'higher', kind: 'quality', entry, counts: { successes: 1, trials: 2 } }, 1)
    const { entries, warnings } = collectEntries([{ ...base, benchmarks: [{ name: 'r1', tasks: [task('x', 1)] }], metrics: [own('success_rate', 'mode=mesh'), own('other', 'mode=mesh'), own('success_rate', 'mode=hybrid')] }])
    expect(Object.keys(entries)).toEqual(['bench › a.bench.ts › suite > t › r1 › x', 'bench › a.bench.ts › suite > t › mode=mesh', 'bench › a.bench.ts › suite > t › mode=hybrid'])
    expect(entries['bench › a.bench.ts › suite > t › mode=mesh']).toMatchObject({ group: 'mode=mesh', rounds: [] })
    expect(Object.keys(entries['bench › a.bench.ts › suite > t › mode=mesh']!.metrics)).toEqual(['success_rate', 'other'])
    expect(entries['bench › a.bench.ts › suite > t › mode=hybrid']!.metrics.success_rate!.rounds).toEqual([{ value: 0.5, counts: { successes: 1, trials: 2 } }])
    expect(entries['bench › a.bench.ts › suite > t › r1 › x']!.metrics).toEqual({})
    expect(warnings).toEqual([])
    expect(() => toMetricPayload('m', 1, { better: 'lower', bench: 'x', entry: 'y' }, 0)).toThrow(/bench or entry, not both/)
  })

  test('a benchmark measured twice under one id keeps the last and warns', () => {
    const { entries, warnings } = collectEntries([{ ...base, metrics: [], benchmarks: [{ name: 'g', tasks: [task('x', 1)] }, { name: 'g', tasks: [task('x', 5)] }] }])
    expect(entries['bench › a.bench.ts › suite > t › g › x']!.rounds[0]!.latency.mean).toBe(5)
    expect(warnings[0]).toMatch(/measured twice/)
  })
})

describe('mergeRounds', () => {
  test('concatenates rounds of timing and metrics, and sums wall time', () => {
    const a = sampleBaseline({ seed: 1 }), b = sampleBaseline({ seed: 2 })
    a.run.wallTimeMs = 100; b.run.wallTimeMs = 50
    const m = mergeRounds([a, b])
    expect(m.run.rounds).toBe(2)
    expect(m.run.wallTimeMs).toBe(150)
    const e = m.entries['bench › a.bench.ts › sorting › merge']!
    expect(e.rounds).toHaveLength(2)
    expect(e.metrics.tokens!.rounds).toEqual([{ value: 1000 }, { value: 1000 }])
    expect(() => mergeRounds([])).toThrow(/no runs to merge/)
  })
})
