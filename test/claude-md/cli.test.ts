// `swarmbench claude-md generate | templates | rules | schema` through the real CLI entry.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cli } from './helpers.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sb-cmd-cli-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('swarmbench claude-md generate', () => {
  it('renders from the use case, goals and project.json; --out writes the same bytes; runs agree', async () => {
    writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: 'shop-api', languages: ['TypeScript'], testCommand: 'npm test' }))
    const a = await cli(dir, 'claude-md', 'generate', '--use-case', 'api_development', '--optimize', 'speed,tokens', '--context', 'project.json')
    expect(a.code).toBe(0)
    expect(a.out).toMatch(/^# CLAUDE\.md - Optimized for API Development \(shop-api\)\n/)
    expect(a.out).toContain('- ALWAYS batch independent operations (reads, edits, commands) in a single message.\n')
    const b = await cli(dir, 'claude-md', 'generate', '--use-case', 'api_development', '--optimize', 'tokens,speed', '--context', 'project.json', '--out', 'CLAUDE.md')
    expect(b.code).toBe(0)
    expect(b.err).toMatch(/^swarmbench: wrote .*CLAUDE\.md \(\d+ bytes\)\n$/)
    expect(readFileSync(join(dir, 'CLAUDE.md'), 'utf8')).toBe(a.out)
  })

  it('bad input: one line naming the value or file and the fix, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--use-case', 'blockchain'], /^swarmbench: field use case: unknown use case 'blockchain'\. Fix: use one of api_development, /],
      [['--use-case', 'documentation', '--optimize', 'speed,fast'], /^swarmbench: field optimize: unknown goal 'fast'\. Fix: use one or more of speed, accuracy, tokens, memory, concurrency\n$/],
      [['--use-case', 'documentation', '--context', 'missing.json'], /^swarmbench: .*missing\.json: file not found\. Fix: see `swarmbench claude-md schema context`\n$/],
      [['--use-case', 'documentation', '--catalog', 'broken.json'], /^swarmbench: .*broken\.json: not valid JSON/],
      [['--use-case', 'documentation', '--context', 'ctx.json'], /^swarmbench: .*ctx\.json, field testCommand: /],
    ]
    writeFileSync(join(dir, 'broken.json'), '{')
    writeFileSync(join(dir, 'ctx.json'), JSON.stringify({ testCommand: 42 }))
    for (const [args, re] of cases) {
      const r = await cli(dir, 'claude-md', 'generate', ...args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err.trim().split('\n'), r.err).toHaveLength(1)
      expect(r.err).toMatch(re)
    }
  })

  it('templates, rules (text and json) and schemas', async () => {
    const t = await cli(dir, 'claude-md', 'templates')
    expect(t.out.trim().split('\n')).toHaveLength(10)
    expect(t.out).toMatch(/^api_development\s+API Development \(seed; hierarchical, 5 agents\)$/m)
    const r = await cli(dir, 'claude-md', 'rules')
    expect(r.out).toMatch(/^cap-agents \[memory_usage; goals memory\]\n {2}writes: Keep at most \{maxAgents\} agents alive at once; finish one before spawning another\.\n {2}sets: {3}agents ≤ 3\n {2}why: {4}Every live agent/m)
    expect(JSON.parse((await cli(dir, 'claude-md', 'rules', '--format', 'json')).out).rules.length).toBeGreaterThanOrEqual(15)
    expect(JSON.parse((await cli(dir, 'claude-md', 'schema', 'context')).out).$schema).toMatch(/2020-12/)
    const bad = await cli(dir, 'claude-md', 'schema', 'nope')
    expect([bad.code, bad.err]).toEqual([2, "swarmbench: no schema named 'nope'. Fix: use one of templates, rules, catalog, context\n"])
  })
})
