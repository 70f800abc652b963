// compareBaselines with a look of the adaptive gate (src/compare/sequential.ts): which rows settle, how, and
// what later looks keep.
import { describe, expect, it } from 'vitest'
import { compareBaselines, emptySequentialState, rowKey, SequentialPlanSchema, type SequentialState } from './index.ts'
import { createRng } from '../random/index.ts'
import { baseline, entry, metric, noisy } from '../../test/gate/factory.ts'
import type { Baseline } from '../schema/baseline.ts'

const plan = SequentialPlanSchema.parse({})
const rng = createRng(5)
/** `rounds` rounds of a benchmark whose between-round noise is `sd` (relative), centred at `centre`. */
const rounds = (n: number, centre: number, sd = 0.01) => Array.from({ length: n }, () => noisy(rng, 20, centre * (1 + sd * rng.normal()), 0.005))
const look = (k: number, state: SequentialState = emptySequentialState()) => ({ sequential: { plan, look: k, state } })

function pair(n: number, factor: number, extra: (side: 'b' | 'h') => Partial<Baseline['entries'][string]> = () => ({})): [Baseline, Baseline] {
  const side = (s: 'b' | 'h') => baseline([
    { ...entry('a', rounds(n, s === 'h' ? factor : 1)), ...extra(s) },
    entry('b', rounds(n, 1)),
    entry('c', rounds(n, 1)),
  ])
  return [side('b'), side('h')]
}

