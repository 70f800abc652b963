// The adaptive gate against the fixed one on simulated suites (issue 20, item 4). Each trial draws 6 (--max)
// rounds per side; the fixed gate judges all of them, the adaptive gate the rounds up to the look where it
// stops (the same rounds, as an interleaved gate would have run them), so the two are compared pairwise. Both
// go through the product's comparison (compareBaselines: per-round log medians, moderated t; Holm, or the
// group-sequential Holm with spending boundaries at each look). Figures are simulated (seeded).
//
// Scenarios: A/A (no change), every row slowed by --effect (5%), every row slowed 2×.
// Suites: --preset calibration = the three kernels of benches/calibration.bench.ts with their measured
// between-process spread (notes/issue-3.md: xorshift and murmur ±1%, MD5 ±3%; the A/A intervals of
// notes/calibration/ put xorshift nearer 1.5%); or --rows N with sd log-uniform in [--sd-min, --sd-max].
//
//   nice -n 10 npx node scripts/adaptive-simulate.ts --preset calibration --trials 2000 --seed 1
//   nice -n 10 npx node scripts/adaptive-simulate.ts --rows 200 --trials 100 --seed 2
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { compareBaselines, SequentialPlanSchema, type Comparison, type CompareOptionsInput } from '../src/compare/index.ts'
import { wilson } from '../src/compare/stats/index.ts'
import { mergeRounds } from '../src/gate/merge.ts'
import { runLooks } from '../src/gate/adaptive.ts'
import { createRng, type Rng } from '../src/random/index.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry, type Round } from '../src/schema/baseline.ts'

const { values: a } = parseArgs({
  options: {
    preset: { type: 'string' },
    rows: { type: 'string', default: '3' },
    'sd-min': { type: 'string', default: '0.005' },
    'sd-max': { type: 'string', default: '0.05' },
    trials: { type: 'string', default: '1000' },
    effect: { type: 'string', default: '0.05' },
    looks: { type: 'string', default: '2,3,4,6' },
    detect: { type: 'string', default: '0.05' },
    beta: { type: 'string', default: '0.2' },
    'futility-gamma': { type: 'string', default: '1' },
    alternative: { type: 'string', default: 'row' },
    'tail-df': { type: 'string', default: '0' },
    /** Load shocks: each process run is, with this probability, slowed as a whole (every row) by |N(0, spike-sd)|. */
    'spike-p': { type: 'string', default: '0' },
    'spike-sd': { type: 'string', default: '0.05' },
    seed: { type: 'string', default: '1' },
    /** Scenarios to run: aa, effect, 2x (comma-separated). */
    only: { type: 'string', default: 'aa,effect,2x' },
    json: { type: 'string' },
  },
})
const looks = a.looks.split(',').map(Number)
const plan = SequentialPlanSchema.parse({ looks, futility: { detect: Number(a.detect), beta: Number(a.beta), spending: { family: 'hsd', gamma: Number(a['futility-gamma']) }, alternative: a.alternative } })
const max = looks.at(-1)!
const trials = Number(a.trials), effect = Number(a.effect), tailDf = Number(a['tail-df'])
const sds: () => number[] = a.preset === 'calibration'
  ? () => [0.03, 0.01, 0.015]
  : (() => { const n = Number(a.rows), lo = Math.log(Number(a['sd-min'])), hi = Math.log(Number(a['sd-max'])); return () => Array.from({ length: n }, () => Math.exp(lo + rng.next() * (hi - lo))) })()
const ENV: Baseline['run']['env'] = { node: 'v24.0.0', v8: '13', os: 'linux', arch: 'x64', cpuModel: 'simulated', cpuCount: 2, vitest: '5', moduleRunner: true }
const options: CompareOptionsInput = {}
const rng = createRng(Number(a.seed))

function noise(r: Rng): number {
  if (!tailDf) return r.normal()
  let chi = 0
  for (let i = 0; i < tailDf; i++) chi += r.normal() ** 2
  return (r.normal() / Math.sqrt(chi / tailDf)) * Math.sqrt((tailDf - 2) / tailDf)
}
function round(median: number): Round {
  return { latency: { n: 100, mean: median, min: median * 0.9, max: median * 1.5, p50: median, p75: median * 1.05, p99: median * 1.3, sd: median * 0.05, rme: 1 }, throughputMean: 1000 / median }
}
/** One process run (round) of a side: every row's median for this round. */
const spikeP = Number(a['spike-p']), spikeSd = Number(a['spike-sd'])
function oneRound(rows: { id: string; centre: number; sd: number }[], factor: number): Baseline {
  const entries: Record<string, Entry> = {}
  // a load shock hits the whole process: every benchmark in it is slower by the same factor
  const shock = spikeP > 0 && rng.next() < spikeP ? Math.abs(spikeSd * rng.normal()) : 0
  for (const r of rows) entries[r.id] = { id: r.id, project: 'sim', file: 'calibration.bench.ts', test: 't', bench: r.id, metrics: {}, rounds: [round(r.centre * factor * Math.exp(r.sd * noise(rng) + shock))] }
  return { schemaVersion: BASELINE_SCHEMA_VERSION, run: { createdAt: '2026-12-02T00:00:00.000Z', rounds: 1, git: { sha: null, branch: null, dirty: null }, env: ENV }, entries }
}

