import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadCatalog } from './catalog.ts'
import { generate } from './render.ts'
import { claudeMdJsonSchemas } from './schema.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sb-cmd-catalog-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, content: unknown) => { const f = join(dir, name); writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content)); return f }

const rule = { id: 'small-commits', category: 'validation', goals: ['reviewable'], text: 'Commit one logical change at a time.', why: 'Small commits are easy to review and to revert.' }

describe('catalog: shipped data extended and overridden by user files', () => {
  it('every shipped rule says why; the hash changes with the content', () => {
    const c = loadCatalog()
    expect(c.rules.length).toBeGreaterThanOrEqual(15)
    for (const r of c.rules) expect(r.why.length).toBeGreaterThan(20)
    expect(c.hash).toMatch(/^[0-9a-f]{12}$/)
    const mine = file('mine.json', { version: 1, goals: [{ id: 'reviewable', description: 'changes a human can review' }], rules: [rule] })
    expect(loadCatalog([mine]).hash).not.toBe(c.hash)
  })

  it('a user file adds a goal and its rule, and replaces a shipped template by id', () => {
    const api = loadCatalog().templates.find(t => t.id === 'api_development')!
    const mine = file('mine.json', {
      version: 1, goals: [{ id: 'reviewable', description: 'changes a human can review' }], rules: [rule],
      templates: [{ ...api, title: 'Payments API', objectives: ['Never lose a payment'], source: 'user' }],
    })
    const c = loadCatalog([mine])
    expect(c.templates).toHaveLength(10)
    const text = generate({ catalog: c, useCase: 'api_development', goals: ['reviewable'] })
    expect(text).toContain('# CLAUDE.md - Optimized for Payments API\n')
    expect(text).toContain('1. Never lose a payment\n')
    expect(text).toContain('- Commit one logical change at a time.\n')
    expect(c.files.at(-1)).toBe(mine)
  })

  it('bad files are one line naming the file, the field and the fix', () => {
    expect(() => loadCatalog([join(dir, 'nope.json')])).toThrow(/nope\.json: file not found\. Fix: see `swarmbench claude-md schema catalog`/)
    expect(() => loadCatalog([file('bad.json', '{ "version": 1, ')])).toThrow(/bad\.json: not valid JSON/)
    expect(() => loadCatalog([file('v.json', { version: 2 })])).toThrow(/v\.json, field version: /)
    expect(() => loadCatalog([file('r.json', { version: 1, rules: [{ ...rule, why: undefined }] })])).toThrow(/r\.json, field rules\.0\.why: /)
    expect(() => loadCatalog([file('g.json', { version: 1, rules: [rule] })])).toThrow(/g\.json, field rules\.small-commits\.goals\.0: rule 'small-commits' names goal 'reviewable', which no file defines\. Fix: use one of speed/)
    expect(() => loadCatalog([file('d.json', { version: 1, goals: [{ id: 'reviewable', description: 'x' }], rules: [rule, rule] })])).toThrow(/d\.json, field rules\.1\.id: id 'small-commits' appears twice/)
    expect(() => loadCatalog([file('c.json', { version: 1, rules: [{ ...rule, goals: ['tokens'], config: { 'Response Style': 'Detailed' } }] })]))
      .toThrow(/c\.json, field rules\.small-commits\.config\.Response Style: rules 'concise-replies' and 'small-commits' set 'Response Style' to different values \('Concise' and 'Detailed'\)/)
    expect(() => loadCatalog([file('t.json', { version: 1, templates: [{ id: 'x' }] })])).toThrow(/t\.json, field templates\.0\.title: /)
    expect(() => loadCatalog([file('n.json', { version: 1, rules: [{ ...rule, goals: ['tokens'], text: 'two\nlines' }] })])).toThrow(/n\.json, field rules\.0\.text: one line/)
  })

  it('exports a JSON Schema per format', () => {
    const s = claudeMdJsonSchemas()
    expect(Object.keys(s)).toEqual(['templates', 'rules', 'catalog', 'context'])
    expect(JSON.stringify(s.catalog)).toContain('"preferredAgents"')
    expect((s.context as { properties: Record<string, unknown> }).properties).toHaveProperty('testCommand')
  })
})
