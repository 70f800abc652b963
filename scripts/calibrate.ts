// Calibration of the regression gate (issue 3): how often does it raise a false alarm on identical code
// (A/A), and how often does it catch a known slowdown (A/A′)? Every figure comes from real `vitest bench`
// processes of benches/calibration.bench.ts; the slowdown is real extra work injected through
// SWARMBENCH_CALIBRATION_SLOWDOWN.
//
// Design: each trial runs `rounds` round-sets; a round-set is one process each of A (base), A (head of the
// A/A trial) and A′ (head of the A/A′ trial), in a seeded random order, so drift hits all three alike. The
// gate (runGate: merge rounds, compare, Holm, evaluate) then judges base vs A and base vs A′ exactly as
// `swarmbench gate --base` would, only with the processes already run (base and head are the same commit,
// so no worktree is needed). Trials use disjoint processes, so they are independent.
//
// With --adaptive, every trial is also judged by the adaptive gate (issue 20: rounds in looks 2, 3, 4, 6, stopped
// once every gating row is decided) on the same processes: it takes the round-sets in the order they ran, as
// an interleaved adaptive gate would have, and stops where it stops; the report adds its counts and the rounds
// per side it used, beside the fixed gate's.
//
//   npm run calibrate -- --trials 20 --rounds 6 [--slowdown 0.05] [--fail-closed 3] [--adaptive] [--json out.json]
import { parseArgs } from 'node:util'
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { runGate, type GateResult } from '../src/gate/index.ts'
import { runSuite } from '../src/run/index.ts'
import { createRng } from '../src/random/index.ts'
import { wilson } from '../src/compare/stats/index.ts'
import type { Baseline } from '../src/schema/baseline.ts'

const { values: a } = parseArgs({
  options: {
    trials: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '6' },
    slowdown: { type: 'string', default: '0.05' },
    'fail-closed': { type: 'string', default: '3' },
    seed: { type: 'string', default: '1' },
    /** Start no new trial after this many minutes (the trials run so far are reported). */
    minutes: { type: 'string', default: '0' },
    json: { type: 'string' },
    root: { type: 'string', default: '.' },
    adaptive: { type: 'boolean', default: false },
  },
})
const int = (v: string, name: string, min: number) => {
  const n = Number(v)
  if (!Number.isInteger(n) || n < min) { console.error(`calibrate: --${name} takes a whole number ≥ ${min}, got '${v}'`); process.exit(2) }
  return n
}
const trials = int(a.trials, 'trials', 1), rounds = int(a.rounds, 'rounds', 1), failClosed = int(a['fail-closed'], 'fail-closed', 0)
const slowdown = Number(a.slowdown)
if (!(slowdown > 0 && slowdown <= 10)) { console.error(`calibrate: --slowdown takes a fraction such as 0.05, got '${a.slowdown}'`); process.exit(2) }
const root = resolve(a.root)
const rng = createRng(int(a.seed, 'seed', 0))

async function oneRun(knob: number): Promise<Baseline> {
  const { run } = await runSuite({
    root, filters: ['benches/calibration.bench.ts'], output: 'ignore',
    env: { ...process.env, SWARMBENCH_CALIBRATION_SLOWDOWN: String(knob) },
  })
  return run
}

async function judge(base: Baseline[], head: Baseline[], adaptive = false): Promise<GateResult> {
  const queue = { base: [...base], head: [...head] }
  return runGate({ root, base: 'HEAD', ...(adaptive ? { maxRounds: base.length } : { rounds: base.length }), report: '.swarmbench/calibration-gate.md' }, {
    env: {}, stdout: () => {}, stderr: () => {},
    runSuite: async side => queue[side].shift()!,
    checkoutBase: (_root, _ref, _install, fn) => fn(root, { dir: root, sha: 'same-commit', remove() {} }),
  })
}