describe('one look of the adaptive gate', () => {
  it('quiet unchanged rows rule out a slowdown at the first look; the state says when and why', () => {
    const [b, h] = pair(2, 1)
    const c = compareBaselines(b, h, {}, look(0))
    expect(c.sequential).toMatchObject({ look: 0, looks: [2, 3, 4, 6], open: 0, settled: { efficacy: 0, futility: 3, fixed: 0 } })
    expect(c.sequential!.state.settled[rowKey({ id: 'a', metric: 'latency' })]).toMatchObject({ look: 0, why: 'futility' })
    expect(c.sequential!.efficacy).toBe('O\'Brien–Fleming-type')
    expect(c.sequential!.futility).toMatch(/Hwang–Shih–DeCani \(γ = 1\), β = 0.2, slowdown 5%/)
    for (const r of c.rows) expect(r).toMatchObject({ verdict: 'unchanged', judgedOn: expect.stringMatching(/adaptive, look 1 of 4: a slowdown of [\d.]+% or more ruled out at look 1/) })
  })

  it('a 2× slowdown is regressed at the look it crosses, and stays regressed at later looks whatever they show', () => {
    const [b, h] = pair(3, 2)
    const c = compareBaselines(b, h, {}, look(1))
    const a = c.rows.find(r => r.id === 'a')!
    expect(a.verdict).toBe('regressed')
    expect(a.judgedOn).toMatch(/regressed at look 2 \(3 rounds per side\)/)
    expect(a.pAdjusted).toBeUndefined()
    expect(a.ciPct![0]).toBeGreaterThan(2)
    const state = c.sequential!.state
    expect(state.rejected).toContain(rowKey(a))
    // later rounds that show nothing do not undo it
    const [b2, h2] = pair(4, 1)
    const later = compareBaselines(b2, h2, {}, look(2, state))
    expect(later.rows.find(r => r.id === 'a')!.verdict).toBe('regressed')
  })

  it('a 2× speed-up is improved (two-sided efficacy); a row that ruled out a slowdown can still be found regressed later (non-binding futility)', () => {
    const [b, h] = pair(3, 0.5)
    expect(compareBaselines(b, h, {}, look(1)).rows.find(r => r.id === 'a')!.verdict).toBe('improved')
    const state: SequentialState = { ...emptySequentialState(), settled: { [rowKey({ id: 'a', metric: 'latency' })]: { look: 0, why: 'futility', ruledOut: 0.05 } } }
    const [b2, h2] = pair(4, 2)
    const c = compareBaselines(b2, h2, {}, look(2, state))
    expect(c.rows.find(r => r.id === 'a')!.verdict).toBe('regressed')
    expect(c.sequential!.state.settled[rowKey({ id: 'a', metric: 'latency' })]).toMatchObject({ why: 'efficacy', look: 2 })
  })

  it('a row where higher is better rules out a drop, not a rise', () => {
    const thr = (s: 'b' | 'h') => ({ metrics: { throughput: metric('timing', [0, 1, 2].map(() => (s === 'h' ? 1.3 : 1) * (1 + 0.002 * rng.normal())), { better: 'higher', unit: 'ops/s' }) } })
    const [b, h] = pair(3, 1, thr)
    const c = compareBaselines(b, h, {}, look(1))
    const row = c.rows.find(r => r.metric === 'throughput')!
    expect(row.verdict).toBe('improved')
  })

  it('rows not judged by rounds (exact figures, rates) never ask for rounds; a rate is tested at the look\'s boundary', () => {
    const extra = (s: 'b' | 'h') => ({ metrics: {
      tokens: metric('deterministic', [100, 100]),
      success: { unit: 'ratio', better: 'higher' as const, kind: 'quality' as const, rounds: [0, 1].map(() => ({ value: s === 'h' ? 0.2 : 0.9, counts: { successes: s === 'h' ? 20 : 90, trials: 100 } })) },
    } })
    const [b, h] = pair(2, 1, extra)
    const c = compareBaselines(b, h, {}, look(0))
    expect(c.sequential!.settled.fixed).toBe(2)
    expect(c.rows.find(r => r.metric === 'success')!.verdict).toBe('regressed')
    expect(c.rows.find(r => r.metric === 'tokens')!.verdict).toBe('unchanged')
  })

  it('a rank-test row whose smallest p cannot reach the look\'s nominal level is inconclusive, not unchanged', () => {
    // per-trial samples, 4 per side: the rank test's floor is 2/70
    const mem = () => ({ metrics: { heap: metric('deterministic', [10], { unit: 'MB', samples: [[10, 11, 10.5, 10.2]] }) } })
    const one = (s: 'b' | 'h') => baseline([{ ...entry('a', rounds(2, 1)), ...mem() }, entry('b', rounds(2, 1)), entry('c', rounds(2, 1))])
    const c = compareBaselines(one('b'), one('h'), {}, look(0))
    const heap = c.rows.find(r => r.metric === 'heap')!
    expect(heap.verdict).toBe('inconclusive')
    expect(heap.note).toMatch(/above this look's nominal level .*add rounds/)
  })

  it('a row neither significant nor ruling out the slowdown is still open at the last look; the plan rejects looks that do not increase', () => {
    const one = SequentialPlanSchema.parse({ looks: [2], futility: { alternative: 'detect' } })
    // round medians 1.0, 1.1 against 1.05, 1.155: +5%, between-round sd ≈ 7%
    const side = (f: number) => baseline([entry('a', [[1 * f], [1.1 * f]]), entry('b', [[1], [1.01]]), entry('c', [[2], [2.02]])])
    const c = compareBaselines(side(1), side(1.05), {}, { sequential: { plan: one, look: 0, state: emptySequentialState() } })
    expect(c.sequential!.open).toBe(1)
    expect(c.rows.find(r => r.id === 'a')!).toMatchObject({ verdict: 'unchanged', judgedOn: expect.stringMatching(/adaptive, look 1 of 1: still open at the last look$/) })
    expect(() => SequentialPlanSchema.parse({ looks: [2, 2] })).toThrow(/looks must increase/)
  })

  it('a row whose file did not run since the last look keeps what it showed and is not tested again, yet still counts in Holm (frees no level)', () => {
    // look 1: every row rules out a slowdown (quiet, unchanged)
    const [b, h] = pair(2, 1)
    const first = compareBaselines(b, h, {}, look(0))
    const shown = first.rows.find(r => r.id === 'a')!
    expect(first.sequential!.state.shown![rowKey(shown)]).toMatchObject({ look: 0, verdict: 'unchanged' })
    // look 2: row a has the same 2 rounds, but its data now looks 2× slower (as if re-tested with other data):
    // as a row that did not run, it keeps its look-1 verdict, CI and text, and cannot be rejected
    const [, h2] = pair(2, 2)
    const frozen = compareBaselines(b, h2, {}, { sequential: { plan, look: 1, state: first.sequential!.state, notRun: ['a'] } })
    const a = frozen.rows.find(r => r.id === 'a')!
    expect(a).toMatchObject({ verdict: 'unchanged', ciPct: shown.ciPct })
    expect(a.judgedOn).toBe(`${shown.judgedOn}; not run after look 1 (2 rounds per side): no open row in its file`)
    expect(frozen.sequential!.state.rejected).toEqual([])
    expect(frozen.sequential!.openIds).toEqual([])
    // the same data, run at this look: regressed (so the frozen verdict above is the rule, not the data)
    expect(compareBaselines(b, h2, {}, { sequential: { plan, look: 1, state: first.sequential!.state } }).rows.find(r => r.id === 'a')!.verdict).toBe('regressed')
  })

  it('Holm over frozen rows: a row that did not run keeps its place in the denominator (α/m), only a rejection frees level', () => {
    // Row a at the last look of [2, 4] with p ≈ 0.020: above the nominal level at α/3 (0.0165), below it at α/2 (0.0247).
    const one = SequentialPlanSchema.parse({ looks: [2, 4] })
    const side = (f: number) => baseline([entry('a', [[1 * f], [1.02 * f], [0.99 * f], [1.01 * f]]), entry('b', [[1], [1.01], [1], [1.01]]), entry('c', [[2], [2.02], [2], [2.02]])])
    const key = (id: string) => rowKey({ id, metric: 'latency' })
    const shown = { [key('b')]: { look: 0, verdict: 'unchanged' as const }, [key('c')]: { look: 0, verdict: 'unchanged' as const } }
    const at = (state: SequentialState, notRun: string[]) => compareBaselines(side(1), side(1.025), {}, { sequential: { plan: one, look: 1, state, notRun } })
    const frozen = at({ ...emptySequentialState(), shown }, ['b', 'c'])
    expect(frozen.rows.find(r => r.id === 'a')!.p).toBeGreaterThan(0.0166)
    expect(frozen.rows.find(r => r.id === 'a')!.p).toBeLessThan(0.0247)
    expect(frozen.sequential!.state.rejected).toEqual([])
    expect(frozen.rows.find(r => r.id === 'b')!.judgedOn).toMatch(/^rounds; not run after look 1 \(2 rounds per side\): no open row in its file$/)
    // rejected rows do free their level: the same p is then rejected
    expect(at({ ...emptySequentialState(), shown, rejected: [key('b'), key('c')] }, ['b', 'c']).sequential!.state.rejected).toContain(key('a'))
  })

})
