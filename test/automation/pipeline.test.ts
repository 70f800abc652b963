import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { FatalError, openCheckpointStore, PipelineDefinitionError, RetryableError, runPipeline, topologicalOrder, validatePipeline, type Stage } from '../../src/automation/index.ts'

const wait = (ms: number) => new Promise(r => setTimeout(r, ms))
const stage = (deps: string[], run: Stage['run'] = () => null): Stage => ({ deps, run })

describe('pipeline validation', () => {
  it('names the unknown stage, the cycle and other faults', () => {
    expect(() => validatePipeline({ a: stage([]), train: stage(['datset']) })).toThrow("stage 'train' depends on unknown stage 'datset' (stages: a, train)")
    expect(() => validatePipeline({ a: stage(['c']), b: stage(['a']), c: stage(['b']), d: stage([]) }))
      .toThrow(/dependency cycle: a → c → b → a/)
    expect(() => validatePipeline({ self: stage(['self']) })).toThrow(/cycle: self → self/)
    expect(() => validatePipeline({ a: stage([]), b: stage(['a', 'a']) })).toThrow("stage 'b' lists dependency 'a' twice")
    expect(() => validatePipeline({})).toThrow(/no stages/)
    expect(() => validatePipeline({ a: { deps: 'b' } as never })).toThrow("stage 'a': deps must be an array")
    expect(() => validatePipeline({ a: { deps: [1] } as never })).toThrow("stage 'a': deps must be stage names")
    expect(() => validatePipeline({ a: { deps: [] } as never })).toThrow("stage 'a': run must be a function")
    try { validatePipeline({ x: stage(['y']) }); expect.unreachable() } catch (e) {
      expect(e).toBeInstanceOf(PipelineDefinitionError)
      expect((e as PipelineDefinitionError).stage).toBe('x')
    }
  })

  it('orders stages so each comes after its dependencies', () => {
    const order = topologicalOrder({ score: { deps: ['vote'] }, vote: { deps: ['a', 'b'] }, a: { deps: ['data'] }, b: { deps: ['data'] }, data: {} })
    expect(order).toEqual(['data', 'a', 'b', 'vote', 'score'])
  })
})

describe('runPipeline', () => {
  it('passes outputs to dependants and runs independent stages in parallel', async () => {
    const spans: Record<string, [number, number]> = {}
    const timed = (name: string, fn: Stage['run']): Stage['run'] => async (inputs, ctx) => {
      const t0 = performance.now(); await wait(30); const out = await fn(inputs, ctx); spans[name] = [t0, performance.now()]; return out
    }
    const r = await runPipeline({
      data: stage([], timed('data', () => [1, 2, 3, 4])),
      sum: stage(['data'], timed('sum', ({ data }) => (data as number[]).reduce((a, b) => a + b, 0))),
      max: stage(['data'], timed('max', ({ data }) => Math.max(...(data as number[])))),
      report: stage(['sum', 'max'], ({ sum, max }, ctx) => `${ctx.stage}: sum=${sum} max=${max}`),
    })
    expect(r.status).toBe('done')
    expect(r.outputs.report).toBe('report: sum=10 max=4')
    expect(r.order).toEqual(['data', 'sum', 'max', 'report'])
    // sum and max overlap in time; both start after data ends.
    expect(spans.sum![0]).toBeLessThan(spans.max![1]); expect(spans.max![0]).toBeLessThan(spans.sum![1])
    expect(spans.sum![0]).toBeGreaterThanOrEqual(spans.data![1] - 1)
  })

  it("under 'continue' a failing stage stops its dependants but not the independent branches", async () => {
    const ran: string[] = []
    const mk = (deps: string[], fail = false): Stage => ({ deps, run: async (_i, { stage: s }) => { ran.push(s); await wait(5); if (fail) throw new FatalError(`${s} broke`); return s } })
    const r = await runPipeline({
      data: mk([]), trainA: mk(['data'], true), voteA: mk(['trainA']), scoreA: mk(['voteA']),
      trainB: mk(['data']), voteB: mk(['trainB']), both: mk(['voteA', 'voteB']),
    }, { policy: 'continue' })
    expect(r.status).toBe('failed')
    expect(r.stages.trainA).toMatchObject({ status: 'failed', error: { message: 'trainA broke' } })
    expect(r.stages.voteA).toMatchObject({ status: 'skipped', blockedBy: 'trainA' })
    expect(r.stages.scoreA).toMatchObject({ status: 'skipped', blockedBy: 'trainA' })
    expect(r.stages.both).toMatchObject({ status: 'skipped', blockedBy: 'trainA' })
    expect(r.stages.voteB!.status).toBe('done')
    expect(ran.sort()).toEqual(['data', 'trainA', 'trainB', 'voteB'])
  })

  it("under 'stop' the first failure cancels running stages and starts nothing more", async () => {
    const ran: string[] = []
    let slowSignal: AbortSignal | undefined
    const r = await runPipeline({
      fails: stage([], async () => { ran.push('fails'); await wait(2); throw new FatalError('boom') }),
      slow: stage([], async (_i, { signal }) => { ran.push('slow'); slowSignal = signal; await new Promise((_, rej) => signal.addEventListener('abort', () => rej(signal.reason))) }),
      after: stage(['slow'], () => { ran.push('after') }),
    })
    expect(r.status).toBe('failed')
    expect(r.stages.fails!.status).toBe('failed')
    expect(r.stages.slow!.status).toBe('cancelled')
    expect(r.stages.after!.status).toBe('cancelled')
    expect(slowSignal!.aborted).toBe(true)
    expect(ran).toEqual(['fails', 'slow'])
  })

  it('retries stages through the pool and reports attempts', async () => {
    let n = 0
    const r = await runPipeline({ flaky: stage([], () => { if (++n < 3) throw new RetryableError('429'); return n }) }, { pool: { retry: { maxAttempts: 3, baseDelayMs: 1 } } })
    expect(r.stages.flaky).toMatchObject({ status: 'done', output: 3, attempts: 3 })
    await expect(runPipeline({ a: stage([]) }, { policy: 'sometimes' as never })).rejects.toThrow(/policy must be 'stop' or 'continue'/)
  })

  it('with checkpoints, a rerun restores finished stages and reruns the failed ones', async () => {
    const store = openCheckpointStore(':memory:')
    const calls: string[] = []
    let broken = true
    const spec = {
      data: stage([], () => { calls.push('data'); return [1, 2] }),
      train: stage(['data'], ({ data }) => { calls.push('train'); if (broken) throw new FatalError('oom'); return (data as number[]).length }),
      side: stage([], () => { calls.push('side'); return 's' }),
    }
    const first = await runPipeline(spec, { policy: 'continue', checkpoint: { store, runId: 'p1' } })
    expect(first.status).toBe('failed')
    expect(store.getRun('p1')!.status).toBe('failed')
    broken = false
    const second = await runPipeline(spec, { checkpoint: { store, runId: 'p1' } })
    expect(second.status).toBe('done')
    expect(second.stages.data!.status).toBe('restored')
    expect(second.stages.train).toMatchObject({ status: 'done', output: 2 })
    expect(calls).toEqual(['data', 'side', 'train', 'train'])
    const bad = await runPipeline({ fn: stage([], () => () => 1), after: stage(['fn']) }, { checkpoint: { store, runId: 'p2' } })
    expect(bad.stages.fn).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/output of 'fn' is not JSON-serializable/) } })
    expect(bad.stages.after!.status).toBe('cancelled')
    await expect(runPipeline({ other: stage([]) }, { checkpoint: { store, runId: 'p1' } })).rejects.toThrow(/different set of stages \(stage 'data' differs\)/)
    store.createRun('b', 'batch', {}, [])
    await expect(runPipeline(spec, { checkpoint: { store, runId: 'b' } })).rejects.toThrow(/is a batch, not a pipeline/)
    store.close()
  })

  it('a caller abort cancels the pipeline', async () => {
    const ctrl = new AbortController()
    const r = await runPipeline({
      a: stage([], async (_i, { signal }) => { setTimeout(() => ctrl.abort(new Error('user')), 1); await new Promise((_, rej) => signal.addEventListener('abort', () => rej(signal.reason))) }),
      b: stage(['a']),
    }, { hooks: { signal: ctrl.signal } })
    expect(r.status).toBe('cancelled')
    expect(r.stages.a!.status).toBe('cancelled')
  })
})