interface Tally { trials: number; suiteFailures: number; rows: number; rowRegressed: number; rowImproved: number; exit2: number }
const tally = (): Tally => ({ trials: 0, suiteFailures: 0, rows: 0, rowRegressed: 0, rowImproved: 0, exit2: 0 })
const aa = tally(), ab = tally(), big = tally()
const ad = { aa: tally(), ab: tally(), big: tally() }
const used: Record<'aa' | 'ab' | 'big', number[]> = { aa: [], ab: [], big: [] }
const details: unknown[] = []

function count(t: Tally, r: GateResult): void {
  t.trials++
  if (r.exitCode === 1) t.suiteFailures++
  if (r.exitCode === 2) t.exit2++
  for (const row of r.comparison?.rows ?? []) {
    if (row.metric !== 'latency') continue
    t.rows++
    if (row.verdict === 'regressed') t.rowRegressed++
    if (row.verdict === 'improved') t.rowImproved++
  }
}

const pct = (k: number, n: number) => {
  const [lo, hi] = wilson(k, n)
  return `${k}/${n} = ${(100 * k / Math.max(1, n)).toFixed(1)}% (95% CI ${(100 * lo).toFixed(1)}–${(100 * hi).toFixed(1)}%)`
}
const budgetMs = Number(a.minutes) * 60_000
const t0 = performance.now()
let processes = 0
for (let t = 0; t < trials; t++) {
  if (budgetMs > 0 && performance.now() - t0 > budgetMs) { console.log(`time budget of ${a.minutes} min reached after ${t} trial(s)`); break }
  const withBig = t < failClosed
  const sides: Record<'A' | 'A2' | 'S' | 'X', Baseline[]> = { A: [], A2: [], S: [], X: [] }
  for (let i = 0; i < rounds; i++) {
    const order = rng.shuffle<keyof typeof sides>(withBig ? ['A', 'A2', 'S', 'X'] : ['A', 'A2', 'S'])
    for (const k of order) { sides[k].push(await oneRun(k === 'S' ? slowdown : k === 'X' ? 1 : 0)); processes++ }
  }
  const rAA = await judge(sides.A, sides.A2), rAB = await judge(sides.A, sides.S)
  count(aa, rAA); count(ab, rAB)
  const line = [`trial ${t + 1}/${trials}`, `A/A exit ${rAA.exitCode}`, `A/A′ exit ${rAB.exitCode}`]
  if (withBig) { const rX = await judge(sides.A, sides.X); count(big, rX); line.push(`2× exit ${rX.exitCode}`) }
  const adaptiveRows: string[] = []
  const adaptiveDetails: Record<string, unknown> = {}
  if (a.adaptive) {
    const pairs = [['aa', sides.A2], ['ab', sides.S], ...(withBig ? [['big', sides.X]] : [])] as ['aa' | 'ab' | 'big', Baseline[]][]
    const parts: string[] = []
    for (const [k, head] of pairs) {
      const r = await judge(sides.A, head, true)
      count(ad[k], r)
      used[k].push(r.adaptive!.rounds)
      parts.push(`${k} exit ${r.exitCode} after ${r.adaptive!.rounds}`)
      adaptiveRows.push(`    adaptive ${k}: ${changes(r)}`)
      adaptiveDetails[k] = r.comparison?.rows
    }
    line.push(`adaptive: ${parts.join(', ')}`)
  }
  function changes(r: GateResult): string { return r.comparison!.rows.filter(x => x.metric === 'latency').map(x => `${x.id.split(' › ').at(-1)} ${x.changePct!.toFixed(1)}% [${x.ciPct?.map(v => v.toFixed(1)).join('..')}] ${x.verdict}`).join('; ') }
  console.log(`${line.join(' · ')} · ${((performance.now() - t0) / 1000).toFixed(0)} s\n    A/A : ${changes(rAA)}\n    A/A′: ${changes(rAB)}`)
  if (adaptiveRows.length) console.log(adaptiveRows.join('\n'))
  // Every round's median per benchmark and side, so any gate can be replayed on these processes later.
  const medians = Object.fromEntries(Object.entries(sides).filter(([, v]) => v.length).map(([k, v]) => [k, v.map(run => Object.fromEntries(Object.values(run.entries).map(e => [e.id.split(' › ').at(-1), e.rounds[0]?.latency.p50])))]))
  details.push({ trial: t + 1, aa: rAA.comparison?.rows, ab: rAB.comparison?.rows, adaptive: adaptiveDetails, medians })
  if (a.json) writeFileSync(a.json, JSON.stringify({ partial: true, trials: aa.trials, rounds, slowdown, seconds: (performance.now() - t0) / 1000, processes, aa, ab, big, adaptive: a.adaptive ? { ...ad, rounds: used } : undefined, report: summary((performance.now() - t0) / 1000), details }, null, 2))
}
const seconds = (performance.now() - t0) / 1000

