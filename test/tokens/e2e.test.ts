// End to end through the real plugin: token metrics of a replayed run land in the baseline and the history, and a second
// run whose prompts carry 10% more input tokens is reported as a regression of tokens.input.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { BaselineSchema } from '../../src/schema/baseline.ts'
import { readCassette } from '../../src/tokens/index.ts'

const project = resolve(import.meta.dirname, 'e2e')
const vitestCli = resolve(import.meta.dirname, '../../node_modules/vitest/vitest.mjs')
const out = mkdtempSync(join(tmpdir(), 'swarmbench-tokens-e2e-'))
const run = (cassette: string) => spawnSync(process.execPath, [vitestCli, 'bench', '--run'], {
  cwd: project, encoding: 'utf8', timeout: 60_000,
  env: { ...process.env, CI: 'true', FORCE_COLOR: '0', TOKENS_E2E_OUT: out, TOKENS_E2E_CASSETTE: cassette },
})

let first: ReturnType<typeof run>, second: ReturnType<typeof run>
beforeAll(() => {
  const base = resolve(import.meta.dirname, '../../benches/fixtures/tokens/review-uncached.json')
  const c = readCassette(base)
  // The same agent with a system prompt 10% longer: every turn's input grows by 10%.
  for (const i of c.interactions) {
    const body = JSON.parse(i.response.body)
    body.usage.input_tokens = Math.round(body.usage.input_tokens * 1.1)
    i.response.body = JSON.stringify(body)
  }
  const longer = join(out, 'longer.json')
  writeFileSync(longer, JSON.stringify(c))
  first = run(base)
  second = run(longer)
}, 120_000)
afterAll(() => rmSync(out, { recursive: true, force: true }))

test('token metrics reach the baseline and the history, and +10% input tokens is flagged as a regression', () => {
  expect(first.status, first.stderr).toBe(0)
  expect(second.status, second.stderr).toBe(0)
  const baseline = BaselineSchema.parse(JSON.parse(readFileSync(join(out, 'baseline.json'), 'utf8')))
  const entry = Object.values(baseline.entries).find(e => e.bench === 'three turns')!
  expect(entry.metrics['tokens.input.per_iter']).toMatchObject({ unit: 'tokens', kind: 'deterministic', rounds: [{ value: 23_620 }] })
  expect(entry.metrics['tokens.input']!.rounds[0]!.value).toBe(5 * 23_620)
  expect(entry.metrics['cost.usd.per_iter']!.rounds[0]!.value).toBeCloseTo(0.03017, 8)
  const md = readFileSync(join(out, 'diff-full.md'), 'utf8') // every row; diff.md lists only the changes
  const row = (metric: string) => md.split('\n').find(l => l.includes('three turns') && l.includes(`| ${metric.replaceAll('_', '\\_')} |`))
  expect(row('tokens.input.per_iter')).toMatch(/\+10%.*worse/)
  expect(row('cost.usd.per_iter')).toMatch(/worse/)
  expect(row('tokens.output.per_iter')).toMatch(/unchanged/)
  expect(readFileSync(join(out, 'diff.md'), 'utf8')).toMatch(/### 🔴 Gating regressions[^#]*\| tokens\.input\.per\\_iter \| 23,620 tokens \| 25,982 tokens \| \\\+10% \|/)
  expect(second.stdout).toMatch(/tokens\.input\.per_iter\s+23,620 tokens\s+25,982 tokens\s+\+10%/)
  const db = new DatabaseSync(join(out, 'history.sqlite'), { readOnly: true })
  try {
    const rows = db.prepare("SELECT value FROM metrics WHERE name = 'tokens.input.per_iter' ORDER BY run_id").all() as Array<{ value: number }>
    expect(rows.map(r => r.value)).toEqual([23_620, 25_982])
  } finally { db.close() }
}, 30_000)
