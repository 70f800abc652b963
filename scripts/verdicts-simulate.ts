// Large-suite calibration of the rounds path (issue 14, done-when "large suites"): simulated suites of
// `rows` gating timing rows at `rounds` rounds per side go through the real comparison (compareBaselines:
// per-round log medians, moderated t with the variance pooled across rows, Holm over the gating family).
// The figures are simulated (seeded); the statistics run on them are the product's own.
//
// Noise model: each row has its own between-round sd σ_i, drawn log-uniformly from [sdMin, sdMax]; each
// round's median is centre × exp(σ_i·ε), ε standard normal, or Student t with --tail-df degrees of freedom
// scaled to unit variance (heavier tails than the model assumes).
//
// A/A: `aa` suites with no change: how many suites have ≥ 1 gating regression (family-wise false FAIL rate).
// Power: `power` suites where `effectRows` rows are slowed by `effect` (σ_i ≤ 2% for those rows): the share
// of those rows called "regressed", and the share of suites where all of them were.
//
//   nice -n 10 node scripts/verdicts-simulate.ts --rows 1000 --rounds 6 --aa 500 --power 100 [--tail-df 5] [--json out.json]
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { compareBaselines } from '../src/compare/index.ts'
import { wilson } from '../src/compare/stats/index.ts'
import { createRng, type Rng } from '../src/random/index.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry, type Round } from '../src/schema/baseline.ts'

const { values: a } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '6' },
    aa: { type: 'string', default: '500' },
    power: { type: 'string', default: '100' },
    effect: { type: 'string', default: '0.10' },
    'effect-rows': { type: 'string', default: '50' },
    'sd-min': { type: 'string', default: '0.005' },
    'sd-max': { type: 'string', default: '0.05' },
    'tail-df': { type: 'string', default: '0' },
    correction: { type: 'string', default: 'holm' },
    seed: { type: 'string', default: '1' },
    json: { type: 'string' },
  },
})
const rows = Number(a.rows), rounds = Number(a.rounds), effect = Number(a.effect), effectRows = Number(a['effect-rows'])
const sdMin = Number(a['sd-min']), sdMax = Number(a['sd-max']), tailDf = Number(a['tail-df'])
const correction = a.correction as 'holm' | 'bh'
const ENV: Baseline['run']['env'] = { node: 'v24.0.0', v8: '13', os: 'linux', arch: 'x64', cpuModel: 'simulated', cpuCount: 2, vitest: '5', moduleRunner: true }

function noise(rng: Rng): number {
  if (!tailDf) return rng.normal()
  let chi = 0
  for (let i = 0; i < tailDf; i++) chi += rng.normal() ** 2
  return (rng.normal() / Math.sqrt(chi / tailDf)) * Math.sqrt((tailDf - 2) / tailDf) // unit variance
}

function round(median: number): Round {
  return { latency: { n: 100, mean: median, min: median * 0.9, max: median * 1.5, p50: median, p75: median * 1.05, p99: median * 1.3, sd: median * 0.05, rme: 1 }, throughputMean: 1000 / median }
}

function run(entries: Entry[]): Baseline {
  return { schemaVersion: BASELINE_SCHEMA_VERSION, run: { createdAt: '2026-12-01T00:00:00.000Z', rounds, git: { sha: null, branch: null, dirty: null }, env: ENV }, entries: Object.fromEntries(entries.map(e => [e.id, e])) }
}

/** One suite: base and head, rows with their own σ; the first `slowed` rows (σ ≤ 2% for them) slowed by `effect`. */
function suite(rng: Rng, slowed: number): { base: Baseline; head: Baseline; ids: string[] } {
  const b: Entry[] = [], h: Entry[] = [], ids: string[] = []
  for (let i = 0; i < rows; i++) {
    const id = `sim › f${i % 50}.bench.ts › t › b${String(i).padStart(5, '0')}`
    const hi = i < slowed ? Math.min(sdMax, 0.02) : sdMax
    const sigma = Math.exp(Math.log(sdMin) + rng.next() * (Math.log(hi) - Math.log(sdMin)))
    const centre = 0.01 + rng.next() * 10
    const factor = i < slowed ? 1 + effect : 1
    const side = (f: number) => ({ id, project: 'sim', file: `f${i % 50}.bench.ts`, test: 't', bench: `b${i}`, metrics: {}, rounds: Array.from({ length: rounds }, () => round(centre * f * Math.exp(sigma * noise(rng)))) })
    b.push(side(1)); h.push(side(factor)); ids.push(id)
  }
  return { base: run(b), head: run(h), ids }
}

const rng = createRng(Number(a.seed))
const t0 = performance.now()
let aaFail = 0, aaInconclusive = 0
for (let s = 0; s < Number(a.aa); s++) {
  const { base, head } = suite(rng, 0)
  const c = compareBaselines(base, head, { correction })
  if (c.rows.some(r => r.gating && r.verdict === 'regressed')) aaFail++
  aaInconclusive += c.rows.filter(r => r.verdict === 'inconclusive').length
}
let detected = 0, total = 0, allDetected = 0, powerFalse = 0
for (let s = 0; s < Number(a.power); s++) {
  const { base, head, ids } = suite(rng, effectRows)
  const c = compareBaselines(base, head, { correction })
  const byId = new Map(c.rows.map(r => [r.id, r]))
  let here = 0
  for (let i = 0; i < effectRows; i++) if (byId.get(ids[i]!)!.verdict === 'regressed') here++
  detected += here; total += effectRows
  if (here === effectRows) allDetected++
  powerFalse += ids.slice(effectRows).filter(id => byId.get(id)!.verdict === 'regressed').length
}
const seconds = (performance.now() - t0) / 1000
const ci = (k: number, n: number) => wilson(k, n).map(x => +(x * 100).toFixed(2))
const result = {
  design: { rows, rounds, correction, sd: [sdMin, sdMax], tailDf: tailDf || 'normal', effect, effectRows, seed: Number(a.seed) },
  aa: { suites: Number(a.aa), failedSuites: aaFail, rate: aaFail / Number(a.aa), wilson95Pct: ci(aaFail, Number(a.aa)), inconclusiveRows: aaInconclusive },
  power: { suites: Number(a.power), rowsDetected: detected, rows: total, rate: detected / total, wilson95Pct: ci(detected, total), suitesWithAllDetected: allDetected, falseRegressionsAmongUnchangedRows: powerFalse },
  seconds: +seconds.toFixed(1),
}
console.log(JSON.stringify(result, null, 2))
if (a.json) writeFileSync(a.json, JSON.stringify(result, null, 2))
