import { afterAll, describe, expect, it } from 'vitest'
import { loadDataset } from '../../src/datasets/index.ts'
import { ensemble, createModel, chooseExecution, closeFitPool, FitPool, toColumns, BREAK_EVEN_MS, type ModelSpec } from '../../src/ensemble/index.ts'

const wine = loadDataset('wine')
const forest = (i: number, params: Record<string, number | string> = { nEstimators: 3 }): ModelSpec => ({ type: 'random-forest', task: 'classification', name: `rf${i}`, seed: i, params })

afterAll(() => closeFitPool())

describe('tree members fitted in worker threads', () => {
  it('fit in the pool on shared columns, trees handed back: the same predictions as in-process', async () => {
    const run = async (parallel: 'workers' | 'in-process') => {
      const ens = ensemble({ members: [0, 1, 2].map(i => createModel(forest(i))).concat(createModel({ type: 'decision-tree', task: 'classification' })), task: 'classification', concurrency: 2, parallel, vote: 'soft' })
      const fit = await ens.fit(wine.X, wine.y)
      return { fit, pred: await ens.predict(wine.X) }
    }
    const w = await run('workers'), p = await run('in-process')
    expect(w.fit.execution).toEqual({ mode: 'workers', reason: 'workers requested', members: 4 })
    expect(p.fit.execution?.mode).toBe('in-process')
    expect(w.pred.memberProba).toEqual(p.pred.memberProba)
    expect(w.pred.prediction).toEqual(p.pred.prediction)
  })

  it('a fit that overruns its timeout is reported, its thread ended, and the pool goes on', async () => {
    const bc = loadDataset('breast-cancer')
    const ens = ensemble({ members: [createModel(forest(1, { nEstimators: 20_000 })), createModel(forest(2, { nEstimators: 1 }))], task: 'classification', parallel: 'workers', timeoutMs: 2000, concurrency: 2 })
    const fit = await ens.fit(bc.X, bc.y)
    expect(fit.failures).toEqual([{ name: 'rf1', phase: 'fit', reason: 'timeout', message: 'rf1: fit exceeded 2000 ms' }])
    expect(fit.members).toEqual(['rf2'])
    const again = ensemble({ members: [createModel(forest(3)), createModel(forest(4))], task: 'classification', parallel: 'workers', concurrency: 2 })
    expect((await again.fit(wine.X, wine.y)).failures).toEqual([])
  })

  it("'auto' chooses in-process by itself and says why", async () => {
    const specs = [forest(1), forest(2)]
    expect(await chooseExecution({ parallel: 'auto', specs: specs.slice(0, 1), n: 500, d: 10, concurrency: 2 })).toMatchObject({ mode: 'in-process', reason: '1 tree member: nothing to fit side by side' })
    expect((await chooseExecution({ parallel: 'auto', specs, n: 500, d: 10, concurrency: 1 })).reason).toMatch(/^concurrency 1 on \d+ core\(s\): no second thread/)
    const small = await chooseExecution({ parallel: 'auto', specs, n: 100, d: 4, concurrency: 2 })
    expect(small).toMatchObject({ mode: 'in-process' })
    expect(small.reason).toMatch(new RegExp(`estimated fit [\\d.]+ ms per tree member is below the ${BREAK_EVEN_MS} ms break-even`))
    // large enough to pass the estimate: the decision then rests on the probe of a second core, whichever way it goes
    const big = await chooseExecution({ parallel: 'auto', specs: [forest(1, { nEstimators: 500 }), forest(2, { nEstimators: 500 })], n: 5000, d: 50, concurrency: 2 })
    expect(big.estimatedMs).toBeGreaterThan(BREAK_EVEN_MS)
    expect(big.probeSpeedup).toBeGreaterThan(0)
    expect(big.reason).toMatch(big.mode === 'workers' ? /break-even; probe [\d.]+× on 2 cores/ : /a second core is not free: two probe jobs at once ran [\d.]+× faster/)
    // the fit report carries it
    const ens = ensemble({ members: [createModel(forest(1, { nEstimators: 1 })), createModel(forest(2, { nEstimators: 1 })), createModel({ type: 'knn', task: 'classification' })], task: 'classification', concurrency: 2 })
    expect((await ens.fit(wine.X, wine.y)).execution).toMatchObject({ mode: 'in-process', members: 2 })
  })

  it('a pool that is closed rejects what it still had; a model that is not a tree is refused in the worker', async () => {
    const pool = new FitPool(1)
    const cols = toColumns(wine.X, { shared: true })
    await expect(pool.fit({ type: 'knn', task: 'classification' }, cols, wine.y)).rejects.toThrow(/knn: not a tree model/)
    const pending = expect(pool.fit(forest(1, { nEstimators: 2000 }), cols, wine.y)).rejects.toThrow(/fit pool closed/)
    await pool.close()
    await pending
  })
})
