import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runGate, evaluate, perRoundChanges, signTest, mergeRounds, roundOf, planDeps, prepareDeps, withWorktree, addWorktree, annotation, type GateDeps, type Side } from '../../src/gate/index.ts'
import { compareBaselines } from '../../src/compare/index.ts'
import { createRng } from '../../src/random/index.ts'
import { openHistory, saveRun } from '../../src/store/history.ts'
import type { Baseline } from '../../src/schema/baseline.ts'
import { baseline, entry, metric, noisy } from './factory.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sb-gate-test-')) })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

/** One process run of a two-benchmark suite; `factor` scales the 'slow' benchmark. */
function suiteRun(seed: number, factor: number, extra: Partial<Baseline['run']['env']> = {}): Baseline {
  const r = createRng(seed)
  const offset = 1 + 0.01 * r.normal() // between-process variation
  return baseline([
    entry('suite › slow', [noisy(r, 60, offset * factor, 0.02)], { tokens: metric('deterministic', [100]) }),
    entry('suite › steady', [noisy(r, 60, offset, 0.02)]),
  ], extra)
}

function capture(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [], err: string[] = []
  const deps = (runSuite: GateDeps['runSuite'] = async () => { throw new Error('not expected to run') }): GateDeps => ({
    runSuite, env, stdout: l => out.push(l), stderr: l => err.push(l),
  })
  return { out, err, deps }
}

function write(name: string, b: unknown): string {
  const f = join(dir, name)
  writeFileSync(f, typeof b === 'string' ? b : JSON.stringify(b))
  return f
}

