import { Chalk } from 'chalk'
import stringWidth from 'string-width'
import { describe, expect, test } from 'vitest'
import { cmp, row } from '../../test/helpers/comparisons.ts'
import { escapeMarkdown } from './markdown.ts'
import {
  DEFAULT_WIDTH, formatBytes, formatChange, formatDuration, formatValue, gateExitCode, render, renderMarkdownFull, renderTable, shortNote, tally, tallyLine,
  verdictLabel, widthOf,
} from './index.ts'
import { fitCell } from './terminal.ts'

const plain = new Chalk({ level: 0 })

describe('formatting', () => {
  test('values to 3 significant figures, keeping their unit at a readable scale', () => {
    expect(formatDuration(1500)).toBe('1.5 s')
    expect(formatDuration(2.5)).toBe('2.5 ms')
    expect(formatDuration(0.0123456)).toBe('12.3 µs')
    expect(formatDuration(0.0000042)).toBe('4.2 ns')
    expect(formatDuration(0.05479600000035134)).toBe('54.8 µs')
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GiB')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(12)).toBe('12 B')
    expect(formatValue(0.0302, 'USD')).toBe('$0.0302')
    expect(formatValue(12.3456, 'USD')).toBe('$12.3')
    expect(formatValue(1234, 'tokens')).toBe('1,234 tokens')
    expect(formatValue(12_345_678, 'tokens')).toBe('12,300,000 tokens')
    expect(formatValue(0.000012, '')).toBe('1.20e-5')
    expect(formatValue(null, 'ms')).toBe('—')
    expect(formatChange(5.123)).toBe('+5.12%')
    expect(formatChange(-12.34)).toBe('-12.3%')
    expect(formatChange(943.8)).toBe('+944%')
    expect(formatChange(-10228.1)).toBe('-10,200%')
    expect(formatChange(0)).toBe('0%')
    expect(formatChange(null)).toBe('—')
  })
  test('timing verdicts read faster/slower, others better/worse', () => {
    expect(verdictLabel({ verdict: 'regressed', kind: 'timing' })).toBe('slower')
    expect(verdictLabel({ verdict: 'improved', kind: 'timing' })).toBe('faster')
    expect(verdictLabel({ verdict: 'regressed', kind: 'deterministic' })).toBe('worse')
    expect(verdictLabel({ verdict: 'improved', kind: 'quality' })).toBe('better')
  })
  test('a note shows as its first clause, cut short', () => {
    expect(shortNote('one process run per side: variation between processes not measured; n too small')).toBe('one process run per side')
    expect(shortNote('+0 points (limit 1); base varies')).toBe('+0 points (limit 1)')
    expect(shortNote('x'.repeat(200))).toHaveLength(60)
    expect(shortNote(undefined)).toBe('')
  })
  test('Markdown escaping defuses HTML, pipes and link syntax', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> | [a](b)\nnext')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[a\\]\\(b\\) next')
  })
  test('cells are cut to a display width, in the middle (ids) or at the end', () => {
    expect(fitCell('abcdefghij', 5, 'middle')).toBe('ab…ij')
    expect(fitCell('abcdefghij', 5, 'end')).toBe('abcd…')
    expect(fitCell('漢字漢字漢字', 5, 'end')).toBe('漢字…')
    expect(stringWidth(fitCell('漢字漢字漢字', 5, 'middle'))).toBeLessThanOrEqual(5)
    expect(fitCell('short', 10, 'end')).toBe('short')
  })
})

describe('one set of counts', () => {
  const rows = [
    row({}), row({ id: 'bench › a.bench.ts › t › y', verdict: 'improved', changePct: -20 }), row({ id: 'bench › a.bench.ts › t › z', verdict: 'improved', changePct: -30 }),
    row({ id: 'bench › b.bench.ts › t › u', verdict: 'unchanged', changePct: 1 }),
    ...Array.from({ length: 29 }, (_, i) => row({ id: `bench › c.bench.ts › t › n${i}`, gating: false, verdict: i % 2 ? 'regressed' : 'improved' })),
    row({ id: 'bench › c.bench.ts › t › s', metric: 'messages', kind: 'deterministic', gating: true, verdict: 'unchanged', provenance: { kind: 'simulated', how: 'seed 42' } }),
  ]
  test('the line the terminal, the Markdown and the gate all show', () => {
    const t = tally(cmp(rows))
    expect(tallyLine(t)).toBe('gating: 1 regression · 2 improvements · 2 unchanged; not gated: 29 changes')
    expect(gateExitCode(t)).toBe(1)
    expect(t.notMeasured).toEqual({ simulated: 1 })
    expect(render(cmp(rows), 'markdown')).toContain('FAIL · gating: 1 regression · 2 improvements · 2 unchanged; not gated: 29 changes')
    expect(renderMarkdownFull(cmp(rows))).toContain('FAIL · gating: 1 regression · 2 improvements · 2 unchanged; not gated: 29 changes')
  })
  test('exit code: 0 when something gating was judged and nothing regressed, 2 when nothing could be judged', () => {
    expect(gateExitCode(tally(cmp(rows.slice(1))))).toBe(0)
    expect(gateExitCode(tally(cmp([row({ verdict: 'inconclusive' }), row({ gating: false, verdict: 'regressed' })])))).toBe(2)
    expect(gateExitCode(tally(cmp([])))).toBe(2)
    expect(tallyLine(tally(cmp([row({ verdict: 'inconclusive' }), row({ gating: false, verdict: 'unchanged' })])))).toBe('gating: 0 regressions · 1 inconclusive')
  })
})

