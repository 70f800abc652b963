// claude-md evaluate: variants as the claudeMd axis, run through the claude-code driver and the stand-in
// `claude` (test/swarm/stand-ins), which reads the CLAUDE.md in its workdir and behaves by it. Figures: stand-in.
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { evaluateClaudeMd, judge, seedScore, variantsFrom } from '../../src/claude-md/evaluate.ts'
import { renderEvaluation } from '../../src/claude-md/report.ts'
import { loadCatalog } from '../../src/claude-md/catalog.ts'
import { generate } from '../../src/claude-md/render.ts'
import { defineTask, fn, runSwarm } from '../../src/swarm/index.ts'
import { claudeCode } from '../../src/swarm/engines/cli.ts'
import { REPO, standInEnv } from '../swarm/helpers.ts'
import quick from './fixtures/quick-suite.ts'
import { cli } from './helpers.ts'

const QUICK = join(REPO, 'test/claude-md/fixtures/quick-suite.ts')
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-cmd-eval-'))
  for (const v of ['a', 'b']) writeFileSync(join(dir, `${v}.md`), `# CLAUDE.md\n<!-- variant: ${v} -->\n- Run the tests after every change.\n`)
  writeFileSync(join(dir, 'a-copy.md'), readFileSync(join(dir, 'a.md')))
})
afterEach(() => { vi.unstubAllEnvs(); rmSync(dir, { recursive: true, force: true }) })

function useStandIn(o: Parameters<typeof standInEnv>[0]) {
  const env = standInEnv(o, dir)
  vi.stubEnv('PATH', env.PATH!)
  vi.stubEnv('SWARMBENCH_STANDIN', env.SWARMBENCH_STANDIN!)
}

describe('claude-md evaluate through the stand-in claude', () => {
  it('a variant planted to use 20% more tokens at equal success is reported costlier (significant); --json; --score seed', async () => {
    useStandIn({ seed: 3, success: 1, rules: [{ when: { claudeMdContains: 'variant: b' }, tokens: 1.2 }] })
    const r = await cli(dir, 'claude-md', 'evaluate', '--variants', 'a.md,b.md', '--tasks', QUICK, '--repeats', '12', '--score', 'seed')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^claude-md evaluate: suite coding-quick, engine claude-code, 24 trials \(interleaved\); figures: stand-in/)
    expect(r.out).toMatch(/^- b is costlier than a on tokens per trial: \+(19|20|21)(\.\d)?% \(95% CI .*\), Holm p = /m)
    expect(r.out).toMatch(/^- b is costlier than a on cost per trial: /m)
    expect(r.out).toMatch(/^- a and b do not differ in success rate|^- The data cannot tell a and b apart on success rate/m)
    expect(r.out).toMatch(/weights completion 0\.3, time 0\.25, errors 0\.2, tokens 0\.15, parallel efficiency 0\.1\n.*parallel efficiency: not measured \(the seed fixed it at 0\.85\), left out\n {2}a: 0\.\d{3} of 0\.90 /)
    const json = JSON.parse((await cli(dir, 'claude-md', 'evaluate', '--variants', 'a.md,b.md', '--tasks', QUICK, '--repeats', '12', '--json')).out) // resumes from the checkpoint: no trial runs twice
    expect(json.provenance).toBe('stand-in')
    expect(json.comparisons.find((c: { metric: string }) => c.metric === 'tokens')).toMatchObject({ a: 'a', b: 'b', verdict: 'worse' })
    expect(json.variants.map((v: { successRate: number }) => v.successRate)).toEqual([1, 1])
    // An edited variant is a new run: the checkpoint is keyed by content, so its trials run again (the stand-in's
    // token rule no longer matches b, so the two no longer differ).
    writeFileSync(join(dir, 'b.md'), '# CLAUDE.md\n- Run the tests after every change.\n')
    const edited = JSON.parse((await cli(dir, 'claude-md', 'evaluate', '--variants', 'a.md,b.md', '--tasks', QUICK, '--repeats', '12', '--json')).out)
    expect(edited.comparisons.find((c: { metric: string }) => c.metric === 'tokens').verdict).not.toBe('worse')
  })

  it('a planted success drop is reported worse; two identical variants are not different; none is the control', async () => {
    useStandIn({ seed: 5, success: 1, rules: [{ when: { claudeMdContains: 'variant: b' }, success: 0.1 }], claudeMdInContext: true })
    // a: a generated CLAUDE.md (about 700 tokens), which the stand-in carries in its context like Claude Code does.
    const generated = `${generate({ catalog: loadCatalog(), useCase: 'testing_automation', goals: ['accuracy', 'tokens'], context: { testCommand: 'npm test' } })}<!-- variant: a -->\n`
    writeFileSync(join(dir, 'a.md'), generated)
    writeFileSync(join(dir, 'a-copy.md'), generated)
    const variants = variantsFrom([join(dir, 'a.md'), join(dir, 'b.md'), join(dir, 'a-copy.md'), 'none'])
    expect(variants.map(v => v.name)).toEqual(['a', 'b', 'a-copy', 'none'])
    const e = await evaluateClaudeMd({ suite: 'coding-quick', tasks: quick, engine: claudeCode(), variants, repeats: 10, seed: 1 })
    const v = (a: string, b: string, m: string) => e.comparisons.find(c => c.a === a && c.b === b && c.metric === m)!.verdict
    expect(v('a', 'b', 'success_rate')).toBe('worse')
    expect(e.statements).toContain(e.statements.find(s => s.startsWith('b solves fewer tasks than a: 10% vs 100%') || s.startsWith('b solves fewer tasks than a:'))!)
    expect(e.comparisons.filter(c => c.a === 'a' && c.b === 'a-copy').every(c => c.verdict !== 'better' && c.verdict !== 'worse')).toBe(true)
    // The stand-in carries the CLAUDE.md in its context (claudeMdInContext): no file costs fewer tokens.
    expect(v('a', 'none', 'tokens')).toBe('better')
    expect(e.statements.some(s => /^none is better than a on tokens per trial: -\d/.test(s))).toBe(true)
    expect(e.variants.find(x => x.name === 'none')!.file).toBeNull()
    expect(renderEvaluation(e)).toMatch(/^none \(no CLAUDE\.md\)\s+10\/10 100%/m)
  }, 120_000)

  it('bad input: one line naming the value or file and the fix, exit 2', async () => {
    useStandIn({ success: 1 })
    const cases: [string[], RegExp][] = [
      [['--variants', 'a.md,missing.md'], /missing\.md: variant file not found\. Fix: pass existing CLAUDE\.md files, or none for the control/],
      [['--variants', 'a.md'], /field variants: needs at least two variants to compare/],
      [['--variants', 'a.md,a.md'], /field variants: variant '.*a\.md' is given twice/],
      [['--variants', 'a.md,none', '--engine', 'http'], /--engine takes one of claude-code, claude-flow, got 'http'/],
      [['--variants', 'a.md,none', '--task', 'nope'], /field --task: no task 'nope' in suite coding-quick\. Fix: use one of sum-to/],
      [['--variants', 'a.md,none', '--score', 'weighted'], /--score takes one of seed, got 'weighted'/],
      [['--variants', 'a.md,none', '--seed', 'x'], /--seed takes a whole number, got 'x'/],
    ]
    for (const [args, re] of cases) {
      const r = await cli(dir, 'claude-md', 'evaluate', '--tasks', QUICK, ...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err.trim().split('\n'), r.err).toHaveLength(1)
      expect(r.err).toMatch(re)
    }
  })
})

