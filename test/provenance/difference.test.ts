// Differences and ratios near zero (overheads) are judged by their change in their own unit. The case:
// executor.overhead.blocks went 0.227 → −0.063 and was shown as "−128.0% better".
import { Chalk } from 'chalk'
import { describe, expect, it } from 'vitest'
import { compareBaselines } from '../../src/compare/index.ts'
import { annotation } from '../../src/gate/index.ts'
import { render } from '../../src/report/index.ts'
import { baseline, entry, metric } from '../gate/factory.ts'

const overhead = (v: number, kind: 'difference' | 'timing' = 'difference') => baseline([entry('executor', [], { 'executor.overhead': metric(kind, [v], { unit: 'ratio', better: 'lower' }) })])
/** The same figure from several process runs (rounds) per side. */
const overhead2 = (values: number[]) => baseline([entry('executor', [], { 'executor.overhead': metric('difference', values, { unit: 'ratio', better: 'lower' }) })])

describe("metric kind 'difference'", () => {
  it('shows 0.227 → −0.063 as a change of −0.29 in its unit, never as −128%', () => {
    const row = compareBaselines(overhead(0.227), overhead(-0.063)).rows.find(r => r.metric === 'executor.overhead')!
    expect(row).toMatchObject({ kind: 'difference', changePct: null, verdict: 'improved', method: 'tolerance' })
    expect(row.delta).toBeCloseTo(-0.29, 10)
    const table = render(compareBaselines(overhead(0.227), overhead(-0.063)), 'table', {}, new Chalk({ level: 0 }))
    expect(table).toMatch(/executor\.overhead\s+0\.227 ratio\s+-0\.063 ratio\s+-0\.29 ratio/)
    expect(table).not.toMatch(/%/)
  })

  it('a change within the absolute tolerance (default 0.05 in its unit) is unchanged, whatever its percent', () => {
    // 0.01 → 0.04 is +300%, and three hundredths of a ratio
    expect(compareBaselines(overhead(0.01), overhead(0.04)).rows[0]).toMatchObject({ verdict: 'unchanged', changePct: null })
    const worse = compareBaselines(overhead(0.01), overhead(0.2)).rows[0]!
    expect(worse.verdict).toBe('regressed')
    expect(annotation(worse)).toMatch(/executor\.overhead \+0\.19 ratio/)
    // a tolerance recorded with the metric is absolute for this kind; so is one in the compare options
    expect(compareBaselines(overhead(0.01), overhead(0.2), { policies: { difference: { absTol: 0.5 } } }).rows[0]!.verdict).toBe('unchanged')
    // with rounds on both sides the tolerance gates
    expect(compareBaselines(overhead2([0.01, 0.02]), overhead2([0.2, 0.21])).rows[0]).toMatchObject({ verdict: 'regressed', gating: true })
    expect(compareBaselines(overhead2([0.01, 0.02]), overhead2([0.03, 0.04])).rows[0]).toMatchObject({ verdict: 'unchanged', gating: true })
  })

  it('like timing, it is shown but not gated when the environments differ', () => {
    const other = overhead(0.5)
    other.run.env.cpuModel = 'another CPU'
    const row = compareBaselines(overhead(0.01), other).rows[0]!
    expect(row).toMatchObject({ verdict: 'regressed', gating: false })
  })

  it('a time difference from one process per side is shown but not gated; from rounds on both sides it gates', () => {
    // npm run bench twice on unchanged code: batch.checkpoint_ms_per_task 1.22 → 1.29 ms was a gating "regression"
    const perTask = (values: number[]) => baseline([entry('batch', [], { 'batch.checkpoint_ms_per_task': metric('difference', values, { unit: 'ms', better: 'lower' }) })])
    const single = compareBaselines(perTask([1.22]), perTask([1.29])).rows[0]!
    expect(single).toMatchObject({ verdict: 'regressed', gating: false, tentative: true, judgedOn: 'not gated: one process per side' })
    expect(compareBaselines(perTask([1.22, 1.21]), perTask([1.29, 1.3])).rows[0]).toMatchObject({ verdict: 'regressed', gating: true })
  })

  it('a ratio of two measurements (an overhead ratio) from one process per side is not gated either', () => {
    // A/A of npm run bench on unchanged code: batch.checkpoint_overhead_ratio 2.05 → 4.18, pool.overhead_ratio −0.02 → +0.08
    const ratio = (v: number) => baseline([entry('batch', [], { 'batch.checkpoint_overhead_ratio': metric('difference', [v], { unit: 'ratio', better: 'lower' }) })])
    const row = compareBaselines(ratio(2.05), ratio(4.18)).rows[0]!
    expect(row).toMatchObject({ verdict: 'regressed', gating: false, tentative: true, judgedOn: 'not gated: one process per side' })
    expect(row.note).toMatch(/difference of measurements from one process per side/)
    expect(compareBaselines(ratio(2.05), ratio(4.18)).rows.filter(r => r.gating && r.verdict === 'regressed')).toEqual([])
  })

  it('the same figures as timing read as a percent: why overheads must not be recorded as timing', () => {
    expect(compareBaselines(overhead(0.227, 'timing'), overhead(-0.063, 'timing')).rows[0]!.changePct).toBeCloseTo(-127.75, 1)
  })
})