describe('pipeline properties', () => {
  // Random DAGs: stage i may depend only on stages < i, so the graph is acyclic by construction.
  const dagArb = fc.integer({ min: 1, max: 9 }).chain(n => fc.tuple(
    fc.tuple(...Array.from({ length: n }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j)))),
    fc.subarray(Array.from({ length: n }, (_, i) => i)),
  ))

  it("every stage runs once, after its deps; under 'continue' exactly the downstream of failures is skipped", async () => {
    await fc.assert(fc.asyncProperty(dagArb, async ([deps, failing]) => {
      const names = deps.map((_, i) => `s${i}`)
      const finished: string[] = []
      const spec = Object.fromEntries(deps.map((ds, i) => [names[i]!, {
        deps: ds.map(j => names[j]!),
        run: async (inputs: Record<string, unknown>) => {
          for (const j of ds) expect(finished).toContain(names[j])
          expect(Object.keys(inputs).sort()).toEqual(ds.map(j => names[j]!).sort())
          await Promise.resolve()
          finished.push(names[i]!)
          if (failing.includes(i)) throw new FatalError(`s${i}`)
          return i
        },
      }]))
      const r = await runPipeline(spec, { policy: 'continue' })
      // Expected: a stage is skipped iff some dependency failed or was skipped.
      const expected = new Map<string, string>()
      deps.forEach((ds, i) => {
        const blocked = ds.some(j => expected.get(names[j]!) !== 'done')
        expected.set(names[i]!, blocked ? 'skipped' : failing.includes(i) ? 'failed' : 'done')
      })
      for (const n of names) expect(r.stages[n]!.status).toBe(expected.get(n))
      expect(new Set(finished).size).toBe(finished.length)
      expect(finished.length).toBe([...expected.values()].filter(s => s !== 'skipped').length)
    }), { numRuns: 60 })
  })

  it('any back edge added to a DAG is reported as a cycle through that edge', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 8 }), fc.nat(), fc.nat(), (n, a, b) => {
      const lo = a % (n - 1), hi = lo + 1 + (b % (n - 1 - lo))
      // A chain s0 ← s1 ← … plus the back edge s_lo depends on s_hi.
      const spec: Record<string, Stage> = {}
      for (let i = 0; i < n; i++) spec[`s${i}`] = stage(i ? [`s${i - 1}`] : [])
      spec[`s${lo}`] = stage([...(lo ? [`s${lo - 1}`] : []), `s${hi}`])
      expect(() => validatePipeline(spec)).toThrow(new RegExp(`cycle: .*s${lo}.*s${hi}|cycle: .*s${hi}.*s${lo}`))
    }))
  })
})