describe('judge (in-process agent that reads its CLAUDE.md)', () => {
  it('too few trials say so; a missing variant is one line; the seed score leaves parallel efficiency out', async () => {
    const task = defineTask({ id: 't', prompt: 'p', timeoutMs: 5_000, grade: () => ({ pass: true, reason: 'ok' }) })
    const engine = fn(ctx => {
      let md = ''
      try { md = readFileSync(join(ctx.workdir, 'CLAUDE.md'), 'utf8') } catch { /* the control has none */ }
      return { usage: [{ model: 'claude-sonnet-4-5', input: 100 + md.length, output: 50 }], turns: 1 }
    })
    const variants = [{ name: 'a', file: join(dir, 'a.md') }, { name: 'none', file: null }]
    const run = await runSwarm({ tasks: [task], engine, repeats: 2, matrix: { claudeMd: ['a', 'none'] }, claudeMd: { a: join(dir, 'a.md'), none: null } })
    const e = judge(run, variants, { alpha: 0.05, threshold: 0.05, maxDropPoints: 1, resamples: 200, seed: 1, engine: 'fn' })
    expect(e.comparisons.find(c => c.metric === 'tokens')!.verdict).toBe('too few')
    expect(e.statements).toContain('Too few trials to compare a and none on tokens per trial.')
    expect(e.provenance).toBe('measured')
    expect(() => judge(run, [...variants, { name: 'b', file: 'b.md' }], { alpha: 0.05, threshold: 0.05, maxDropPoints: 1, resamples: 200, seed: 1, engine: 'fn' })).toThrow(/variant 'b' has no finished trials/)
    const s = seedScore(e.variants[0]!)
    expect(s).toMatchObject({ outOf: 0.9, terms: { completion: 1, errors: 1, parallel: null } })
    expect(s.score).toBeCloseTo(0.3 + 0.25 * s.terms.time + 0.2 + 0.15 * s.terms.tokens, 10)
    await expect(evaluateClaudeMd({ tasks: [task], engine, variants: [variants[0]!], repeats: 1 })).rejects.toThrow(/at least two variants/)
    await expect(evaluateClaudeMd({ tasks: [task], engine, variants: [variants[0]!, { name: 'gone', file: join(dir, 'gone.md') }], repeats: 1 })).rejects.toThrow(/gone\.md: cannot read the variant \(ENOENT\)/)
    await expect(evaluateClaudeMd({ tasks: [task], engine, variants: [variants[0]!, { ...variants[0]!, file: null }], repeats: 1 })).rejects.toThrow(/two variants share a name/)
  })
})
