import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadCatalog } from './catalog.ts'
import { generate, plan } from './render.ts'

const catalog = loadCatalog()
const GOALS = catalog.goals.map(g => g.id)
const CONTEXT = { name: 'shop-api', languages: ['TypeScript'], testCommand: 'npm test', lintCommand: 'npm run lint', buildCommand: 'npm run build' }

describe('generate: every template × every goal', () => {
  it('ships the 10 templates of the seed system and the five goals', () => {
    expect(catalog.templates.map(t => t.id)).toEqual(['api_development', 'ml_pipeline', 'frontend_react', 'backend_microservices', 'data_pipeline',
      'devops_automation', 'mobile_development', 'testing_automation', 'documentation', 'performance_optimization'])
    expect(GOALS).toEqual(['speed', 'accuracy', 'tokens', 'memory', 'concurrency'])
  })

  for (const t of catalog.templates) {
    it(`${t.id}: renders with no goal, each goal and all goals, byte for byte the same each time`, () => {
      const variants: Record<string, string> = {}
      for (const goals of [[], ...GOALS.map(g => [g]), GOALS]) {
        const text = generate({ catalog, useCase: t.id, goals, context: CONTEXT })
        expect(generate({ catalog, useCase: t.id, goals: [...goals].reverse(), context: { ...CONTEXT } })).toBe(text)
        for (const section of ['## Project', '## Performance Configuration', '## Primary Objectives', '## Execution Rules', '### Critical Rules', `## ${t.title} Workflow`, '## Success Metrics']) expect(text).toContain(`\n${section}\n`)
        variants[goals.join('+') || 'none'] = text
      }
      expect(variants).toMatchSnapshot()
    })
  }
})

describe('every rule changes the rendered file', () => {
  const base = (useCase: string, goals: string[], context: object = CONTEXT) => generate({ catalog, useCase, goals, context })
  for (const r of catalog.rules) {
    it(`${r.id} (${r.goals.join(', ')})`, () => {
      const without = base('api_development', [])
      for (const goal of r.goals) {
        const p = plan({ catalog, useCase: 'api_development', goals: [goal], context: CONTEXT })
        const withRule = base('api_development', [goal])
        const line = r.text.replace('{testCommand}', 'npm test').replace('{lintCommand}', 'npm run lint').replace('{maxAgents}', String(p.agents)).replace('{topology}', 'hierarchical')
        expect(withRule).toContain(`\n- ${line}\n`)
        expect(without).not.toContain(line)
        for (const [label, value] of Object.entries(r.config)) expect(withRule).toContain(`\n- **${label}**: ${value}\n`)
        for (const m of r.metrics) expect(withRule).toContain(`\n- ${m.name}: ${m.target}\n`)
        if (r.agents?.cap) expect(p.agents).toBeLessThanOrEqual(r.agents.cap)
        if (r.agents?.factor && r.goals.length === 1 && !catalog.rules.some(o => o !== r && o.goals.includes(goal) && o.agents)) {
          expect(withRule).toContain(`- **Agent Count**: ${Math.round(5 * r.agents.factor)} (`)
        }
      }
      if (r.fallback) {
        const bare = base('api_development', [r.goals[0]!], {})
        expect(bare).toContain(`\n- ${r.fallback}\n`)
        expect(bare).not.toContain(r.text.split('{')[0]! + '`')
      }
    })
  }

  it('agent count: speed multiplies it (5 → 8), memory caps it (→ 3) whatever else is chosen', () => {
    expect(plan({ catalog, useCase: 'api_development', goals: [] }).agents).toBe(5)
    expect(plan({ catalog, useCase: 'api_development', goals: ['speed'] }).agents).toBe(8)
    expect(plan({ catalog, useCase: 'api_development', goals: ['speed', 'concurrency'] }).agents).toBe(9)
    expect(plan({ catalog, useCase: 'ml_pipeline', goals: ['speed', 'memory'] }).agents).toBe(3)
  })

  it('project values are Markdown-inert; commands become code spans that hold any backticks', () => {
    const text = generate({ catalog, useCase: 'documentation', goals: ['accuracy'], context: { name: '# evil <!-- x', testCommand: 'echo `date`' } })
    expect(text).toContain('(\\# evil \\<!-- x)')
    expect(text).toContain('`` echo `date` ``')
    expect(text.split('\n').filter(l => l.startsWith('# '))).toHaveLength(1)
  })

  it('property: goal order and repeats never change the bytes; a project name never adds a heading', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...GOALS), { maxLength: 8 }), fc.constantFrom(...catalog.templates.map(t => t.id)), fc.string({ minLength: 1, maxLength: 40 }).filter(s => s.trim().length > 0 && !/[\r\n]/.test(s)), (goals, useCase, name) => {
      const a = generate({ catalog, useCase, goals, context: { name } })
      const b = generate({ catalog, useCase, goals: [...new Set(goals)].reverse(), context: { name } })
      expect(a).toBe(b)
      expect(a.split('\n').filter(l => /^#{1,6} /.test(l)).length).toBe(generate({ catalog, useCase, goals, context: { name: 'x' } }).split('\n').filter(l => /^#{1,6} /.test(l)).length)
    }), { numRuns: 200 })
  })
})

describe('bad input is one clear error', () => {
  it('unknown use case, unknown goal, bad context, a rule whose value is missing without a fallback', () => {
    expect(() => generate({ catalog, useCase: 'blockchain' })).toThrow(/unknown use case 'blockchain'.*Fix: use one of api_development, ml_pipeline/)
    expect(() => generate({ catalog, useCase: 'documentation', goals: ['fast'] })).toThrow(/field optimize: unknown goal 'fast'.*speed, accuracy, tokens, memory, concurrency/)
    expect(() => generate({ catalog, useCase: 'documentation', context: { languages: 'ts' } as never })).toThrow(/project context, field languages:/)
    const strict = { ...catalog, rules: [{ ...catalog.rules.find(r => r.id === 'run-tests-after-changes')!, fallback: undefined }] }
    expect(() => generate({ catalog: strict, useCase: 'documentation', goals: ['accuracy'] })).toThrow(/rule 'run-tests-after-changes' needs 'testCommand'.*Fix: add testCommand to --context/)
  })
})