interface Tally { suites: number; fixedFail: number; adaptiveFail: number; rows: number; fixedRows: number; adaptiveRows: number; rounds: number[] }
const tally = (): Tally => ({ suites: 0, fixedFail: 0, adaptiveFail: 0, rows: 0, fixedRows: 0, adaptiveRows: 0, rounds: [] })
const wanted = new Set(a.only.split(','))
const scenarios: Record<string, { factor: number; t: Tally }> = Object.fromEntries([
  ['aa', 'A/A', 1], ['effect', `${effect * 100}% slower`, 1 + effect], ['2x', '2× slower', 2],
].filter(([k]) => wanted.has(k as string)).map(([, name, factor]) => [name, { factor: factor as number, t: tally() }]))
const regressed = (c: Comparison) => c.rows.filter(r => r.gating && r.verdict === 'regressed').length

const t0 = performance.now()
for (let s = 0; s < trials; s++) {
  const rowSds = sds()
  const rows = rowSds.map((sd, i) => ({ id: `sim › calibration.bench.ts › t › row${i}`, centre: 0.05 + rng.next(), sd }))
  for (const sc of Object.values(scenarios)) {
    const base: Baseline[] = [], head: Baseline[] = []
    for (let i = 0; i < max; i++) { base.push(oneRound(rows, 1)); head.push(oneRound(rows, sc.factor)) }
    const fixed = compareBaselines(mergeRounds(base), mergeRounds(head), options)
    const adaptive = await runLooks({
      plan, round: async () => {},
      judge: look => compareBaselines(mergeRounds(base.slice(0, looks[look.look])), mergeRounds(head.slice(0, looks[look.look])), options, { sequential: look }),
    })
    const t = sc.t
    t.suites++; t.rows += rows.length
    const rf = regressed(fixed), ra = regressed(adaptive.comparison)
    t.fixedRows += rf; t.adaptiveRows += ra
    if (rf) t.fixedFail++
    if (ra) t.adaptiveFail++
    t.rounds.push(adaptive.rounds)
  }
}
const pct = (k: number, n: number) => { const [lo, hi] = wilson(k, n); return `${k}/${n} = ${(100 * k / n).toFixed(1)}% (95% CI ${(100 * lo).toFixed(1)}–${(100 * hi).toFixed(1)}%)` }
const meanCi = (xs: number[]) => { const m = xs.reduce((x, y) => x + y, 0) / xs.length; const sd = Math.sqrt(xs.reduce((x, y) => x + (y - m) ** 2, 0) / (xs.length - 1)); const h = 1.96 * sd / Math.sqrt(xs.length); return { mean: m, lo: m - h, hi: m + h } }
const report: string[] = [`adaptive vs fixed ${max} rounds per side — ${a.preset === 'calibration' ? 'calibration preset (3 rows, sd 3%, 1%, 1.5%)' : `${a.rows} rows, sd log-uniform ${a['sd-min']}–${a['sd-max']}`}${tailDf ? `, t noise (${tailDf} df)` : ''}${spikeP ? `, load shocks p ${spikeP} sd ${spikeSd}` : ''}; looks ${looks.join(',')}; O'Brien–Fleming efficacy; futility HSD(${a['futility-gamma']}) β ${a.beta} at ${Number(a.detect) * 100}% (alternative: ${a.alternative}); Holm α 0.05, threshold 2%; ${trials} trials, seed ${a.seed}`]
const out: Record<string, unknown> = {}
for (const [name, { t }] of Object.entries(scenarios)) {
  const r = meanCi(t.rounds)
  const hist = looks.map(n => `${n}:${t.rounds.filter(x => x === n).length}`).join(' ')
  report.push(`${name.padEnd(10)} suites failing: fixed ${pct(t.fixedFail, t.suites)}; adaptive ${pct(t.adaptiveFail, t.suites)}`)
  report.push(`${''.padEnd(10)} rows regressed: fixed ${pct(t.fixedRows, t.rows)}; adaptive ${pct(t.adaptiveRows, t.rows)}`)
  report.push(`${''.padEnd(10)} rounds per side: adaptive mean ${r.mean.toFixed(2)} (95% CI ${r.lo.toFixed(2)}–${r.hi.toFixed(2)}) vs ${max} fixed → ${(100 * (1 - r.mean / max)).toFixed(1)}% fewer; stopped at ${hist}`)
  out[name] = { ...t, rounds: undefined, roundsMean: r, roundsHistogram: hist }
}
report.push(`${((performance.now() - t0) / 1000).toFixed(0)} s`)
console.log(report.join('\n'))
if (a.json) writeFileSync(a.json, JSON.stringify({ args: a, report, scenarios: out }, null, 2))
