// The pull-request comment fits GitHub's limit whatever the suite, keeps its order and its counts, and shows
// every non-measured provenance. The bound holds by construction (src/report/budget.ts); these tests show it on
// a generated suite of 5,000 benchmarks, on an adversarial one, and on random ones.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { cmp, row } from '../../test/helpers/comparisons.ts'
import { syntheticRun } from '../../test/helpers/synthetic-run.ts'
import { createRng } from '../random/index.ts'
import { compareBaselines, noiseKey, type NoiseHistory } from '../compare/index.ts'
import type { ComparisonRow } from '../compare/types.ts'
import { COMMENT_LIMIT_BYTES, REGRESSION_EXTRA_MAX_BYTES, renderComment } from './comment.ts'
import { gateExitCode, tally, tallyLine, VERDICT_WORD } from './tally.ts'

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')
const order = (md: string, ...marks: string[]) => marks.map(m => md.indexOf(m))

describe('the comment always fits', () => {
  test('a generated suite of 5,000 benchmarks (500 slowed 2×) through the real comparison', () => {
    const base = syntheticRun(5000, 12, 1)
    const head = syntheticRun(5000, 12, 2, 2)
    // ten earlier single-process runs (each benchmark's median moved ~2% between them) let the head's timing gate
    const rng = createRng(3)
    const history: NoiseHistory = { runs: 10, scope: 'generated', summary: 'median', series: new Map(Object.values(base.entries).map(e =>
      [noiseKey(e.id, 'latency'), Array.from({ length: 10 }, () => e.rounds[0]!.latency.p50 * Math.exp(0.02 * rng.normal()))])) }
    const c = compareBaselines(base, head, { bootstrap: { seed: 1, resamples: 100 }, singleRunThreshold: 0.25 }, { history })
    expect(c.rows).toHaveLength(10_000)
    const md = renderComment(c, { title: 'baseline → current', files: { full: 'diff-full.md', json: 'diff.json' } })
    expect(bytes(md)).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES) // the regressions fill the budget, then "… and N more"
    const t = tally(c)
    expect(t.gating.regressions).toBeGreaterThan(100)
    expect(md.split('\n')[0]).toBe(`## 🔴 swarmbench: FAIL · ${tallyLine(t)}`)
    expect(md).toMatch(/^\| … and [\d,]+ more in diff-full\.md \|/m)
    expect(md).toMatch(/<details><summary>[\d,]+ unchanged and [\d,]+ inconclusive rows in 20 files<\/summary>/)
    expect(md.trimEnd().endsWith('</details>')).toBe(true)
  }, 120_000)

  test('an adversarial suite: 20,000 long regressions, long warnings and title, oversized extras and appendix', () => {
    const long = 'x|<b>'.repeat(80)
    const rows: ComparisonRow[] = Array.from({ length: 20_000 }, (_, i) => row({
      id: `bench › f${i % 5000}.bench.ts › ${long} › b${i}`, metric: `m${i}`.repeat(30), note: long, changePct: 100 + i,
      verdict: (['regressed', 'improved', 'unchanged', 'inconclusive', 'new', 'missing'] as const)[i % 6]!, gating: i % 7 !== 0,
      provenance: i % 3 ? { kind: 'simulated', how: long } : undefined,
    }))
    const c = cmp(rows, { warnings: Array.from({ length: 50 }, () => long), environment: { mismatches: [long], timingGated: false } })
    const md = renderComment(c, {
      title: long.repeat(10), preamble: ['p'.repeat(5000)], // preamble and extras are Markdown the caller escaped
      regressionExtra: r => `\`\`\`mermaid\n${r.metric}\n${'y'.repeat(r.changePct! % 2 ? 3000 : 9000)}\n\`\`\``,
      appendix: [{ summary: long, head: ['| a |', '| --- |'], rows: Array.from({ length: 5000 }, (_, i) => `| row ${i} ${'a'.repeat(300)} |`) }],
    })
    expect(bytes(md)).toBeLessThanOrEqual(COMMENT_LIMIT_BYTES)
    expect(md.match(/<details>/g)?.length).toBe(md.match(/<\/details>/g)?.length)
    const marks = order(md, '### 🔴 Gating regressions', '### 🟢 Improvements', '### Changes that do not gate', '### 🆕 New benchmarks', '### ❔ Missing benchmarks', 'unchanged and')
    expect(marks.every(m => m > 0)).toBe(true)
    expect(marks).toEqual(marks.toSorted((a, b) => a - b))
    expect(md).not.toContain('<b>') // names and notes are escaped
  })

  test('any comparison, any limit: never over the limit, verdict first, counts from tally(), provenance beside each shown figure', () => {
    const kinds = ['simulated', 'replayed', 'estimate', 'stand-in', 'authored', 'judged'] as const
    const arbRow = fc.record({
      file: fc.integer({ min: 0, max: 30 }), bench: fc.string({ maxLength: 80 }), metric: fc.constantFrom('latency', 'tokens', 'accuracy', 'µ|s'),
      verdict: fc.constantFrom('regressed', 'improved', 'unchanged', 'inconclusive', 'new', 'missing' as const), gating: fc.boolean(),
      change: fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true })), note: fc.option(fc.string({ maxLength: 300 })),
      prov: fc.option(fc.constantFrom(...kinds)),
    })
    fc.assert(fc.property(fc.array(arbRow, { maxLength: 400 }), fc.integer({ min: 4_000, max: 30_000 }), (specs, limit) => {
      const rows = specs.map((s, i) => row({
        id: `bench › f${s.file}.bench.ts › ${s.bench} › b${i}`, metric: s.metric, verdict: s.verdict, gating: s.gating, changePct: s.change,
        ...(s.note !== null ? { note: s.note } : {}), ...(s.prov ? { provenance: { kind: s.prov } } : {}),
      }))
      const c = cmp(rows)
      const md = renderComment(c, { limitBytes: limit })
      expect(bytes(md)).toBeLessThanOrEqual(limit)
      const t = tally(c)
      expect(md.split('\n')[0]).toContain(`${VERDICT_WORD[gateExitCode(t)]} · ${tallyLine(t)}`)
      // A shown row names its provenance in its own line.
      const lines = md.split('\n')
      rows.forEach((r, i) => {
        const line = lines.find(l => l.startsWith('| ') && l.includes(` › b${i} | `))
        if (line && r.provenance) expect(line).toContain(r.provenance.kind)
      })
      if (Object.keys(t.notMeasured).length) expect(md).toMatch(/^> Not measured here: /m)
    }), { numRuns: 60 })
  })
})

