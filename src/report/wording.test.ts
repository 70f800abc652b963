// How a row's "judged on" and its note read together in diff-full.md's details and the comment's (and gate.md's)
// note column: each fact once, in words that read as a sentence.
import { describe, expect, test } from 'vitest'
import { compareBaselines } from '../compare/index.ts'
import { createRng } from '../random/index.ts'
import { baseline, entry, metric, noisy } from '../../test/gate/factory.ts'
import { noiseFrom } from '../../test/helpers/noise.ts'
import { compactDetail, judgedOnText } from './format.ts'
import { details, renderMarkdownFull } from './full.ts'
import { renderComment } from './comment.ts'
import { escapeMarkdown } from './markdown.ts'

const single = (r: ReturnType<typeof createRng>, centre: number) => baseline([entry('a', [noisy(r, 100, centre, 0.01)])])

describe('judged on, and the note beside it', () => {
  test('a tentative timing row (one process per side) says once that it is not gated, and why', () => {
    const r = createRng(7)
    const row = compareBaselines(single(r, 1), single(r, 1.5)).rows[0]!
    expect(row).toMatchObject({ verdict: 'regressed', tentative: true, judgedOn: 'not gated: one process per side' })
    expect(judgedOnText(row)).toBe('')
    expect(details(row)).toMatch(/^not gated: between-process noise unknown \(one process per side, no history\); for a verdict run `swarmbench gate --base <ref>/)
    expect(details(row)).not.toMatch(/judged on/)
    expect(compactDetail(row)).toBe('not gated')
  })

  test('a tentative difference row reads the same way in diff-full.md', () => {
    const perTask = (v: number) => baseline([entry('batch', [], { 'batch.checkpoint_ms_per_task': metric('difference', [v], { unit: 'ms', better: 'lower' }) })])
    const cmp = compareBaselines(perTask(1.22), perTask(1.29))
    const row = cmp.rows[0]!
    expect(row).toMatchObject({ verdict: 'regressed', tentative: true })
    expect(details(row)).toMatch(/^not gated: a difference of measurements from one process per side \(between-process noise unknown\); for a verdict run/)
    expect(details(row)).not.toMatch(/judged on|not gated.*not gated/)
    expect(renderMarkdownFull(cmp)).toContain(`| no | ${escapeMarkdown(details(row))} |`)
  })

  test('a row judged on the history names the history once: the note adds how far this run lies from it', () => {
    const r = createRng(7)
    const earlier = Array.from({ length: 14 }, () => single(r, 1 + 0.03 * r.normal()))
    const cmp = compareBaselines(earlier[0]!, single(r, 1.5), {}, { history: noiseFrom(earlier) })
    const row = cmp.rows[0]!
    expect(row).toMatchObject({ verdict: 'regressed', gating: true, judgedOn: 'history: 14 earlier single-process runs' })
    const compact = compactDetail(row)
    expect(compact).toMatch(/^CI \[\+\d.*; judged on history: 14 earlier single-process runs; \+\d+(\.\d+)?% from the history's mean \(between-run sd \d+(\.\d+)?%\)$/)
    expect(compact.match(/judged on/g)).toHaveLength(1)
    // gate.md and diff.md show that compact detail in their note column
    expect(renderComment(cmp, {})).toContain(escapeMarkdown(compact))
    const full = details(row)
    expect(full.match(/judged on/g)).toHaveLength(1)
    expect(full).toMatch(/^judged on history: 14 earlier single-process runs; CI \[.*; \+\d.*% from the history's mean \(between-run sd .*\): this run's median against the mean of 14 earlier single-process runs \(test runs\); prediction test/)
  })
})