function summary(seconds: number): string[] { return [
  `swarmbench gate calibration — benches/calibration.bench.ts (3 benchmarks), ${rounds} rounds per side, interleaved, Holm, α = 0.05, threshold 2%`,
  `trials: ${aa.trials}; vitest processes: ${processes}; total time ${seconds.toFixed(0)} s (${(seconds / Math.max(1, aa.trials)).toFixed(0)} s per trial for both configurations)`,
  `A/A  false alarm per benchmark (regressed): ${pct(aa.rowRegressed, aa.rows)}; any verdict ≠ unchanged: ${pct(aa.rowRegressed + aa.rowImproved, aa.rows)}`,
  `A/A  false alarm per suite run (gate exit 1): ${pct(aa.suiteFailures, aa.trials)}; exit 2: ${aa.exit2}`,
  `A/A′ ${(slowdown * 100).toFixed(0)}% slowdown detected per benchmark: ${pct(ab.rowRegressed, ab.rows)}`,
  `A/A′ ${(slowdown * 100).toFixed(0)}% slowdown detected per suite run (gate exit 1): ${pct(ab.suiteFailures, ab.trials)}`,
  ...(big.trials ? [`2× slowdown fails the gate: ${pct(big.suiteFailures, big.trials)}; per benchmark ${pct(big.rowRegressed, big.rows)}`] : []),
  ...(a.adaptive ? [
    `adaptive gate (looks 2, 3, 4, ${rounds}; same processes, stopped where it stops):`,
    `A/A  false alarm per benchmark: ${pct(ad.aa.rowRegressed, ad.aa.rows)}; per suite run: ${pct(ad.aa.suiteFailures, ad.aa.trials)}; exit 2: ${ad.aa.exit2}; rounds per side ${roundsText(used.aa)}`,
    `A/A′ ${(slowdown * 100).toFixed(0)}% slowdown detected per benchmark: ${pct(ad.ab.rowRegressed, ad.ab.rows)}; per suite run: ${pct(ad.ab.suiteFailures, ad.ab.trials)}; rounds per side ${roundsText(used.ab)}`,
    ...(ad.big.trials ? [`2× slowdown fails the gate: ${pct(ad.big.suiteFailures, ad.big.trials)}; rounds per side ${roundsText(used.big)}`] : []),
  ] : []),
] }

/** "mean 2.4 (95% CI 2.2–2.6; 2:10 3:4 …) = 60% fewer than N" */
function roundsText(xs: number[]): string {
  if (!xs.length) return 'n/a'
  const m = xs.reduce((x, y) => x + y, 0) / xs.length
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((x, y) => x + (y - m) ** 2, 0) / (xs.length - 1)) : 0
  const h = (1.96 * sd) / Math.sqrt(xs.length)
  const hist = [...new Set(xs)].sort((x, y) => x - y).map(n => `${n}:${xs.filter(x => x === n).length}`).join(' ')
  return `mean ${m.toFixed(2)} (95% CI ${(m - h).toFixed(2)}–${(m + h).toFixed(2)}; stopped at ${hist}) = ${(100 * (1 - m / rounds)).toFixed(0)}% fewer than ${rounds}`
}
const report = summary(seconds)
console.log(`\n${report.join('\n')}`)
if (a.json) writeFileSync(a.json, JSON.stringify({ partial: false, trials: aa.trials, rounds, slowdown, seconds, processes, aa, ab, big, adaptive: a.adaptive ? { ...ad, rounds: used } : undefined, report, details }, null, 2))
