import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type { TrendRun, TrendValue } from '../../store/trends.ts'
import { sideValues, thin } from './distributions.ts'
import { anchorId, escapeHtml, html, jsonForScript, raw } from './escape.ts'
import { markFront, parseCell, type MatrixCell } from './matrix-data.ts'
import { ecdfChart, heat, heatmap, intervalChart, paddedExtent, scale, trendChart } from './svg.ts'
import { shapeTrends } from './trends-data.ts'
import { diffOrder } from './diff-view.ts'
import { gatesLabel, markedChange, verdictLabel } from '../format.ts'
import { entry } from '../../../test/helpers/baselines.ts'
import type { ComparisonRow } from '../../compare/types.ts'

describe('escaping', () => {
  test('escapeHtml leaves no character that opens a tag, an entity or leaves an attribute', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', ' ', '/', ';', '#', 'é') }), s => {
      const e = escapeHtml(s)
      const back = e.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
      return !/[<>"']/.test(e) && !e.replace(/&(amp|lt|gt|quot|#39);/g, '').includes('&') && back === s
    }))
  })
  test('jsonForScript cannot close its block and reads back unchanged', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.string(), (v, s) => {
      const value = { v, s: `${s}</script><!--` }
      const text = jsonForScript(value)
      expect(text).not.toMatch(/[<>]/)
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)))
    }))
  })
  test('html escapes values and keeps markup built by html', () => {
    const inner = html`<b>${'<i>'}</b>`
    expect(html`<p title="${'"x"'}">${inner}${[raw('<br>'), raw('<hr>')]}${null}${undefined}${3}</p>`.markup)
      .toBe('<p title="&quot;x&quot;"><b>&lt;i&gt;</b><br><hr>3</p>')
  })
  test('anchors are safe and distinct for distinct names', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => {
      expect(anchorId('row', a)).toMatch(/^row-[0-9a-f-]*$/)
      if (a !== b) expect(anchorId('row', a)).not.toBe(anchorId('row', b))
    }))
  })
})

