import { describe, expect, it } from 'vitest'
import type { BenchFnOptions, BenchRunOptions, TestContext } from 'vitest'
import { createMemoryFixture } from '../../src/memory/fixture.ts'
import { NO_GC_WARNING } from '../../src/memory/gc.ts'
import { METRIC_ARTIFACT, type MetricArtifactPayload } from '../../src/metrics/record.ts'
import { collectEntries } from '../../src/collect/index.ts'
import { workerGc } from './helpers.ts'

// The fixture's glue, driven outside a bench file: `bench` here is a small real runner with vitest's
// registration shape (bench(name, opts, fn).run(opts)), since vitest's own only exists in benchmark files.
// It counts its runs on the task as vitest does (task.benchmarks), which is what places a metric after a run.
type Log = { name: string; opts: BenchFnOptions; run?: BenchRunOptions }[]
function loopBench(log: Log, task: TestContext['task']) {
  return ((name: string, opts: BenchFnOptions, fn: () => unknown) => ({
    name,
    run: async (run?: BenchRunOptions) => {
      log.push({ name, opts, ...(run ? { run } : {}) })
      const n = run?.iterations ?? 100
      const t0 = performance.now()
      for (let i = 0; i < n; i++) { if (opts.async) await fn(); else fn() }
      const mean = (performance.now() - t0) / n
      const result = { name, latency: { mean } }
      const t = task as unknown as { benchmarks?: { name: string; tasks: { name: string }[] }[] }
      ;(t.benchmarks ??= []).push({ name, tasks: [{ name }] })
      return result
    },
  })) as unknown as TestContext['bench']
}

const metricsOf = (task: TestContext['task']) => (task.artifacts ?? []).filter(a => a.type === METRIC_ARTIFACT).map(a => (a as unknown as { metric: MetricArtifactPayload }).metric)

// Where the recorded metrics land once the reporter collects them (the reporter's own pure step).
function landed(task: TestContext['task'], runs: string[]) {
  const stats = { samplesCount: 1, mean: 1, min: 1, max: 1, p50: 1, p75: 1, p99: 1, sd: 0, rme: 0 }
  const { entries } = collectEntries([{ project: 'p', file: 'f', test: 't', benchmarks: runs.map(name => ({ name: 't', tasks: [{ name, latency: stats, throughput: { mean: 1 } }] })), metrics: metricsOf(task) }])
  return Object.fromEntries(Object.values(entries).map(e => [e.bench ?? '(test)', Object.keys(e.metrics).sort()]))
}

describe('memory fixture glue', () => {
  it('with a collector: async from the cold call, leak figures on the test itself (not on the bench that ran before), warnings once', async ({ task, annotate }) => {
    const log: Log = []
    const notes: string[] = []
    const note = (async (m: string, t?: string) => { notes.push(`${t}:${m}`) }) as unknown as TestContext['annotate']
    const memory = createMemoryFixture({ bench: loopBench(log, task), task, annotate: note, gc: workerGc() })
    expect(memory.gcForced).toBe(true)
    const { result, memory: rep } = await memory('alloc', () => new Array(32).fill(1), { run: { iterations: 500 }, allocTime: 10, allocChunks: 2 })
    expect(log[0]).toMatchObject({ name: 'alloc', opts: { async: false }, run: { iterations: 500 } })
    expect(result.latency.mean).toBeGreaterThan(0)
    expect(rep.gcForced).toBe(true)
    expect(rep.allocation!.bytesPerIteration).toHaveLength(2)
    await memory('async', async () => 1, { run: { iterations: 10 }, allocTime: 0, record: false })
    expect(log[1]!.opts.async).toBe(true)
    const leak = await memory.leak('leak', () => 1, { iterations: 20, samples: 4 })
    expect(leak.verdict).toBe('no-leak')
    const costs = await memory.persistence({ a: [1, 2, 3] }, { iterations: 3, formats: ['json'] })
    expect(costs[0]!.bytes).toBe(13)
    await memory.persistence({ a: [1] }, { iterations: 3, formats: ['json'], prefix: 'named', bench: 'alloc' })

    const m = metricsOf(task)
    expect(m.filter(x => x.name.startsWith('leak.')).map(x => [x.name, x.bench])).toEqual([['leak.leak.bytesPerIteration', false], ['leak.leak.detected', false]])
    const at = landed(task, ['alloc', 'async'])
    // 'async' ran last before the leak run: before the fix its rows landed there
    expect(at['async'] ?? []).toEqual([])
    expect(at['(test)']).toEqual(['leak.leak.bytesPerIteration', 'leak.leak.detected', 'persist.json.bytes', 'persist.json.read', 'persist.json.write'])
    expect(at['alloc']).toEqual(expect.arrayContaining(['mem.alloc.perCall', 'mem.heap.peak', 'named.json.bytes']))
    expect(m.every(x => x.provenance?.kind === 'measured')).toBe(true)
    expect(notes.filter(n => n.includes(NO_GC_WARNING))).toEqual([])
    expect(new Set(notes).size).toBe(notes.length)
  })

  it('without a collector: says so once, records no leak or retained figures, leak verdict unavailable', async ({ task }) => {
    const notes: string[] = []
    const memory = createMemoryFixture({ bench: loopBench([], task), task, annotate: (async (msg: string, t?: string) => { notes.push(`${t}:${msg}`) }) as unknown as TestContext['annotate'], gc: null })
    expect(memory.gcForced).toBe(false)
    const { memory: rep } = await memory('alloc', () => new Array(32).fill(1), { run: { iterations: 200 }, allocTime: 5, allocChunks: 1 })
    expect(rep.gcForced).toBe(false)
    const leak = await memory.leak('leak', () => 1, { iterations: 20, samples: 4 })
    expect(leak.verdict).toBe('unavailable')
    // the same warning from both measurements, annotated once
    expect(notes).toEqual([`warning:${NO_GC_WARNING}`])
    const names = metricsOf(task).map(x => x.name)
    expect(names).toContain('mem.alloc.perCall')
    expect(names.filter(n => n.startsWith('leak.') || n.endsWith('.retained'))).toEqual([])
  })
})