describe('terminal table', () => {
  const long = 'a very long test name that goes on and on about what it measures '.repeat(3)
  const rows = [
    row({ id: `bench › benches/agents.bench.ts › ${long} › route`, note: 'one process run per side: variation between processes not measured', ciPct: [40, 60] }),
    row({ id: `bench › benches/agents.bench.ts › ${long} › route`, metric: 'tokens.input.per_iteration_with_a_long_name', unit: 'tokens', kind: 'deterministic', base: 1000, head: 1100, changePct: 10 }),
    row({ id: 'bench › benches/sim.bench.ts › raft › n=5', metric: 'messages', unit: 'msgs', kind: 'deterministic', verdict: 'improved', changePct: -12, base: 100, head: 88, provenance: { kind: 'simulated', how: 'seed 42, 5 nodes' } }),
    row({ id: 'bench › benches/sim.bench.ts › raft › n=9', gating: false, verdict: 'regressed', changePct: 300, note: 'not gated: between-process noise unknown; run `swarmbench gate --base main` for a verdict' }),
    row({ id: 'bench › benches/sim.bench.ts › raft › n=11', verdict: 'unchanged', changePct: 0.5 }),
    row({ id: 'bench › benches/new.bench.ts › t › fresh', verdict: 'new', base: null, changePct: null }),
    ...Array.from({ length: 8 }, (_, i) => row({ id: `bench › benches/old.bench.ts › t › m${i}`, verdict: 'missing', head: null, changePct: null })),
  ]
  const c = cmp(rows, { environment: { mismatches: ['Node major: 22 (base) vs 24 (head)'], timingGated: false }, warnings: ['w'.repeat(400)] })

  test('fits 120 columns without a TTY and the terminal width with one; ids are grouped under file › test', () => {
    for (const width of [DEFAULT_WIDTH, 80, 200]) {
      const text = renderTable(c, { title: 'baseline x → current y', width }, plain)
      for (const l of text.split('\n')) expect(stringWidth(l), l).toBeLessThanOrEqual(width)
    }
    const text = renderTable(c, { width: 120 }, plain)
    expect(text).toMatch(/^gating regressions \(2\)$/m)
    expect(text).toMatch(/^ {2}benches\/agents\.bench\.ts › a very long/m)
    expect(text).toMatch(/^ {4}route\s+latency\s+1 ms\s+1\.5 ms\s+\+50%\s+one process run per side$/m)
    expect(text).toMatch(/^improvements \(1\)$/m)
    expect(text).toMatch(/n=5\s+messages\s+100 msgs\s+88 msgs\s+-12%\s+simulated$/m)
    expect(text).toMatch(/^changes that do not gate \(1\)$/m)
    expect(text).toMatch(/n=9\s+latency.*\+300% slower\s+not gated/m)
    expect(text).toMatch(/^new \(1\): benches\/new\.bench\.ts › t › fresh$/m)
    expect(text).toMatch(/^missing: in the baseline, not in this run \(8\): benches\/old/m)
    expect(text).toMatch(/1 unchanged and 0 inconclusive rows not listed/)
    expect(text).toMatch(/⚠ environment differs: Node major/)
  })
  test('width: the terminal columns on a TTY, else 120', () => {
    expect(widthOf({ isTTY: true, columns: 95 })).toBe(95)
    expect(widthOf({ isTTY: false, columns: 95 })).toBe(120)
    expect(widthOf(undefined)).toBe(120)
  })
  test('long sections end with a pointer to every row; --all lists them', () => {
    const many = cmp(Array.from({ length: 30 }, (_, i) => row({ id: `bench › f.bench.ts › t › b${i}`, verdict: 'improved', changePct: -i - 10 })))
    expect(renderTable(many, { fullFile: 'diff-full.md' }, plain)).toMatch(/… and 15 more in diff-full\.md/)
    expect(render(many, 'table', { full: true }, plain)).not.toMatch(/more in/)
  })
  test('markdown full table and JSON keep every row', () => {
    expect(renderMarkdownFull(c).split('\n').filter(l => l.startsWith('| bench ›'))).toHaveLength(rows.length)
    expect(renderMarkdownFull(c)).toContain('simulated: seed 42, 5 nodes')
    expect(JSON.parse(render(c, 'json')).rows).toHaveLength(rows.length)
  })
})