describe('the order a reader needs and the seams', () => {
  const rows = [
    row({ id: 'bench › a.bench.ts › t › quiet', verdict: 'unchanged', changePct: 0.1, provenance: { kind: 'replayed', how: 'cassette review.json' } }),
    row({ id: 'bench › a.bench.ts › t › info', gating: false, verdict: 'improved', changePct: -8, note: 'between-process noise unknown: run `swarmbench gate --base main` for a verdict' }),
    row({ id: 'bench › a.bench.ts › t › better', verdict: 'improved', changePct: -30, ciPct: [-35, -25] }),
    row({ id: 'bench › b.bench.ts › t › slow', verdict: 'regressed', changePct: 0.054796, base: 0.05479600000035134, head: 0.05666299999984403 }),
  ]
  test('verdict, regressions, improvements, changes that do not gate, then unchanged by file, collapsed', () => {
    const md = renderComment(cmp(rows))
    const marks = order(md, 'FAIL · gating: 1 regression · 1 improvement · 1 unchanged; not gated: 1 change', 'Gating regressions (1)', 'Improvements (1)', 'Changes that do not gate (1)', '<details><summary>1 unchanged and 0 inconclusive rows in 1 files')
    expect(marks.every(m => m >= 0)).toBe(true)
    expect(marks).toEqual(marks.toSorted((a, b) => a - b))
    expect(md).toContain('| b.bench.ts › t › slow | latency | 54.8 µs | 56.7 µs | \\+0.0548% |')
    expect(md).toContain('CI \\[-35%, -25%\\]')
    expect(md).toContain('| -8% faster | between-process noise unknown |')
    expect(md).toContain('| a.bench.ts | 1 | 1 | 0 | 1 replayed |')
    expect(md).toMatch(/^> Not measured here: 1 replayed rows/m)
  })
  test('a per-regression extra (issue 19 chart) lands after the regressions table, within its budget', () => {
    const regressions = Array.from({ length: 12 }, (_, i) => row({ id: `bench › r.bench.ts › t › r${i}`, changePct: 50 + i }))
    const md = renderComment(cmp([...regressions, ...rows]), {
      regressionExtra: r => (r.id.endsWith('r3') ? 'z'.repeat(REGRESSION_EXTRA_MAX_BYTES + 1) : `\`\`\`mermaid\nxychart-beta\ntitle "${r.id}"\n\`\`\``),
    })
    const charts = md.match(/```mermaid/g) ?? []
    expect(charts).toHaveLength(12) // 13 regressions, r3's block too large
    expect(md).toContain('1 regression detail block(s) left out')
    expect(md.indexOf('```mermaid')).toBeGreaterThan(md.indexOf('| r.bench.ts › t › r0 |'))
    expect(md.indexOf('```mermaid')).toBeLessThan(md.indexOf('Improvements'))
  })
  test('an empty comparison says so', () => {
    expect(renderComment(cmp([])).split('\n')[0]).toBe('## ⚠️ swarmbench: NO VERDICT · gating: 0 regressions')
  })
})