describe('swarmbench gate with --baseline', () => {
  const many = (seed: number, factor: number) => mergeRounds(Array.from({ length: 6 }, (_, i) => suiteRun(seed * 100 + i, factor)))

  it('fails on a 2× slowdown, writes the report, annotates and appends the step summary', async () => {
    const summary = join(dir, 'summary.md')
    const c = capture({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary })
    const res = await runGate({ root: dir, baseline: write('base.json', many(1, 1)), current: write('head.json', many(2, 2)) }, c.deps())
    expect(res.exitCode).toBe(1)
    expect(res.reason).toMatch(/^FAIL: 1 regression\(s\): suite › slow latency \+\d/)
    expect(c.out.some(l => l.startsWith('::error title=swarmbench regression%3A latency::suite › slow'))).toBe(true)
    const md = readFileSync(join(dir, '.swarmbench/gate.md'), 'utf8')
    expect(md).toMatch(/\*\*Gate:\*\* FAIL/)
    expect(readFileSync(summary, 'utf8')).toBe(`${md}\n`)
  })

  it('passes identical code and says how many rows it judged', async () => {
    const c = capture()
    const res = await runGate({ root: dir, baseline: write('base.json', many(3, 1)), current: write('head.json', many(4, 1)) }, c.deps())
    expect(res.exitCode).toBe(0)
    expect(res.reason).toMatch(/^PASS: no regression in 3 comparable row\(s\)/)
    expect(c.out.some(l => l.startsWith('::'))).toBe(false)
  })

  it('runs the head suite itself when no --current is given (as many rounds as the baseline)', async () => {
    const c = capture()
    const calls: string[] = []
    const res = await runGate({ root: dir, baseline: write('base.json', many(5, 1)) }, c.deps(async (side, round) => { calls.push(`${side}${round}`); return suiteRun(900 + round, 2) }))
    expect(calls).toEqual(['head0', 'head1', 'head2', 'head3', 'head4', 'head5'])
    expect(res.exitCode).toBe(1)
  })

  it('exits 2 with one clear line on a missing or corrupted baseline', async () => {
    const c = capture()
    const missing = await runGate({ root: dir, baseline: 'nope.json', current: write('head.json', many(2, 1)) }, c.deps())
    expect(missing).toMatchObject({ exitCode: 2, reason: expect.stringMatching(/nope\.json: no baseline file here/) })
    const good = JSON.stringify(many(1, 1))
    const truncated = await runGate({ root: dir, baseline: write('bad.json', good.slice(0, good.length / 2)), current: write('head.json', many(2, 1)) }, c.deps())
    expect(truncated.exitCode).toBe(2)
    expect(truncated.reason).toMatch(/bad\.json: not valid JSON/)
    const wrong = await runGate({ root: dir, baseline: write('bad2.json', { ...many(1, 1), entries: { x: { id: 'x' } } }), current: write('head.json', many(2, 1)) }, c.deps())
    expect(wrong.reason).toMatch(/bad2\.json, field entries\.x\.project/)
    for (const r of [missing, truncated, wrong]) expect(r.reason).not.toContain('\n')
    expect(c.err.filter(l => l.includes('\n'))).toEqual([])
  })

  it('never passes silently: zero comparable rows is exit 2 with the reason', async () => {
    const c = capture({ GITHUB_ACTIONS: 'true' })
    const only = (seed: number, env = {}) => mergeRounds(Array.from({ length: 6 }, (_, i) => baseline([entry('t', [noisy(createRng(seed + i), 30, 1, 0.01)])], env)))
    const res = await runGate({ root: dir, baseline: write('b.json', only(1)), current: write('h.json', only(50, { node: 'v22.0.0' })) }, c.deps())
    expect(res.exitCode).toBe(2)
    expect(res.reason).toMatch(/zero comparable benchmarks \(timing not gated because environments differ \(Node major: 24 \(base\) vs 22 \(head\)\)\)/)
    expect(c.out).toContain(`::error title=swarmbench gate::${res.reason}`)
    const empty = await runGate({ root: dir, baseline: write('e.json', baseline([])), current: write('e2.json', baseline([])) }, c.deps())
    expect(empty.reason).toMatch(/no benchmarks in either run/)
  })

  it('rejects contradictory options', async () => {
    const c = capture()
    expect((await runGate({ root: dir }, c.deps())).reason).toMatch(/exactly one of/)
    expect((await runGate({ root: dir, base: 'main', baseline: 'x' }, c.deps())).exitCode).toBe(2)
    expect((await runGate({ root: dir, base: 'main', current: 'x' }, c.deps())).reason).toMatch(/--current cannot/)
  })

  it('reports a suite error as exit 2 with the reason', async () => {
    const c = capture()
    const res = await runGate({ root: dir, baseline: write('base.json', many(1, 1)) }, c.deps(async () => { throw new Error('vitest crashed') }))
    expect(res.exitCode).toBe(2)
    expect(res.reason).toMatch(/internal error: Error: vitest crashed/)
  })

  it('gate.md: a trend chart per gating regression from the history, its head last; nothing without a history; one line when the history cannot be read', async () => {
    const at = (b: Baseline, day: number): Baseline => ({ ...b, run: { ...b.run, createdAt: `2026-11-${10 + day}T00:00:00.000Z` } })
    const headRun = at(many(2, 2), 9)
    const base = write('base.json', many(1, 1)), head = write('head.json', headRun)
    const md = () => readFileSync(join(dir, '.swarmbench/gate.md'), 'utf8')
    // No history: no chart and nothing said about one.
    const none = capture()
    expect((await runGate({ root: dir, baseline: base, current: head }, none.deps())).exitCode).toBe(1)
    expect(md()).not.toMatch(/mermaid|in the history/)
    expect(none.err).toEqual([])
    // Three earlier runs in the project's history (the default file): the chart is theirs, then the head.
    const h = openHistory(join(dir, '.swarmbench/history.sqlite'))
    for (let i = 0; i < 3; i++) saveRun(h, at(many(10 + i, 1), i))
    h.close()
    const some = capture()
    expect((await runGate({ root: dir, baseline: base, current: head }, some.deps())).exitCode).toBe(1)
    expect(md().match(/```mermaid/g)).toHaveLength(1) // only 'slow' regressed
    expect(md()).toMatch(/title "slow · latency"\n {4}x-axis \["#1", "#2", "#3", "head"\]/)
    expect(some.err).toEqual([])
    // A head that the history already holds (same moment) is its own run there, not drawn twice.
    const h2 = openHistory(join(dir, '.swarmbench/history.sqlite'))
    saveRun(h2, headRun)
    h2.close()
    await runGate({ root: dir, baseline: base, current: head }, capture().deps())
    expect(md()).toContain('x-axis ["#1", "#2", "#3", "#4"]')
    expect(md()).not.toContain('"head"')
    // A history whose figure has no runs: one point is no chart.
    const other = write('other.sqlite', '')
    const empty = openHistory(other)
    empty.close()
    await runGate({ root: dir, baseline: base, current: head, history: other }, capture().deps())
    expect(md()).not.toContain('mermaid')
    // A history that is not one: the verdict stands, the charts are left out with one line.
    const broken = write('broken.sqlite', 'not a database')
    const bad = capture()
    const res = await runGate({ root: dir, baseline: base, current: head, history: broken }, bad.deps())
    expect(res.exitCode).toBe(1)
    expect(bad.err).toHaveLength(1)
    expect(bad.err[0]).toMatch(/^swarmbench gate: trend charts left out of the report: .*broken\.sqlite/)
    expect(md()).not.toContain('mermaid')
  })

  it('takes the baseline from history (last run on a branch)', async () => {
    const file = join(dir, 'h.sqlite')
    const h = openHistory(file)
    const b = many(7, 1)
    saveRun(h, { ...b, run: { ...b.run, git: { sha: 'abc', branch: 'main', dirty: false } } })
    h.close()
    const c = capture()
    const res = await runGate({ root: dir, branch: 'main', history: file, current: write('head.json', many(8, 2)) }, c.deps())
    expect(res.exitCode).toBe(1)
    // gate.md's trend chart: the branch's runs in the history, then the head
    expect(readFileSync(join(dir, '.swarmbench/gate.md'), 'utf8')).toContain('x-axis ["#1", "head"]')
    const none = await runGate({ root: dir, branch: 'feature', history: file, current: write('head.json', many(8, 2)) }, c.deps())
    expect(none).toMatchObject({ exitCode: 2, reason: expect.stringMatching(/no run on branch feature/) })
  })
})

describe('swarmbench gate with --base (interleaved)', () => {
  it('alternates base and head, pools rounds and reports per-round changes', async () => {
    const c = capture()
    const order: string[] = []
    const runSuite = async (side: Side, round: number) => { order.push(`${side[0]}${round}`); return suiteRun(round * 2 + (side === 'head' ? 1 : 0), side === 'head' ? 2 : 1) }
    let checkedOut = ''
    const res = await runGate({ root: dir, base: 'main', rounds: 5 }, {
      ...c.deps(runSuite),
      checkoutBase: async (_root, ref, _install, fn) => { checkedOut = ref; return fn(join(dir, 'base'), { dir: join(dir, 'base'), sha: 'f'.repeat(40), remove() {} }) },
    })
    expect(checkedOut).toBe('main')
    expect(order).toEqual(['b0', 'h0', 'b1', 'h1', 'b2', 'h2', 'b3', 'h3', 'b4', 'h4'])
    expect(res.exitCode).toBe(1)
    expect(res.comparison!.rows.find(r => r.id === 'suite › slow')).toMatchObject({ verdict: 'regressed', method: 'rounds', n: { base: 5, head: 5 } })
    const slow = res.perRound!.find(r => r.id === 'suite › slow')!
    expect(slow).toMatchObject({ slower: 5, pairs: 5 })
    expect(res.markdown).toMatch(/Interleaved runs: 5 round\(s\) per side/)
    expect(res.markdown).toMatch(/\| suite › slow \| (\+\d+\.\d%\s?){5} \| 5\/5 \|/)
  })

  it('checks the rounds before running: one round per side cannot judge timing (one line, exit 2) unless --allow-inconclusive; progress shows an ETA', async () => {
    const c = capture()
    const checkout: GateDeps['checkoutBase'] = async (_root, _ref, _install, fn) => fn(join(dir, 'base'), { dir: join(dir, 'base'), sha: 'f'.repeat(40), remove() {} })
    const refused = await runGate({ root: dir, base: 'main', rounds: 1 }, { ...c.deps(), checkoutBase: checkout })
    expect(refused.exitCode).toBe(2)
    expect(refused.reason).toMatch(/^--rounds 1 cannot reach a timing verdict: timing needs ≥ 2 rounds per side .*Use --rounds 2 or more .*or pass --allow-inconclusive$/)
    expect(c.err).toHaveLength(1)
    // the head side of a multi-round baseline too
    const few = await runGate({ root: dir, baseline: write('base.json', mergeRounds([suiteRun(1, 1), suiteRun(2, 1)])), rounds: 1 }, c.deps())
    expect(few.reason).toMatch(/--rounds 1 cannot reach a timing verdict against a baseline of 2 rounds/)
    let t = 0
    const allowed = await runGate({ root: dir, base: 'main', rounds: 1, allowInconclusive: true }, { ...c.deps(async side => suiteRun(side === 'head' ? 2 : 1, 1)), checkoutBase: checkout, now: () => (t += 1000) })
    expect(allowed.exitCode).not.toBe(1)
    expect(c.err.join('\n')).toMatch(/going on \(--allow-inconclusive\)/)
    const c2 = capture()
    t = 0
    await runGate({ root: dir, base: 'main', rounds: 3 }, { ...c2.deps(async side => suiteRun(side === 'head' ? 2 : 1, 1)), checkoutBase: checkout, now: () => (t += 60_000) })
    const progress = c2.err.filter(l => /round \d\/3/.test(l))
    expect(progress.slice(0, 2)).toEqual(['swarmbench gate: round 1/3: base', 'swarmbench gate: round 1/3: head'])
    expect(progress.slice(2)).toEqual(expect.arrayContaining([expect.stringMatching(/^swarmbench gate: round 2\/3: base \(ETA \d+ min \d+ s\)$/), expect.stringMatching(/^swarmbench gate: round 3\/3: head \(ETA \d+ min \d+ s\)$/)]))
  })

  it('removes a real git worktree after success and after failure', async () => {
    const repo = join(dir, 'repo')
    mkdirSync(repo)
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
    git('init', '-q', '-b', 'main')
    writeFileSync(join(repo, 'package.json'), '{"name":"x"}')
    git('add', '.')
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'init')
    const c = capture()
    const seen: string[] = []
    const ok = await runGate({ root: repo, base: 'main', rounds: 4, install: 'never' }, c.deps(async (side, round, root) => {
      if (side === 'base') { seen.push(root); expect(existsSync(join(root, 'package.json'))).toBe(true) }
      return suiteRun(round * 2 + (side === 'head' ? 1 : 0), 1)
    }))
    expect(ok.exitCode).toBe(0)
    expect(seen.length).toBe(4)
    expect(existsSync(seen[0]!)).toBe(false)
    const failed = await runGate({ root: repo, base: 'main', install: 'never' }, c.deps(async side => { if (side === 'base') { seen.push('x'); throw new Error('boom') } return suiteRun(1, 1) }))
    expect(failed.exitCode).toBe(2)
    expect(git('worktree', 'list').split('\n')).toHaveLength(1)
    const bad = await runGate({ root: repo, base: 'no-such-ref' }, c.deps())
    expect(bad.reason).toMatch(/git ref 'no-such-ref' not found/)
    expect((await runGate({ root: repo, base: '--evil' }, c.deps())).reason).toMatch(/invalid git ref/)
  })

  it('removes the worktree on Ctrl-C (SIGINT) and exits 130', async () => {
    const repo = join(dir, 'repo')
    mkdirSync(repo)
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8' }).trim()
    git('init', '-q', '-b', 'main')
    writeFileSync(join(repo, 'f'), 'x')
    git('add', '.')
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'init')
    const script = join(dir, 'hold.ts')
    writeFileSync(script, `import { withWorktree } from ${JSON.stringify(join(process.cwd(), 'src/gate/worktree.ts'))}
await withWorktree(${JSON.stringify(repo)}, 'main', async wt => { console.log(wt.dir); await new Promise(r => setTimeout(r, 20000)) })`)
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] })
    const wtDir = await new Promise<string>(res => child.stdout.once('data', d => res(String(d).trim())))
    expect(existsSync(wtDir)).toBe(true)
    child.kill('SIGINT')
    const code = await new Promise<number | null>(res => child.once('exit', c => res(c)))
    expect(code).toBe(130)
    expect(existsSync(wtDir)).toBe(false)
    expect(git('worktree', 'list').split('\n')).toHaveLength(1)
  })

  it('plans dependencies: link on identical lockfiles, install otherwise', () => {
    const head = join(dir, 'head'), base = join(dir, 'base')
    for (const d of [head, base]) { mkdirSync(d); writeFileSync(join(d, 'package.json'), '{}'); writeFileSync(join(d, 'package-lock.json'), '{"v":1}') }
    mkdirSync(join(head, 'node_modules'))
    expect(planDeps(head, base, 'auto').action).toBe('link')
    expect(planDeps(head, base, 'always').action).toBe('install')
    expect(planDeps(head, base, 'never').action).toBe('none')
    writeFileSync(join(base, 'package-lock.json'), '{"v":2}')
    expect(planDeps(head, base, 'auto')).toMatchObject({ action: 'install', reason: expect.stringMatching(/differ/) })
    expect(planDeps(head, join(dir, 'nothing'), 'auto').action).toBe('none')
  })

  it('prepares dependencies for real: a symlink when reusing, npm when installing', () => {
    const head = join(dir, 'head'), base = join(dir, 'base'), fresh = join(dir, 'fresh')
    for (const d of [head, base, fresh]) { mkdirSync(d); writeFileSync(join(d, 'package.json'), '{"name":"p","version":"1.0.0"}') }
    for (const d of [head, base]) writeFileSync(join(d, 'package-lock.json'), '{"v":1}')
    mkdirSync(join(head, 'node_modules'))
    const log: string[] = []
    expect(prepareDeps(head, base, 'auto', l => log.push(l)).action).toBe('link')
    expect(existsSync(join(base, 'node_modules'))).toBe(true)
    // No dependencies and no lockfile: `npm install` runs without the network and writes a lockfile.
    expect(prepareDeps(head, fresh, 'auto', l => log.push(l)).action).toBe('install')
    expect(existsSync(join(fresh, 'package-lock.json'))).toBe(true)
    writeFileSync(join(fresh, 'package.json'), '{not json')
    expect(() => prepareDeps(head, fresh, 'always', () => {})).toThrow(/npm ci failed in the base checkout/)
    expect(log.join('\n')).toMatch(/reusing node_modules/)
  }, 20_000)
})

describe('gate helpers', () => {
  it('sign test matches the binomial', () => {
    expect(signTest(5, 5)).toBeCloseTo(2 / 32, 12)
    expect(signTest(0, 6)).toBeCloseTo(2 / 64, 12)
    expect(signTest(3, 6)).toBe(1)
    expect(signTest(0, 0)).toBe(1)
  })
  it('roundOf and perRoundChanges split an interleaved run', () => {
    const b = mergeRounds([suiteRun(1, 1), suiteRun(2, 1)]), h = mergeRounds([suiteRun(3, 1.5), suiteRun(4, 1.5)])
    expect(b.run.rounds).toBe(2)
    expect(b.entries['suite › slow']!.metrics.tokens!.rounds).toHaveLength(2)
    expect(Object.values(roundOf(b, 1).entries).every(e => e.rounds.length === 1)).toBe(true)
    const rows = perRoundChanges(b, h)
    expect(rows.find(r => r.id === 'suite › slow')!.changesPct.every(c => c! > 20)).toBe(true)
    expect(() => mergeRounds([])).toThrow(/no runs/)
  })
  it('escapes annotation data', () => {
    const c = compareBaselines(mergeRounds([1, 2, 3, 4, 5].map(i => suiteRun(i, 1))), mergeRounds([6, 7, 8, 9, 10].map(i => suiteRun(i, 2))))
    const row = c.rows.find(r => r.verdict === 'regressed')!
    expect(annotation({ ...row, note: '50%\nx' })).toMatch(/50%25%0Ax$/)
    expect(evaluate(c).exitCode).toBe(1)
  })
  it('addWorktree refuses outside git', async () => {
    expect(() => addWorktree(dir, 'main')).toThrow(/not inside a git repository/)
    let called = false
    await expect(withWorktree(dir, 'main', async () => { called = true })).rejects.toThrow(/not inside a git repository/)
    expect(called).toBe(false)
  })
  it('withWorktree: the base commit checked out for fn, removed on return and on throw, signal handlers released', async () => {
    const repo = join(dir, 'repo')
    mkdirSync(repo)
    const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8' }).trim()
    git('init', '-q', '-b', 'main')
    writeFileSync(join(repo, 'f'), 'base')
    git('add', '.')
    git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'init')
    const sha = git('rev-parse', 'HEAD')
    writeFileSync(join(repo, 'f'), 'head, uncommitted')
    const listeners = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]
    const seen = await withWorktree(repo, 'main', async wt => {
      expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(listeners.map(n => n + 1))
      return { dir: wt.dir, sha: wt.sha, f: readFileSync(join(wt.dir, 'f'), 'utf8'), there: existsSync(wt.dir) }
    })
    expect(seen).toMatchObject({ sha, f: 'base', there: true })
    expect(existsSync(seen.dir)).toBe(false)
    let thrownIn = ''
    await expect(withWorktree(repo, sha, async wt => { thrownIn = wt.dir; throw new Error('suite failed') })).rejects.toThrow('suite failed')
    expect(thrownIn).not.toBe('')
    expect(existsSync(thrownIn)).toBe(false)
    expect(git('worktree', 'list').split('\n')).toHaveLength(1)
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(listeners)
  })
})
