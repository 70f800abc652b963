import { describe, expect, it } from 'vitest'
import { compareBaselines, CompareOptionsSchema, matchId, noiseKey, parseCompareOptions } from './index.ts'
import { createRng } from '../random/index.ts'
import { BaselineSchema } from '../schema/baseline.ts'
import { baseline, entry, metric, noisy } from '../../test/gate/factory.ts'
import { noiseFrom } from '../../test/helpers/noise.ts'

const rng = () => createRng(7)

/** `rounds` rounds of `n` samples each around `centre`, with between-round offsets of ~1%. */
function rounds(r: ReturnType<typeof createRng>, count: number, n: number, centre: number): number[][] {
  return Array.from({ length: count }, () => noisy(r, n, centre * (1 + 0.01 * r.normal()), 0.03))
}

describe('compareBaselines', () => {
  it('produces schema-valid fixtures', () => {
    const r = rng()
    expect(BaselineSchema.safeParse(baseline([entry('a', rounds(r, 2, 20, 1))])).success).toBe(true)
  })

  it('finds a 2× slowdown with 6 rounds per side and calls identical code unchanged', () => {
    const r = rng()
    const base = baseline([entry('slow', rounds(r, 6, 50, 1)), entry('same', rounds(r, 6, 50, 1))])
    const head = baseline([entry('slow', rounds(r, 6, 50, 2)), entry('same', rounds(r, 6, 50, 1))])
    const c = compareBaselines(base, head)
    const slow = c.rows.find(x => x.id === 'slow')!
    expect(slow.verdict).toBe('regressed')
    expect(slow.method).toBe('rounds')
    expect(slow.ciPct![0]).toBeGreaterThan(2)
    expect(slow.changePct!).toBeGreaterThan(80)
    expect(slow.pAdjusted!).toBeLessThanOrEqual(0.05)
    expect(slow.mdePct!).toBeGreaterThan(2)
    expect(c.rows.find(x => x.id === 'same')!.verdict).toBe('unchanged')
    expect(c.summary.regressed).toBe(1)
    expect(c.environment).toEqual({ mismatches: [], timingGated: true })
  })

  it('reports an improvement when head is faster', () => {
    const r = rng()
    const c = compareBaselines(baseline([entry('a', rounds(r, 6, 30, 2))]), baseline([entry('a', rounds(r, 6, 30, 1))]))
    expect(c.rows[0]!.verdict).toBe('improved')
  })

  it('does not gate timing from one process per side: shows the change with "~" and the command for a verdict', () => {
    const r = rng()
    const c = compareBaselines(baseline([entry('a', [noisy(r, 200, 1, 0.01)]), entry('b', [noisy(r, 200, 1, 0.01)])]), baseline([entry('a', [noisy(r, 200, 2, 0.01)]), entry('b', [noisy(r, 200, 1.1, 0.01)])]))
    const [a, b] = c.rows
    // A 2× slowdown of one process is shown, not judged: between-process noise is unknown.
    expect(a).toMatchObject({ verdict: 'regressed', tentative: true, gating: false, judgedOn: 'not gated: one process per side' })
    expect(a!.changePct!).toBeGreaterThan(80)
    expect(a!.p).toBeUndefined()
    expect(a!.note).toMatch(/^not gated: between-process noise unknown \(one process per side, no history\); for a verdict run `swarmbench gate --base <ref>`/)
    // within the single-run threshold: not even listed as a change
    expect(b).toMatchObject({ verdict: 'unchanged', tentative: true, gating: false })
    expect(c.warnings.join('\n')).toMatch(/2 timing row\(s\) not gated: one process per side cannot measure between-process noise \(no history was read\)/)
    // Non-timing rows of the same runs keep gating.
    const m = compareBaselines(baseline([entry('a', [noisy(r, 200, 1, 0.01)], { tokens: metric('deterministic', [10]) })]), baseline([entry('a', [noisy(r, 200, 2, 0.01)], { tokens: metric('deterministic', [11]) })]))
    expect(m.rows.find(x => x.metric === 'tokens')).toMatchObject({ verdict: 'regressed', gating: true, judgedOn: 'exact figures' })
  })

  it('judges a single run by the history once it holds minRuns earlier runs (prediction test on logs)', () => {
    const r = rng()
    // Earlier single-process runs: per-run medians scattered ~3% between processes.
    const earlier = Array.from({ length: 12 }, () => baseline([entry('a', [noisy(r, 100, 1 + 0.03 * r.normal(), 0.01)])]))
    const base = earlier[0]!
    const history = noiseFrom(earlier)
    const slow = compareBaselines(base, baseline([entry('a', [noisy(r, 100, 1.5, 0.01)])]), {}, { history })
    expect(slow.rows[0]).toMatchObject({ verdict: 'regressed', gating: true, method: 'history', n: { base: 12, head: 1 }, judgedOn: 'history: 12 earlier single-process runs' })
    expect(slow.rows[0]!.pAdjusted!).toBeLessThan(0.01)
    expect(slow.rows[0]!.note).toMatch(/^\+\d+(\.\d+)?% from the history's mean \(between-run sd \d+(\.\d+)?%\): this run's median against the mean of 12 earlier single-process runs \(test runs\); prediction test/)
    expect(slow.warnings.join('\n')).not.toMatch(/not gated/)
    // A run like the earlier ones is unchanged.
    const same = compareBaselines(base, baseline([entry('a', [noisy(r, 100, 1.01, 0.01)])]), {}, { history })
    expect(same.rows[0]).toMatchObject({ verdict: 'unchanged', gating: true, method: 'history' })
    // Too few runs: not gated, and it says how many there are.
    const few = compareBaselines(base, baseline([entry('a', [noisy(r, 100, 1.5, 0.01)])]), {}, { history: noiseFrom(earlier.slice(0, 9)) })
    expect(few.rows[0]).toMatchObject({ verdict: 'regressed', tentative: true, gating: false })
    expect(few.rows[0]!.note).toMatch(/9 of 10 earlier runs in the history/)
    expect(few.warnings.join('\n')).toMatch(/the history holds 9 of the 10 earlier single-process runs needed/)
    // minRuns is an option.
    expect(compareBaselines(base, baseline([entry('a', [noisy(r, 100, 1.5, 0.01)])]), { history: { minRuns: 5 } }, { history: noiseFrom(earlier.slice(0, 9)) }).rows[0]!.verdict).toBe('regressed')
    // The head is summarised as the history was (the default reads each run's minimum).
    expect(parseCompareOptions({}).history.summary).toBe('min')
    const onMin = compareBaselines(base, baseline([entry('a', [noisy(r, 100, 1.5, 0.01)])]), {}, { history: noiseFrom(earlier, 'min') })
    expect(onMin.rows[0]!.note).toMatch(/^\+\d.*: this run's min against the mean of 12/)
  })

  it('judges rounds from 2 per side (moderated t), gives no rank-test verdict below 4 samples, warns below 10', () => {
    const r = rng()
    const c = compareBaselines(baseline([entry('a', rounds(r, 2, 10, 1))]), baseline([entry('a', rounds(r, 2, 10, 3))]))
    expect(c.rows[0]!).toMatchObject({ verdict: 'regressed', method: 'rounds' })
    expect(c.rows[0]!.judgedOn).toMatch(/^2 vs 2 rounds, moderated t \(2 df\)$/)
    const mem = (v: number[]) => ({ heap: metric('deterministic', [v[0]!], { samples: [v] }) }) // per-trial samples: rank-tested as they are
    const small = compareBaselines(baseline([entry('a', [], mem([1, 1.01, 0.99]))]), baseline([entry('a', [], mem([3, 3.01, 2.99]))]))
    expect(small.rows[0]!.verdict).toBe('inconclusive')
    expect(small.rows[0]!.note).toMatch(/n too small/)
    const c2 = compareBaselines(baseline([entry('a', rounds(r, 5, 10, 1))]), baseline([entry('a', rounds(r, 5, 10, 3))]))
    expect(c2.rows[0]!.note).toMatch(/low power/)
    expect(c2.warnings.join('\n')).toMatch(/fewer than 10/)
    const one = compareBaselines(baseline([entry('a', [[1]])]), baseline([entry('a', [[2]])]))
    expect(one.rows[0]!.verdict).toBe('inconclusive')
  })

  it('calls a rank test that cannot reach significance inconclusive, not unchanged (fail closed)', () => {
    const r = rng()
    // Per-trial samples (independent agent runs), 4 per side: the smallest exact p is 2/70 ≈ 0.029, ×3 under Holm > 0.05.
    const ids = ['a', 'b', 'c']
    const mem = (c: number) => ({ heap: metric('deterministic', [c], { samples: [noisy(r, 4, c, 0.01)] }) })
    const c = compareBaselines(baseline(ids.map(id => entry(id, [], mem(1e6)))), baseline(ids.map(id => entry(id, [], mem(2e6)))))
    expect(c.rows.every(x => x.verdict === 'inconclusive')).toBe(true)
    expect(c.rows[0]!.note).toMatch(/smallest attainable p after correction over 3 test\(s\) is 0\.086 > α = 0\.05: add rounds/)
    expect(c.warnings.join('\n')).toMatch(/cannot reach significance/)
    // BH does not multiply the smallest p by m when all are small, so there the same data is judged.
    expect(compareBaselines(baseline(ids.map(id => entry(id, [], mem(1e6)))), baseline(ids.map(id => entry(id, [], mem(2e6)))), { correction: 'bh' }).summary.regressed).toBe(3)
  })

  it('judges rounds by the moderated t: no floor, so 4 rounds per side reach a verdict in a family of 3 (and of 300)', () => {
    const r = rng()
    const ids = Array.from({ length: 300 }, (_, i) => `b${String(i).padStart(3, '0')}`)
    const base = baseline(ids.map(id => entry(id, rounds(r, 4, 20, 1))))
    const head = baseline(ids.map((id, i) => entry(id, rounds(r, 4, 20, i < 3 ? 2 : 1))))
    const c = compareBaselines(base, head)
    expect(c.rows.slice(0, 3).map(x => x.verdict)).toEqual(['regressed', 'regressed', 'regressed'])
    expect(c.rows[0]!.judgedOn).toMatch(/^4 vs 4 rounds, moderated t \(\d+(\.\d)? df, variance pooled over 300 rows\)$/)
    expect(c.rows[0]!.pAdjusted!).toBeLessThan(1e-6)
    expect(c.summary.regressed).toBe(3)
    expect(c.rows.filter(x => x.verdict === 'inconclusive')).toHaveLength(0)
  })

  it('marks new and missing entries and metrics', () => {
    const r = rng()
    const base = baseline([entry('gone', rounds(r, 2, 5, 1)), entry('both', [], { tokens: metric('deterministic', [10]), old: metric('quality', [0.5]) })])
    const head = baseline([entry('fresh', rounds(r, 2, 5, 1)), entry('both', [], { tokens: metric('deterministic', [10]), added: metric('info', [3]) })])
    const c = compareBaselines(base, head)
    const v = Object.fromEntries(c.rows.map(x => [`${x.id}/${x.metric}`, x.verdict]))
    expect(v).toEqual({ 'gone/latency': 'missing', 'fresh/latency': 'new', 'both/tokens': 'unchanged', 'both/old': 'missing', 'both/added': 'new' })
    expect(c.rows.find(x => x.metric === 'added')!.gating).toBe(false)
    expect(c.rows.find(x => x.id === 'gone')!.base).toBeCloseTo(1, 1)
  })

  it('applies deterministic tolerances and honours the better direction', () => {
    const b = baseline([entry('t', [], { tokens: metric('deterministic', [1000]), hits: metric('deterministic', [50], { better: 'higher' }) })])
    const h = baseline([entry('t', [], { tokens: metric('deterministic', [1010]), hits: metric('deterministic', [55], { better: 'higher' }) })])
    const exact = compareBaselines(b, h)
    expect(exact.rows.find(x => x.metric === 'tokens')!.verdict).toBe('regressed')
    expect(exact.rows.find(x => x.metric === 'hits')!.verdict).toBe('improved')
    const tolerant = compareBaselines(b, h, { policies: { deterministic: { relTol: 0.02 } } })
    expect(tolerant.rows.find(x => x.metric === 'tokens')!.verdict).toBe('unchanged')
    const abs = compareBaselines(b, h, { overrides: [{ match: 't', metric: 'tokens', deterministic: { absTol: 10 } }] })
    expect(abs.rows.find(x => x.metric === 'tokens')!.verdict).toBe('unchanged')
    expect(abs.rows.find(x => x.metric === 'tokens')!.note).toMatch(/within tolerance/)
  })

  it('compares quality in points', () => {
    const b = baseline([entry('q', [], { acc: metric('quality', [0.9], { unit: 'ratio', better: 'higher' }), f1: metric('quality', [80], { unit: '%', better: 'higher' }) })])
    const h = baseline([entry('q', [], { acc: metric('quality', [0.885], { unit: 'ratio', better: 'higher' }), f1: metric('quality', [78], { unit: '%', better: 'higher' }) })])
    const c = compareBaselines(b, h)
    expect(c.rows.find(x => x.metric === 'acc')!.verdict).toBe('regressed') // −1.5 points
    expect(c.rows.find(x => x.metric === 'f1')!.verdict).toBe('regressed') // −2 points
    const lax = compareBaselines(b, h, { policies: { quality: { maxDropPoints: 3 } } })
    expect(lax.rows.every(x => x.verdict === 'unchanged')).toBe(true)
    const better = compareBaselines(h, b)
    expect(better.rows.every(x => x.verdict === 'improved')).toBe(true)
  })

  it('compares sampled memory as timing (rounds or history, else shown ungated), unsampled by tolerance', () => {
    const r = rng()
    const s = (c: number) => noisy(r, 40, c, 0.01)
    const b = baseline([entry('m', [], { heap: metric('memory', [1e6], { samples: [s(1e6)] }), rss: metric('memory', [100]) })])
    const h = baseline([entry('m', [], { heap: metric('memory', [2e6], { samples: [s(2e6)] }), rss: metric('memory', [104]) })])
    const c = compareBaselines(b, h)
    // Allocation sampled in one process per side moves between processes (JIT): shown as a change, not gated.
    expect(c.rows.find(x => x.metric === 'heap')!).toMatchObject({ verdict: 'regressed', tentative: true, gating: false, judgedOn: 'not gated: one process per side' })
    // With 10 earlier single-process runs in the history, it is judged on them and gates.
    const earlier = Array.from({ length: 12 }, () => 1e6 * (1 + 0.01 * r.normal()))
    const history = { runs: 12, scope: 'test runs', summary: 'min' as const, series: new Map([[noiseKey(c.rows[0]!.id, 'heap'), earlier]]) }
    expect(compareBaselines(b, h, {}, { history }).rows.find(x => x.metric === 'heap')!).toMatchObject({ verdict: 'regressed', gating: true, method: 'history' })
    // From 2 rounds per side it is judged on the rounds.
    const twoRounds = (c0: number) => baseline([entry('m', [], { heap: metric('memory', [c0, c0], { samples: [s(c0), s(c0)] }) })])
    expect(compareBaselines(twoRounds(1e6), twoRounds(2e6)).rows[0]!).toMatchObject({ verdict: 'regressed', gating: true, method: 'rounds' })
    expect(c.rows.find(x => x.metric === 'rss')!).toMatchObject({ verdict: 'unchanged', method: 'tolerance' })
    const unsampledRounds = compareBaselines(
      baseline([entry('m', [], { rss: metric('memory', [100, 101, 99, 100, 100, 101]) })]),
      baseline([entry('m', [], { rss: metric('memory', [150, 151, 149, 150, 152, 150]) })]))
    expect(unsampledRounds.rows[0]!).toMatchObject({ verdict: 'regressed', method: 'rounds' })
  })

  it('stops gating timing when environments differ, unless asked', () => {
    const r = rng()
    const e = () => entry('a', rounds(r, 6, 20, 1), { tokens: metric('deterministic', [5, 5, 5, 5, 5, 5]), lat: metric('timing', [1, 1, 1, 1, 1, 1]) })
    const c = compareBaselines(baseline([e()]), baseline([e()], { node: 'v22.1.0', cpuModel: 'Other', moduleRunner: false }))
    expect(c.environment.mismatches).toHaveLength(3)
    expect(c.environment.timingGated).toBe(false)
    expect(c.rows.find(x => x.metric === 'latency')!.gating).toBe(false)
    expect(c.rows.find(x => x.metric === 'lat')!.gating).toBe(false)
    expect(c.rows.find(x => x.metric === 'tokens')!.gating).toBe(true)
    expect(c.warnings[0]).toMatch(/environments differ/)
    const forced = compareBaselines(baseline([e()]), baseline([e()], { os: 'darwin' }), { gateTimingOnEnvMismatch: true })
    expect(forced.environment.timingGated).toBe(true)
    expect(forced.rows.find(x => x.metric === 'latency')!.gating).toBe(true)
  })

  it('corrects for multiple comparisons (Holm is stricter than BH)', () => {
    const r = rng()
    // Twenty moderately shifted benchmarks with few rounds: raw p small, corrections differ.
    const ids = Array.from({ length: 20 }, (_, i) => `b${i}`)
    const base = baseline(ids.map(id => entry(id, rounds(r, 6, 10, 1))))
    const head = baseline(ids.map(id => entry(id, rounds(r, 6, 10, 1.2))))
    const holm = compareBaselines(base, head, { correction: 'holm' })
    const bh = compareBaselines(base, head, { correction: 'bh' })
    for (let i = 0; i < ids.length; i++) expect(bh.rows[i]!.pAdjusted!).toBeLessThanOrEqual(holm.rows[i]!.pAdjusted! + 1e-12)
    for (const row of holm.rows) expect(row.pAdjusted!).toBeGreaterThanOrEqual(row.p!)
    expect(holm.summary.regressed).toBeLessThanOrEqual(bh.summary.regressed)
  })

  it('uses per-benchmark thresholds from overrides and from the baseline', () => {
    const r = rng()
    const base = baseline([entry('x › a', rounds(r, 8, 20, 1)), entry('y', rounds(r, 8, 20, 1), {}, { latency: 0.5 })])
    const head = baseline([entry('x › a', rounds(r, 8, 20, 1.3)), entry('y', rounds(r, 8, 20, 1.3), {}, { latency: 0.5 })])
    const c = compareBaselines(base, head, { overrides: [{ match: 'x › *', threshold: 0.4 }] })
    expect(c.rows.map(x => [x.threshold, x.verdict])).toEqual([[0.4, 'unchanged'], [0.5, 'unchanged']])
    const d = compareBaselines(base, head, { overrides: [{ match: 'y', gating: false }] })
    expect(d.rows.find(x => x.id === 'y')!.gating).toBe(false)
  })

  it('is deterministic for a given seed and rejects bad options with the field name', () => {
    const r = rng()
    const base = baseline([entry('a', rounds(r, 6, 30, 1))]), head = baseline([entry('a', rounds(r, 6, 30, 1.04))])
    expect(compareBaselines(base, head)).toEqual(compareBaselines(base, head))
    expect(() => compareBaselines(base, head, { alpha: 2 })).toThrow(/alpha/)
    expect(() => compareBaselines(base, head, { policies: { quality: { maxDropPoint: 1 } } } as never)).toThrow(/policies\.quality/)
    expect(CompareOptionsSchema.parse({})).toMatchObject({ alpha: 0.05, correction: 'holm', threshold: 0.02, gateTimingOnEnvMismatch: false })
  })

  it('flags a changed metric definition instead of comparing apples and pears', () => {
    const c = compareBaselines(baseline([entry('a', [], { m: metric('deterministic', [1]) })]), baseline([entry('a', [], { m: metric('quality', [1]) })]))
    expect(c.rows[0]!).toMatchObject({ verdict: 'inconclusive', note: expect.stringMatching(/definition changed/) })
  })
})

describe('matchId', () => {
  it('matches exact ids and globs', () => {
    expect(matchId('a › b', 'a › b')).toBe(true)
    expect(matchId('a › *', 'a › b › c')).toBe(true)
    expect(matchId('a?c', 'abc')).toBe(true)
    expect(matchId('a.c', 'abc')).toBe(false)
    expect(matchId('x', 'xy')).toBe(false)
  })
})
