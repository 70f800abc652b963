import { Chalk } from 'chalk'
import { describe, expect, test } from 'vitest'
import type { Comparison, ComparisonRow } from '../compare/types.ts'
import { escapeMarkdown } from './markdown.ts'
import { formatBytes, formatChange, formatDuration, formatValue, render, renderTable, verdictLabel } from './index.ts'

const row = (over: Partial<ComparisonRow>): ComparisonRow => ({
  id: 'bench › a.bench.ts › t › x', metric: 'latency', unit: 'ms', better: 'lower', kind: 'timing', base: 1, head: 1.5, changePct: 50, verdict: 'regressed', gating: true, ...over,
})
const cmp = (rows: ComparisonRow[], extra: Partial<Comparison> = {}): Comparison => ({
  environment: { mismatches: [], timingGated: true }, rows, warnings: [],
  summary: { regressed: rows.filter(r => r.verdict === 'regressed').length, improved: 0, unchanged: 0, inconclusive: 0, new: 0, missing: rows.filter(r => r.verdict === 'missing').length }, ...extra,
})
const plain = new Chalk({ level: 0 })

describe('formatting', () => {
  test('values keep their unit at a readable scale', () => {
    expect(formatDuration(1500)).toBe('1.5 s')
    expect(formatDuration(2.5)).toBe('2.5 ms')
    expect(formatDuration(0.0123)).toBe('12.3 µs')
    expect(formatDuration(0.0000042)).toBe('4.2 ns')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GiB')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(2.5 * 1024 ** 2)).toBe('2.5 MiB')
    expect(formatBytes(12)).toBe('12 B')
    expect(formatValue(0.0302, 'USD')).toBe('$0.0302')
    expect(formatValue(0.00123, 'USD')).toBe('$0.00123')
    expect(formatValue(1234, 'tokens')).toBe('1,234 tokens')
    expect(formatValue(0.000012, '')).toBe('1.200e-5')
    expect(formatValue(null, 'ms')).toBe('—')
    expect(formatChange(5.123)).toBe('+5.12%')
    expect(formatChange(-12.34)).toBe('-12.3%')
    expect(formatChange(null)).toBe('—')
  })
  test('timing verdicts read faster/slower, others better/worse', () => {
    expect(verdictLabel({ verdict: 'regressed', kind: 'timing' })).toBe('slower')
    expect(verdictLabel({ verdict: 'improved', kind: 'timing' })).toBe('faster')
    expect(verdictLabel({ verdict: 'regressed', kind: 'deterministic' })).toBe('worse')
    expect(verdictLabel({ verdict: 'improved', kind: 'quality' })).toBe('better')
  })
  test('Markdown escaping defuses HTML, pipes and link syntax', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> | [a](b)\nnext')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[a\\]\\(b\\) next')
  })
})

describe('rendering', () => {
  test('the table shows each id once, the environment warning first, details cut to fit', () => {
    const text = renderTable(cmp([row({ note: 'x'.repeat(300), ciPct: [40, 60], pAdjusted: 0.001, mdePct: 3 }), row({ metric: 'tokens', unit: 'tokens', kind: 'deterministic', verdict: 'unchanged', base: 10, head: 10, changePct: 0, gating: false })],
      { environment: { mismatches: ['Node 22 → 24'], timingGated: false } }), { title: 'base → head' }, plain)
    const lines = text.split('\n')
    expect(lines[0]).toBe('base → head')
    expect(lines[1]).toMatch(/environment differs: Node 22 → 24 — timing is shown but not gated/)
    expect(text.match(/bench › a\.bench\.ts › t › x/g)).toHaveLength(1)
    expect(text).toMatch(/CI \[\+40\.0%, \+60\.0%\]; p=0\.0010; detects ≥3\.0%/)
    expect(text).toMatch(/x…/)
    expect(text).toMatch(/not gated/)
    expect(text.split('\n').at(-1)).toBe('summary: 1 regressed')
  })
  test('many missing benchmarks collapse into one line; markdown and json render the same comparison', () => {
    const rows = Array.from({ length: 8 }, (_, i) => row({ id: `bench › f › t › m${i}`, verdict: 'missing', head: null, changePct: null }))
    const c = cmp([row({}), ...rows])
    const table = render(c, 'table', {}, plain)
    expect(table).toMatch(/8 benchmarks of the baseline did not run this time/)
    expect(table).not.toMatch(/m7/)
    const md = render(c, 'markdown', { title: 'a | b' })
    expect(md).toMatch(/^## swarmbench: a \\\| b/)
    expect(md).toMatch(/🔴 slower/)
    expect(md).toMatch(/> 8 benchmarks of the baseline did not run/)
    expect(JSON.parse(render(c, 'json')).rows).toHaveLength(9)
  })
})
