// Pooled and per-benchmark view of one or more calibration results written by `scripts/calibrate.ts --json FILE`.
// Trials of separate runs use disjoint processes, so they are independent and can be pooled; the rates are
// recomputed from the pooled counts with 95% Wilson intervals. The per-benchmark table gives the observed
// change in A/A and A/A′ and the minimal detectable effect the gate reported, which explains the rates.
//   node scripts/calibrate-summary.ts FILE [FILE …]
import { readFileSync } from 'node:fs'
import { median, wilson } from '../src/compare/stats/index.ts'
import type { ComparisonRow } from '../src/compare/types.ts'

interface Tally { trials: number; suiteFailures: number; rows: number; rowRegressed: number; rowImproved: number; exit2: number }
interface Calibration { trials: number; rounds: number; slowdown: number; seconds: number; processes: number; aa: Tally; ab: Tally; big: Tally; details: { trial: number; aa?: ComparisonRow[]; ab?: ComparisonRow[] }[] }

const files = process.argv.slice(2)
if (files.length === 0) { console.error('usage: node scripts/calibrate-summary.ts CALIBRATION.json [MORE.json …]'); process.exit(2) }
const runs = files.map(f => {
  try { return JSON.parse(readFileSync(f, 'utf8')) as Calibration } catch (err) {
    console.error(`calibrate-summary: cannot read ${f}: ${(err as Error).message}`); process.exit(2)
  }
})
const rounds = new Set(runs.map(r => r.rounds)), slowdowns = new Set(runs.map(r => r.slowdown))
if (rounds.size > 1 || slowdowns.size > 1) { console.error(`calibrate-summary: runs differ in rounds (${[...rounds]}) or slowdown (${[...slowdowns]}); pool only like with like`); process.exit(2) }

const sum = (k: 'aa' | 'ab' | 'big'): Tally => runs.reduce<Tally>((t, r) => {
  for (const f of Object.keys(t) as (keyof Tally)[]) t[f] += r[k][f]
  return t
}, { trials: 0, suiteFailures: 0, rows: 0, rowRegressed: 0, rowImproved: 0, exit2: 0 })
const aa = sum('aa'), ab = sum('ab'), big = sum('big')
const seconds = runs.reduce((s, r) => s + r.seconds, 0), processes = runs.reduce((s, r) => s + r.processes, 0)
const pct = (k: number, n: number) => {
  const [lo, hi] = wilson(k, n)
  return `${k}/${n} = ${(100 * k / Math.max(1, n)).toFixed(1)}% (95% CI ${(100 * lo).toFixed(1)}–${(100 * hi).toFixed(1)}%)`
}
const slow = `${(100 * [...slowdowns][0]!).toFixed(0)}%`
console.log(`pooled: ${files.length} run(s), ${aa.trials} trials, ${[...rounds][0]} rounds per side, ${processes} vitest processes, ${(seconds / 60).toFixed(1)} min (${(seconds / Math.max(1, aa.trials)).toFixed(0)} s per trial for both configurations)`)
console.log(`A/A  false alarm per benchmark (regressed): ${pct(aa.rowRegressed, aa.rows)}; any verdict ≠ unchanged: ${pct(aa.rowRegressed + aa.rowImproved, aa.rows)}`)
console.log(`A/A  false alarm per suite run (gate exit 1): ${pct(aa.suiteFailures, aa.trials)}; exit 2: ${aa.exit2}`)
console.log(`A/A′ ${slow} slowdown detected per benchmark: ${pct(ab.rowRegressed, ab.rows)}`)
console.log(`A/A′ ${slow} slowdown detected per suite run (gate exit 1): ${pct(ab.suiteFailures, ab.trials)}`)
if (big.trials) console.log(`2× slowdown fails the gate: ${pct(big.suiteFailures, big.trials)}; per benchmark ${pct(big.rowRegressed, big.rows)}`)

const by = new Map<string, { aa: ComparisonRow[]; ab: ComparisonRow[] }>()
for (const t of runs.flatMap(r => r.details)) {
  for (const [k, rows] of [['aa', t.aa], ['ab', t.ab]] as const) {
    for (const r of rows ?? []) {
      if (r.metric !== 'latency') continue
      const name = r.id.split(' › ').at(-1)!
      const slot = by.get(name) ?? { aa: [], ab: [] }
      slot[k].push(r)
      by.set(name, slot)
    }
  }
}
const f = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`
console.log('\nbenchmark    trials  A/A median |change|  A/A′ median change  median MDE  A/A regressed  A/A′ regressed')
for (const [name, { aa, ab }] of [...by].sort()) {
  const absAa = median(aa.map(r => Math.abs(r.changePct ?? 0)))
  const chAb = median(ab.map(r => r.changePct ?? 0))
  const mde = median([...aa, ...ab].map(r => r.mdePct ?? NaN).filter(Number.isFinite))
  console.log(`${name.padEnd(12)} ${String(aa.length).padStart(6)}  ${f(absAa).padStart(19)}  ${f(chAb).padStart(18)}  ${f(mde).padStart(10)}  ${String(aa.filter(r => r.verdict === 'regressed').length).padStart(13)}  ${String(ab.filter(r => r.verdict === 'regressed').length).padStart(14)}`)
}