describe('charts', () => {
  test('scale and extent', () => {
    expect(scale(0, 10, 0, 100)(5)).toBe(50)
    expect(scale(3, 3, 0, 100)(3)).toBe(50)
    expect(paddedExtent([])).toEqual([0, 1])
    expect(paddedExtent([0, 0])).toEqual([-1, 1])
    expect(paddedExtent([5, 5])).toEqual([4.5, 5.5])
    expect(paddedExtent([0, 10])).toEqual([-0.5, 10.5])
    expect(heat(0)).toBe('hsl(0 70% 78%)')
    expect(heat(2)).toBe('hsl(120 70% 78%)')
  })
  test('a trend chart draws its band, line, marks and rules, and escapes every label', () => {
    const svg = trendChart({
      runs: 3, title: '<t>', xLabels: ['<a>', 'b'], format: v => `${v}<u>`,
      points: [{ at: 0, value: 1, low: 0.5, high: 1.5, title: 'p0' }, { at: 1, value: 2, low: 2, high: 2, title: 'p1' }, { at: 2, value: 3, low: 2, high: 4, mark: 'regressed', title: '<x>' }],
      boundaries: [{ at: 1, kind: 'environment', label: '<node>' }, { at: 2, kind: 'baseline', label: 'b' }],
    })
    expect(svg).toMatch(/^<svg class="chart trend"/)
    expect(svg.match(/<polygon class="band"/g)).toHaveLength(1)
    expect(svg.match(/<polyline class="line" points="([\d.]+,[\d.]+ ?){3}"/)).not.toBeNull()
    expect(svg).toContain('<circle class="dot regressed"')
    expect(svg.match(/<line class="rule/g)).toHaveLength(2)
    expect(svg).not.toMatch(/<(t|a|u|x|node)>/)
    // a single point is drawn as a dot
    expect(trendChart({ runs: 1, title: 't', xLabels: ['a', 'a'], format: String, boundaries: [], points: [{ at: 0, value: 1, low: 1, high: 1, title: 'one' }] })).toContain('<circle class="dot "')
  })
  test('ECDF, interval and heatmap', () => {
    const e = ecdfChart({ label: 'base', values: [3, 1, 2] }, { label: '<head>', values: [] }, String, 't')
    expect(e.match(/<polyline class="ecdf base" points="([^"]+)"/)![1]!.split(' ')).toHaveLength(8)
    expect(e).not.toContain('ecdf head')
    expect(e).toContain('&lt;head&gt;')
    const i = intervalChart(10, [5, 15], 2, 't')
    expect(i).toContain('class="noise"')
    expect(i).toContain('class="ci"')
    expect(i).toContain('class="estimate"')
    expect(intervalChart(null, undefined, undefined, 't')).not.toMatch(/class="(noise|ci|estimate)"/)
    const h = heatmap(['a', 'a very long column name here'], ['r'], [{ col: 0, row: 0, fill: 0.5, text: '50%', sub: '<s>', front: true, title: 't' }, { col: 1, row: 0, fill: null, text: '', sub: '', front: false, title: '' }], 'h')
    expect(h).toContain('★ 50%')
    expect(h).toContain('fill="#ddd"')
    expect(h).toContain('a very long col…')
    expect(h).not.toContain('<s>')
  })
})

const run = (id: number, node = '24.1.0', cpuModel = 'cpu'): TrendRun => ({ id, createdAt: `2026-11-0${id}T00:00:00.000Z`, sha: null, branch: null, dirty: null, node, os: 'Linux', cpuModel })
const value = (runId: number, v: number, round = 0, m: Partial<TrendValue> = {}): TrendValue => ({ runId, key: 'k', file: 'f', metric: 'latency', unit: 'ms', better: 'lower', kind: 'timing', round, value: v, ...m })
const base = (createdAt: string) => ({ createdAt, sha: 'abcdef0123', branch: 'main', runId: 1 })

describe('trend series', () => {
  test('one point per run: the median of its rounds, the band their range or a single round margin', () => {
    const t = shapeTrends([run(1), run(2), run(3)], [
      value(1, 10, 0, { rme: 10, mean: 10 }),
      value(2, 8, 0), value(2, 12, 1), value(2, 11, 2),
      value(3, 5, 0, { metric: 'tokens', kind: 'deterministic', unit: 'tokens', provenance: { kind: 'authored' } }),
      value(9, 1), // a run that was not selected
    ], {
      bases: new Map([[2, base('A')], [3, base('B')]]),
      changes: [{ runId: 2, id: 'k', metric: 'latency', verdict: 'regressed', gating: true }, { runId: 3, id: 'k', metric: 'tokens', verdict: 'improved', gating: false }],
      latest: new Map([['k\u0000tokens', 'improved']]),
    })
    expect(t.series.map(s => s.metric)).toEqual(['latency', 'tokens'])
    const [lat, tok] = t.series
    expect(lat!.points).toEqual([
      { at: 0, value: 10, low: 9, high: 11, rounds: 1 },
      { at: 1, value: 11, low: 8, high: 12, rounds: 3, verdict: 'regressed', gating: true },
    ])
    expect(lat!.latestVerdict).toBeUndefined() // not in the newest comparison's rows
    expect(tok).toMatchObject({ provenance: { kind: 'authored' }, latestVerdict: 'improved', points: [{ at: 2, value: 5, low: 5, high: 5 }] })
    expect(t.boundaries).toEqual([{ at: 2, kind: 'baseline', label: 'baseline promoted before run 3: now run 1, 2026-11-01 00:00:00 (abcdef0)'.replace('2026-11-01 00:00:00', 'B') }])
  })
  test('environment boundaries: Node major, CPU, OS', () => {
    const t = shapeTrends([run(1), run(2, '24.2.0'), run(3, '25.0.0'), run(4, '25.0.0', 'other')], [], { bases: new Map(), changes: [] })
    expect(t.boundaries.map(b => [b.at, b.label])).toEqual([[2, 'environment changed at run 3: Node 24.2.0 → 25.0.0'], [3, 'environment changed at run 4: CPU cpu → other']])
    expect(t.series).toEqual([])
  })
})

describe('distributions and the swarm matrix', () => {
  test('thin keeps min, max and evenly spaced quantiles', () => {
    expect(thin([3, 1, 2])).toEqual([1, 2, 3])
    const t = thin(Array.from({ length: 1000 }, (_, i) => i), 5)
    expect(t).toEqual([0, 249.75, 499.5, 749.25, 999])
  })
  test('side values: rounds when both sides have several, samples of one round otherwise', () => {
    const e = entry('bench › f › t › b', [1, 2, 3, 4], { m: { unit: '', better: 'lower', kind: 'memory', rounds: [{ value: 2, samples: [1, 2, 3] }] } })
    expect(sideValues(e, 'latency', false)).toEqual({ values: [1, 2, 3, 4], what: '4 sample(s) of 1 round(s)' })
    expect(sideValues(e, 'latency', true)!.values).toHaveLength(1)
    expect(sideValues(e, 'm', false)).toEqual({ values: [1, 2, 3], what: '3 sample(s)' })
    expect(sideValues(e, 'm', true)).toEqual({ values: [2], what: '1 round value(s)' })
    expect(sideValues(e, 'nope', false)).toBeUndefined()
    expect(sideValues(undefined, 'latency', false)).toBeUndefined()
  })
  test('cell keys parse into axes; the front is the undominated priced cells', () => {
    expect(parseCell('strategy=research mode=mesh agents=5')).toEqual({ strategy: 'research', mode: 'mesh', agents: '5' })
    expect(parseCell('default')).toEqual({})
    const cell = (id: string, successRate: number | null, costPerTrial: number | null): MatrixCell => ({ id, axes: {}, successRate, costPerSolved: null, costPerTrial, front: false })
    const cells = [cell('cheap', 0.5, 0.01), cell('good', 0.9, 0.05), cell('dominated', 0.4, 0.02), cell('unpriced', 1, null), cell('tie', 0.9, 0.05)]
    markFront(cells)
    expect(cells.filter(c => c.front).map(c => c.id)).toEqual(['cheap', 'good', 'tie'])
  })
})

describe('diff order and change cells', () => {
  const row = (id: string, verdict: ComparisonRow['verdict'], changePct: number | null, gating = true): ComparisonRow =>
    ({ id, metric: 'latency', unit: 'ms', better: 'lower', kind: 'timing', base: 1, head: 1, changePct, verdict, gating })
  test('regressions first, then improvements, changes that do not gate, new, missing, the rest by name', () => {
    const rows = [row('z', 'unchanged', 1), row('m', 'missing', null), row('n', 'new', null), row('c', 'regressed', 50, false), row('b', 'improved', -5), row('a', 'regressed', 10), row('a2', 'regressed', 30), row('y', 'inconclusive', 3)]
    expect(diffOrder(rows).map(r => r.id)).toEqual(['a2', 'a', 'b', 'c', 'n', 'm', 'y', 'z'])
  })
  test('"~" marks a change that is not significant, an observation no test judged included; the verdict and gates read as in diff-full.md', () => {
    expect(markedChange(row('a', 'regressed', 10))).toBe('+10%')
    expect(markedChange(row('a', 'unchanged', 1.5))).toBe('~+1.5%')
    expect(markedChange(row('a', 'inconclusive', -3))).toBe('~-3%')
    expect(markedChange(row('a', 'new', null))).toBe('—')
    const observed = { ...row('a', 'regressed', 50, false), tentative: true }
    expect([markedChange(observed), verdictLabel(observed), gatesLabel(observed)]).toEqual(['~+50%', '~ slower', 'no'])
    const info = { ...row('a', 'regressed', 20, false), kind: 'info' as const }
    expect([markedChange(info), verdictLabel(info), gatesLabel(info)]).toEqual(['+20%', 'worse', 'no'])
  })
})
