import { describe, expect, it } from 'vitest'
import { measureMemory, negativeRetentionWarnings } from '../../src/memory/measure.ts'
import { NO_GC_WARNING } from '../../src/memory/gc.ts'
import { leakMetrics, memoryMetrics, persistenceMetrics } from '../../src/memory/metrics.ts'
import { workerGc } from './helpers.ts'

// A real (minimal) benchmark runner: calls fn `n` times and reports the mean latency, as tinybench would.
function loopRunner(fn: () => unknown, n: number) {
  return async (isAsync: boolean) => {
    const t0 = performance.now()
    for (let i = 0; i < n; i++) { if (isAsync) await fn(); else fn() }
    return { latency: { mean: (performance.now() - t0) / n }, calls: n }
  }
}

describe('measureMemory', () => {
  it('with forced GC: retained growth, GC during the run, allocation per call and first-call time', async () => {
    const kept: number[][] = []
    let sink = 0
    const fn = () => { const xs = Array.from({ length: 64 }, (_, i) => i + sink); sink++; if (sink % 100 === 0) kept.push(xs) }
    const { result, report } = await measureMemory(fn, loopRunner(fn, 20_000), { allocTime: 50, allocChunks: 5 }, workerGc())
    expect(result.calls).toBe(20_000)
    expect(report.gcForced).toBe(true)
    expect(report.warnings).toEqual(negativeRetentionWarnings(report.retained))
    expect(report.isAsync).toBe(false)
    expect(report.firstCallMs).toBeGreaterThan(0)
    // 200 kept arrays of 64 slots: at least 200 × 64 × 4 bytes stay after GC.
    expect(report.retained.heapUsed).toBeGreaterThan(200 * 64 * 4)
    expect(report.peakHeapUsed).toBeGreaterThanOrEqual(report.before.heapUsed)
    expect(report.gc.count).toBeGreaterThan(0)
    const a = report.allocation!
    expect(a.bytesPerIteration).toHaveLength(5)
    // Each call allocates a 64-element array: ≥ 64 × 4 bytes of elements.
    for (const b of a.bytesPerIteration) expect(b).toBeGreaterThan(256)
    const names = memoryMetrics(report, 'b').map(m => m.name)
    expect(names).toEqual(expect.arrayContaining(['mem.alloc.perCall', 'mem.heap.retained', 'mem.heap.peak', 'gc.run.count', 'firstCall']))
    expect(memoryMetrics(report, 'b').every(m => m.options.bench === 'b')).toBe(true)
    const perCall = memoryMetrics(report).find(m => m.name === 'mem.alloc.perCall')!
    expect(perCall.options).toMatchObject({ kind: 'memory', unit: 'bytes', better: 'lower' })
    expect(Array.isArray(perCall.value)).toBe(true)
  })

  // Issue 16: the fixture printed "−156 B" retained. A run that frees memory from before it has a negative
  // after − before; that is not a retention, so the figure is left out and the report says why.
  it('memory from before the run freed during it: no negative retained figure, a warning instead', async () => {
    let held: number[][] | null = Array.from({ length: 4000 }, () => new Array(64).fill(1))
    let calls = 0
    const fn = () => { if (++calls === 10) held = null; return calls + (held ? 0 : 1) }
    const { report } = await measureMemory(fn, loopRunner(fn, 1000), { allocTime: 0 }, workerGc())
    expect(calls).toBeGreaterThan(10)
    // 4,000 arrays of 64 elements were released: the heap after the run is well below where it began
    expect(report.retained.heapUsed).toBeLessThan(-4000 * 64 * 4)
    expect(report.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^swarmbench memory: mem\.heap\.retained not recorded: heapUsed after the run was \d+ B below its level before/)]))
    const specs = memoryMetrics(report)
    expect(specs.map(m => m.name)).not.toContain('mem.heap.retained')
    expect(specs.filter(m => m.name.endsWith('.retained') && (m.value as number) < 0)).toEqual([])
    expect(specs.map(m => m.name)).toContain('mem.heap.peak')
  })

  it('negative retention, figure by figure; zero and growth are retentions', () => {
    const r = { heapUsed: -156, heapTotal: 0, external: 0, arrayBuffers: 24, rss: -4096 }
    expect(negativeRetentionWarnings(r)).toEqual([expect.stringMatching(/mem\.heap\.retained not recorded: heapUsed after the run was 156 B below/)])
    expect(negativeRetentionWarnings({ ...r, heapUsed: 0, external: -8 })).toEqual([expect.stringMatching(/^swarmbench memory: mem\.external\.retained not recorded/)])
  })

  it('without forced GC: warns, and leaves retained figures out of the metrics', async () => {
    const fn = async () => new Uint8Array(1024)
    const { report } = await measureMemory(fn, loopRunner(fn, 500), { allocTime: 20, allocChunks: 2 }, null)
    expect(report.gcForced).toBe(false)
    expect(report.isAsync).toBe(true)
    expect(report.warnings).toEqual([NO_GC_WARNING])
    const names = memoryMetrics(report).map(m => m.name)
    expect(names).not.toContain('mem.heap.retained')
    expect(names).toContain('mem.alloc.externalPerCall')
  })

  it('skips the allocation phase on request and validates options', async () => {
    const fn = () => 1
    const { report } = await measureMemory(fn, loopRunner(fn, 10), { allocTime: 0 }, null)
    expect(report.allocation).toBeUndefined()
    expect(memoryMetrics(report).map(m => m.name)).not.toContain('mem.alloc.perCall')
    await expect(measureMemory(fn, loopRunner(fn, 1), { allocChunks: 0 }, null)).rejects.toThrow(/memory: option allocChunks/)
  })

  it('stops observing when the benchmark throws', async () => {
    await expect(measureMemory(() => 1, async () => { throw new Error('bench failed') }, {}, null)).rejects.toThrow('bench failed')
  })
})

describe('metric specs', () => {
  it('leak metrics only when detection ran', () => {
    const base = { bytesPerIteration: 100, ci: [90, 110] as [number, number], confidence: 0.95, floorBytes: 32, message: '', iterations: 10, points: [], warnings: [] }
    expect(leakMetrics({ ...base, verdict: 'unavailable' })).toEqual([])
    const m = leakMetrics({ ...base, verdict: 'leak' })
    expect(m.map(s => [s.name, s.value, s.options.kind])).toEqual([['leak.bytesPerIteration', 100, 'info'], ['leak.detected', 1, 'deterministic']])
    expect(leakMetrics({ ...base, verdict: 'no-leak' }, 'store', 'b')[1]).toMatchObject({ name: 'leak.store.detected', value: 0, options: { bench: 'b' } })
    expect(leakMetrics({ ...base, verdict: 'no-leak' }, 'store', false).map(s => s.options.bench)).toEqual([false, false])
  })
  it('persistence metrics: sizes deterministic, times sampled', () => {
    const m = persistenceMetrics([{ format: 'json', bytes: 10, writeMs: [1, 2], readMs: [3] }, { format: 'structuredClone', writeMs: [4], readMs: [] }], 'p', 'b')
    expect(m.map(s => s.name)).toEqual(['p.json.bytes', 'p.json.write', 'p.json.read', 'p.structuredClone.roundTrip'])
    expect(m[0]!.options).toMatchObject({ kind: 'deterministic', bench: 'b' })
    expect(m[1]!.options.kind).toBe('timing')
  })
})
