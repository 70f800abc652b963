// The adaptive gate (issue 20, item 4): rounds in looks, stopped as soon as every gating row is decided.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runGate, type GateDeps, type Side } from '../../src/gate/index.ts'
import { looksFor } from '../../src/gate/gate.ts'
import { createRng } from '../../src/random/index.ts'
import type { Baseline } from '../../src/schema/baseline.ts'
import { baseline, entry, metric, noisy } from './factory.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sb-adaptive-test-')) })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

/** One process run: three benchmarks with 1% between-process noise (`noise` for 'slow'); `factor` scales 'slow'. */
function suiteRun(seed: number, factor: number, noise = 0.01): Baseline {
  const r = createRng(seed)
  const row = (id: string, f: number, n = 0.01) => entry(id, [noisy(r, 40, (1 + n * r.normal()) * f, 0.01)])
  return baseline([
    { ...row('suite › slow', factor, noise), metrics: { tokens: metric('deterministic', [100]) } },
    row('suite › steady', 1),
    row('suite › other', 1),
  ])
}

function harness(factor: number, noise = 0.01) {
  const out: string[] = [], err: string[] = [], order: string[] = []
  let t = 0
  const deps: GateDeps = {
    env: {}, stdout: l => out.push(l), stderr: l => err.push(l), now: () => t,
    runSuite: async (side: Side, round: number) => { order.push(`${side[0]}${round}`); t += 60_000; return suiteRun(1000 * round + (side === 'head' ? 1 : 2), side === 'head' ? factor : 1, noise) },
    checkoutBase: async (_root, _ref, _install, fn) => fn(join(dir, 'base'), { dir: join(dir, 'base'), sha: 'f'.repeat(40), remove() {} }),
  }
  return { out, err, order, deps }
}

