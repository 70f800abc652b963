import { describe, expect, it } from 'vitest'
import type { BenchFnOptions, BenchRunOptions, TestContext } from 'vitest'
import { createMemoryFixture } from '../../src/memory/fixture.ts'

// The fixture's glue, driven outside a bench file: `bench` here is a small real runner with vitest's
// registration shape (bench(name, opts, fn).run(opts)), since vitest's own only exists in benchmark files.
function loopBench(log: { name: string; opts: BenchFnOptions; run?: BenchRunOptions }[]) {
  return ((name: string, opts: BenchFnOptions, fn: () => unknown) => ({
    name,
    run: async (run?: BenchRunOptions) => {
      log.push({ name, opts, ...(run ? { run } : {}) })
      const n = run?.iterations ?? 100
      const t0 = performance.now()
      for (let i = 0; i < n; i++) { if (opts.async) await fn(); else fn() }
      return { name, latency: { mean: (performance.now() - t0) / n } }
    },
  })) as unknown as TestContext['bench']
}

describe('memory fixture glue', () => {
  it('runs the bench with async set from the cold call, records metrics and warns once', async ({ task, annotate }) => {
    const log: { name: string; opts: BenchFnOptions; run?: BenchRunOptions }[] = []
    const notes: string[] = []
    const memory = createMemoryFixture({ bench: loopBench(log), task, annotate: (async (m: string, t?: string) => { notes.push(`${t}:${m}`); return annotate(m, t ?? 'notice') }) as TestContext['annotate'] })
    const { result, memory: rep } = await memory('alloc', () => new Array(32).fill(1), { run: { iterations: 500 }, allocTime: 10, allocChunks: 2 })
    expect(log[0]).toMatchObject({ name: 'alloc', opts: { async: false }, run: { iterations: 500 } })
    expect(result.latency.mean).toBeGreaterThan(0)
    expect(rep.allocation!.bytesPerIteration).toHaveLength(2)
    await memory('async', async () => 1, { run: { iterations: 10 }, allocTime: 0, record: false })
    expect(log[1]!.opts.async).toBe(true)
    expect(memory.gcForced).toBe(typeof (globalThis as { gc?: unknown }).gc === 'function')
    const leak = await memory.leak('leak', () => 1, { iterations: 20, samples: 4 })
    expect(leak.verdict).toBe(memory.gcForced ? 'no-leak' : 'unavailable')
    const costs = await memory.persistence({ a: [1, 2, 3] }, { iterations: 3, formats: ['json'], bench: 'alloc' })
    expect(costs[0]!.bytes).toBe(13)
    const names = (task.artifacts ?? []).filter(a => a.type === 'swarmbench:metric').map(a => (a as unknown as { metric: { name: string } }).metric.name)
    expect(names).toEqual(expect.arrayContaining(['mem.alloc.perCall', 'mem.heap.peak', 'persist.json.bytes', 'persist.json.write']))
    if (memory.gcForced) expect(names).toContain('leak.leak.bytesPerIteration')
    // Each distinct warning is annotated once per test, however many measurements raise it.
    expect(new Set(notes).size).toBe(notes.length)
  })
})
