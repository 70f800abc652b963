// swarmbench claude-md lint: a corpus of CLAUDE.md files with one planted defect each (the expected finding is
// named in each file's first line), the seed's two example files, and every file the generator renders.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadCatalog } from '../../src/claude-md/catalog.ts'
import { lintClaudeMd } from '../../src/claude-md/lint.ts'
import { generate } from '../../src/claude-md/render.ts'
import { cli } from './helpers.ts'

const CORPUS = fileURLToPath(new URL('./corpus/', import.meta.url))
const BAD = join(CORPUS, 'bad')
const bad = readdirSync(BAD).filter(f => f.endsWith('.md')).sort()

describe('lint catches each planted defect', () => {
  it('the corpus holds at least 8 bad files', () => expect(bad.length).toBeGreaterThanOrEqual(8))
  for (const f of bad) {
    it(f, async () => {
      const text = readFileSync(join(BAD, f), 'utf8')
      const expected = text.match(/^<!-- expect: ([\w-]+) -->/)![1]
      const report = await lintClaudeMd(text, { project: BAD })
      expect(report.findings.map(x => x.code)).toContain(expected)
      // The planted defect is the only kind of finding (budgets come together: a huge section makes a big file).
      expect(new Set(report.findings.map(x => x.code))).toEqual(new Set(expected === 'section-over-budget' ? [expected, 'file-over-budget'] : [expected]))
    })
  }
})

describe('clean files pass', () => {
  it("the seed's two example files: no errors, at most warnings (the ML one calls an MCP tool no .mcp.json configures here)", async () => {
    for (const f of ['api-development.md', 'ml-pipeline.md']) {
      const r = await lintClaudeMd(readFileSync(join(CORPUS, 'seed', f), 'utf8'), { project: join(CORPUS, 'seed') })
      expect(r.errors, JSON.stringify(r.findings)).toBe(0)
    }
    const ml = await lintClaudeMd(readFileSync(join(CORPUS, 'seed', 'ml-pipeline.md'), 'utf8'), { project: join(CORPUS, 'seed') })
    expect(ml.findings.map(f => f.code)).toEqual(['unchecked-mcp-tool'])
  })

  it('every generated file (10 templates × all goals) lints without a finding against a project with its commands', async () => {
    const catalog = loadCatalog()
    for (const t of catalog.templates) {
      const text = generate({ catalog, useCase: t.id, goals: catalog.goals.map(g => g.id), context: { name: 'p', testCommand: 'npm test', lintCommand: 'npm run lint' } })
      const r = await lintClaudeMd(text, { project: BAD })
      expect(r.findings, t.id).toEqual([])
    }
  })

  it('tokens: exact for a model with an offline tokenizer, else an estimate that says so', async () => {
    const text = readFileSync(join(CORPUS, 'seed', 'api-development.md'), 'utf8')
    const claude = await lintClaudeMd(text)
    expect(claude.tokens).toMatchObject({ exact: false, encoding: 'o200k_base', provenance: { kind: 'estimate' } })
    const gpt = await lintClaudeMd(text, { model: 'gpt-4o' })
    expect(gpt.tokens).toMatchObject({ exact: true, count: claude.tokens.count })
    expect(gpt.tokens.provenance).toBeUndefined()
    expect(claude.sections.map(s => s.heading)).toContain('🎯 Primary Objectives')
    expect(claude.sections.reduce((s, x) => s + x.tokens, 0)).toBeGreaterThan(claude.tokens.count * 0.8)
  })

  it('without a project, commands and MCP tools are warnings that say they could not be checked', async () => {
    const r = await lintClaudeMd('# x\n\n## Rules\n- Run `npm run e2e`.\n- Call mcp__x__y first.\n')
    expect(r.findings.map(f => [f.code, f.severity])).toEqual([['unchecked-script', 'warning'], ['unchecked-mcp-tool', 'warning']])
  })
})

describe('swarmbench claude-md lint', () => {
  it('exit 1 on errors, 0 with warnings only; --format json; a missing file is one line, exit 2', async () => {
    const dup = await cli(BAD, 'claude-md', 'lint', 'duplicate-rule.md')
    expect(dup.code).toBe(1)
    expect(dup.out).toMatch(/^duplicate-rule\.md: \d+ tokens \(estimate: o200k_base count as a proxy for claude-sonnet-4-5, whose tokenizer is not available offline\) · 2 sections · 1 error, 0 warnings\n {2}duplicate-rule\.md:8 {2}error {3}duplicate-rule {2}repeats line 5/)
    const warn = await cli(BAD, 'claude-md', 'lint', 'empty-section.md', '--format', 'json')
    expect(warn.code).toBe(0)
    expect(JSON.parse(warn.out)).toMatchObject({ errors: 0, warnings: 1, findings: [{ code: 'empty-section', line: 7 }] })
    expect((await cli(BAD, 'claude-md', 'lint', 'unknown-tool.md', '--tools', 'Test')).code).toBe(0)
    const gone = await cli(BAD, 'claude-md', 'lint', 'nope.md')
    expect([gone.code, gone.err]).toEqual([2, expect.stringMatching(/^swarmbench: .*nope\.md: file not found\. Fix: pass the path of a CLAUDE\.md\n$/)])
    expect((await cli(BAD, 'claude-md', 'lint', 'section-over-budget.md', '--section-budget', '5000', '--file-budget', '5000')).out).toMatch(/0 errors, 0 warnings/)
  })
})