describe('swarmbench gate --base (adaptive by default)', () => {
  it('identical code: stops before the maximum once every row rules out a 5% slowdown, says how many rounds and why', async () => {
    const h = harness(1)
    const res = await runGate({ root: dir, base: 'main' }, h.deps)
    expect(res.exitCode).toBe(0)
    expect(res.adaptive).toMatchObject({ stopped: 'decided', maxRounds: 6, looks: [2, 3, 4, 6] })
    expect(res.adaptive!.rounds).toBeLessThan(6)
    expect(h.order).toHaveLength(2 * res.adaptive!.rounds)
    expect(h.order.slice(0, 4)).toEqual(['b0', 'h0', 'b1', 'h1'])
    expect(res.comparison!.sequential!.open).toBe(0)
    const steady = res.comparison!.rows.find(r => r.id === 'suite › steady' && r.metric === 'latency')!
    expect(steady.verdict).toBe('unchanged')
    expect(steady.judgedOn).toMatch(/adaptive, look \d of 4: a slowdown of \d+(\.\d+)?% or more ruled out at look \d \(\d rounds per side\)/)
    expect(h.out).toContain(`swarmbench gate: adaptive: ${res.adaptive!.rounds} of at most 6 rounds per side (base ${res.adaptive!.rounds}, head ${res.adaptive!.rounds}), stopped at look ${res.adaptive!.look + 1} of 4 because every gating row was decided`)
    expect(h.err.some(l => /^swarmbench gate: look 1\/4 after 2 round\(s\) per side: \d of 4 gating row\(s\) decided/.test(l))).toBe(true)
    expect(h.err[0]).toBe('swarmbench gate: round 1/≤6: base')
    expect(res.markdown).toMatch(/Adaptive gate: \d of at most 6 rounds per side .*O'Brien–Fleming-type spending of α over looks at 2, 3, 4, 6 rounds, Holm over the gating rows/)
  })

  it('a 2× slowdown fails at the first looks', async () => {
    const h = harness(2)
    const res = await runGate({ root: dir, base: 'main', adaptive: true }, h.deps)
    expect(res.exitCode).toBe(1)
    expect(res.adaptive!.rounds).toBeLessThanOrEqual(3)
    const slow = res.comparison!.rows.find(r => r.id === 'suite › slow' && r.metric === 'latency')!
    expect(slow.verdict).toBe('regressed')
    expect(slow.judgedOn).toMatch(/regressed at look [12]/)
    expect(slow.pAdjusted).toBeUndefined()
  })

  it('a small change on a noisier row runs to the last look', async () => {
    const h = harness(1.05, 0.02)
    const res = await runGate({ root: dir, base: 'main', maxRounds: 4 }, h.deps)
    expect(res.adaptive).toMatchObject({ stopped: 'last-look', rounds: 4, looks: [2, 3, 4] })
    expect(res.adaptive!.summary).toMatch(/the last look was reached with \d row\(s\) still open \(judged at 4 rounds\)/)
  })

  it('--rounds N is the fixed design of N rounds, and adaptive: false (--no-adaptive) the fixed 6; the same code that stops at 2 rounds by default', async () => {
    const byDefault = harness(1)
    const d = await runGate({ root: dir, base: 'main' }, byDefault.deps)
    expect(d.adaptive).toMatchObject({ stopped: 'decided', rounds: 2, looks: [2, 3, 4, 6] })
    expect(byDefault.order).toHaveLength(4)
    for (const [options, n] of [[{ rounds: 6 }, 6], [{ adaptive: false }, 6], [{ rounds: 3 }, 3]] as const) {
      const fixed = harness(1)
      const f = await runGate({ root: dir, base: 'main', ...options }, fixed.deps)
      expect(f.exitCode).toBe(0)
      expect(f.adaptive).toBeUndefined()
      expect(fixed.order).toHaveLength(2 * n)
      expect(f.comparison!.sequential).toBeUndefined()
      expect(fixed.err[0]).toBe(`swarmbench gate: round 1/${n}: base`)
      expect(fixed.out.some(l => l.includes('adaptive:'))).toBe(false)
    }
  })

  it('after a look, only the bench files with an open gating row run; rows of the others keep their rounds; a runner returning more is cut', async () => {
    const calls: (readonly string[] | undefined)[] = []
    const inFile = (file: string, e: Baseline['entries'][string]) => ({ ...e, file })
    const run = (seed: number, factor: number) => {
      const r = createRng(seed)
      return baseline([
        inFile('benches/busy.bench.ts', entry('busy › slow', [noisy(r, 40, (1 + 0.02 * r.normal()) * factor, 0.01)])),
        inFile('benches/quiet.bench.ts', entry('quiet › a', [noisy(r, 40, 1 + 0.002 * r.normal(), 0.01)])),
        inFile('benches/quiet.bench.ts', entry('quiet › b', [noisy(r, 40, 2 + 0.004 * r.normal(), 0.01)])),
      ])
    }
    const h = harness(1)
    // this runner ignores `files` and returns the whole suite: the gate keeps only the files it asked for
    h.deps.runSuite = async (side, round, _root, files) => { calls.push(files); return run(1000 * round + (side === 'head' ? 1 : 2), side === 'head' ? 1.05 : 1) }
    const res = await runGate({ root: dir, base: 'main', maxRounds: 4 }, h.deps)
    expect(res.adaptive).toMatchObject({ stopped: 'last-look', rounds: 4, fileRounds: { 'benches/busy.bench.ts': 4, 'benches/quiet.bench.ts': 2 } })
    expect(calls.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined])
    expect(calls.slice(4)).toEqual(Array(4).fill(['benches/busy.bench.ts']))
    expect(h.err).toContain('swarmbench gate: later rounds run 1 of 2 bench file(s), those with an open gating row: benches/busy.bench.ts')
    const rows = res.comparison!.rows.filter(r => r.metric === 'latency')
    expect(rows.find(r => r.id === 'quiet › a')).toMatchObject({ verdict: 'unchanged', n: { base: 2, head: 2 }, judgedOn: expect.stringMatching(/; not run after look 1 \(2 rounds per side\): no open row in its file$/) })
    expect(rows.find(r => r.id === 'busy › slow')).toMatchObject({ n: { base: 4, head: 4 } })
    expect(res.base!.entries['quiet › a']!.rounds).toHaveLength(2)
    expect(res.adaptive!.summary).toMatch(/; rounds per side by bench file \(later looks ran only files with an open row\): 4 for benches\/busy\.bench\.ts; 2 for benches\/quiet\.bench\.ts$/)
    expect(res.markdown).toMatch(/Interleaved runs: up to 4 round\(s\) per side \(fewer for bench files without an open row; each row says its own\)/)
    // per-round changes: the quiet rows have 2 pairs
    expect(res.perRound!.find(r => r.id === 'quiet › a')!.pairs).toBe(2)
    // --all-files: every file at every look
    calls.length = 0
    const all = await runGate({ root: dir, base: 'main', maxRounds: 4, allFiles: true }, h.deps)
    expect(calls).toEqual(Array(8).fill(undefined))
    expect(all.adaptive!.fileRounds).toEqual({ 'benches/busy.bench.ts': 4, 'benches/quiet.bench.ts': 4 })
    expect(all.adaptive!.summary).not.toMatch(/by bench file/)
    expect((await runGate({ root: dir, base: 'main', rounds: 4, allFiles: true }, h.deps)).reason).toMatch(/--all-files belong to the adaptive gate/)
  })

  it('--max-minutes: no look is started that the rounds so far say would overrun the budget', async () => {
    const h = harness(1.05, 0.02)
    // every suite run takes a minute: after look 1 (2 rounds, 4 min) the next round would end at 6 min
    const res = await runGate({ root: dir, base: 'main', maxMinutes: 5 }, h.deps)
    expect(res.adaptive).toMatchObject({ stopped: 'budget', rounds: 2 })
    expect(res.adaptive!.summary).toMatch(/time budget would be overrun by the next look/)
  })

  it('--looks and --detect reach the plan', async () => {
    const h = harness(1)
    const res = await runGate({ root: dir, base: 'main', looks: [3, 5], detect: 0.2 }, h.deps)
    expect(res.adaptive).toMatchObject({ looks: [3, 5], rounds: 3, stopped: 'decided' })
    expect(res.comparison!.sequential!.futility).toMatch(/slowdown 20%/)
  })

  it('refuses adaptive flags that cannot apply, in one line', async () => {
    const h = harness(1)
    expect((await runGate({ root: dir, base: 'main', rounds: 4, maxRounds: 6 }, h.deps)).reason).toMatch(/--max-rounds belong to the adaptive gate: use them with --base REF and without --rounds or --no-adaptive/)
    expect((await runGate({ root: dir, base: 'main', adaptive: false, detect: 0.1, maxMinutes: 5 }, h.deps)).reason).toMatch(/^--detect, --max-minutes belong to the adaptive gate/)
    expect((await runGate({ root: dir, baseline: 'b.json', adaptive: false }, h.deps)).reason).toMatch(/--no-adaptive belongs to --base REF/)
    expect((await runGate({ root: dir, base: 'main', rounds: 4, adaptive: true }, h.deps)).reason).toMatch(/with --adaptive give the most rounds as --max-rounds N/)
    expect((await runGate({ root: dir, baseline: 'b.json', adaptive: true }, h.deps)).reason).toMatch(/--adaptive needs --base REF/)
    expect((await runGate({ root: dir, base: 'main', looks: [3, 3] }, h.deps)).reason).toMatch(/--looks must increase/)
    expect(h.order).toHaveLength(0)
  })

  it('looks for a maximum: 2, 3, 4, 6, 8, 12, … below it, then it', () => {
    expect(looksFor(6)).toEqual([2, 3, 4, 6])
    expect(looksFor(2)).toEqual([2])
    expect(looksFor(5)).toEqual([2, 3, 4, 5])
    expect(looksFor(10)).toEqual([2, 3, 4, 6, 8, 10])
    expect(looksFor(20)).toEqual([2, 3, 4, 6, 8, 12, 16, 20])
  })
})
