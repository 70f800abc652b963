// The adaptive gate runs only the bench files that still hold an open gating row (issue 20, item 4), end to end:
// `swarmbench gate --base main` on a real git repository of two bench files, real `vitest bench` processes.
// steady.bench.ts rules out a 5% slowdown at the first look; noisy.bench.ts (5% slower in head) stays open, so the
// last look's round runs noisy.bench.ts alone, on both sides, and finds the regression there. The fixture logs every process per file and checkout.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { main } from '../../src/cli/index.ts'

const fixture = resolve(import.meta.dirname, '../fixtures/adaptive-files')
const src = resolve(import.meta.dirname, '../../src')
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sb-narrow-')))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function repo(): string {
  const root = join(dir, 'repo')
  execFileSync('mkdir', ['-p', root])
  for (const f of readdirSync(fixture)) writeFileSync(join(root, f), readFileSync(join(fixture, f), 'utf8').replaceAll("'../../../src/", `'${src}/`))
  writeFileSync(join(root, 'package.json'), '{ "name": "narrow-fixture", "private": true, "type": "module" }\n')
  writeFileSync(join(root, 'package-lock.json'), '{ "name": "narrow-fixture", "lockfileVersion": 3, "packages": {} }\n')
  writeFileSync(join(root, '.gitignore'), 'node_modules\n.swarmbench\n')
  symlinkSync(realpathSync(resolve(import.meta.dirname, '../../node_modules')), join(root, 'node_modules'), 'dir')
  const git = (...a: string[]) => execFileSync('git', a, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
  git('init', '-q', '-b', 'main')
  git('add', '.')
  git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'fixture')
  return root
}

test('later looks run only the bench files with an open gating row; settled rows keep their rounds and verdicts', async () => {
  const root = repo()
  const log = join(dir, 'processes.log')
  writeFileSync(log, '')
  let out = '', err = ''
  const code = await main(['--root', root, 'gate', '--base', 'main', '--max-rounds', '3'], {
    out: s => { out += s }, err: s => { err += s }, isTTY: false, cwd: root,
    env: { ...process.env, FIXTURE_LOG: log, FIXTURE_HEAD_ROOT: root, FORCE_COLOR: '0' },
  })
  // Processes per checkout and file: both files in rounds 1–2 (look 1), noisy.bench.ts alone in round 3.
  const runs = readFileSync(log, 'utf8').trim().split('\n').map(l => l.split('\t'))
  const count = (side: 'head' | 'base', file: string) => runs.filter(([cwd, f]) => (side === 'head' ? cwd === root : cwd !== root) && f === file).length
  expect({ head: [count('head', 'steady'), count('head', 'noisy')], base: [count('base', 'steady'), count('base', 'noisy')] }, err).toEqual({ head: [2, 3], base: [2, 3] })
  expect(err).toMatch(/swarmbench gate: look 1\/2 after 2 round\(s\) per side: 1 of 2 gating row\(s\) decided \(0 by a significant change, 1 ruling out a slowdown of 5% or more\), 1 open → 3 rounds per side/)
  expect(err).toMatch(/swarmbench gate: later rounds run 1 of 2 bench file\(s\), those with an open gating row: noisy\.bench\.ts/)
  expect(code).toBe(1)
  expect(out).toMatch(/swarmbench gate: adaptive: 3 of at most 3 rounds per side \(base 3, head 3\), stopped at look 2 of 2 because every gating row was decided; rounds per side by bench file \(later looks ran only files with an open row\): 3 for noisy\.bench\.ts; 2 for steady\.bench\.ts/)
  const report = JSON.parse(readFileSync(join(root, '.swarmbench/gate.json'), 'utf8')) as { rows: { id: string; metric: string; verdict: string; n?: { base: number; head: number }; judgedOn?: string }[] }
  const row = (test: string) => report.rows.find(r => r.id.endsWith(`${test}.bench.ts › ${test}`) && r.metric === 'work')!
  // The settled row: its 2 rounds per side and its look-1 decision, not re-tested at look 2.
  expect(row('steady')).toMatchObject({ verdict: 'unchanged', n: { base: 2, head: 2 } })
  expect(row('steady').judgedOn).toMatch(/^2 vs 2 rounds, moderated t .*; adaptive, look 1 of 2: a slowdown of [\d.]+% or more ruled out at look 1 \(2 rounds per side\); not run after look 1 \(2 rounds per side\): no open row in its file$/)
  expect(row('noisy')).toMatchObject({ verdict: 'regressed', n: { base: 3, head: 3 } })
  expect(row('noisy').judgedOn).toMatch(/^3 vs 3 rounds, moderated t .*; adaptive, look 2 of 2: regressed at look 2 \(3 rounds per side\)$/)
  expect(out).toMatch(/FAIL: 1 regression\(s\): .*noisy\.bench\.ts › noisy work \+5\.0%/)
  const md = readFileSync(join(root, '.swarmbench/gate.md'), 'utf8')
  expect(md).toMatch(/Interleaved runs: up to 3 round\(s\) per side \(fewer for bench files without an open row; each row says its own\)/)
  expect(md).toMatch(/3 for noisy\.bench\.ts; 2 for steady\.bench\.ts/)
}, 240_000)
