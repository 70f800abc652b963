// Per-benchmark view of a calibration result written by `scripts/calibrate.ts --json FILE`: the observed
// change in A/A and A/A′ and the minimal detectable effect the gate reported, which explains the rates.
//   node scripts/calibrate-summary.ts FILE
import { readFileSync } from 'node:fs'
import { median } from '../src/compare/stats/index.ts'
import type { ComparisonRow } from '../src/compare/types.ts'

const file = process.argv[2]
if (!file) { console.error('usage: node scripts/calibrate-summary.ts CALIBRATION.json'); process.exit(2) }
const data = JSON.parse(readFileSync(file, 'utf8')) as { details: { trial: number; aa?: ComparisonRow[]; ab?: ComparisonRow[] }[] }
const by = new Map<string, { aa: ComparisonRow[]; ab: ComparisonRow[] }>()
for (const t of data.details) {
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
console.log('benchmark    trials  A/A median |change|  A/A′ median change  median MDE  A/A regressed  A/A′ regressed')
for (const [name, { aa, ab }] of [...by].sort()) {
  const absAa = median(aa.map(r => Math.abs(r.changePct ?? 0)))
  const chAb = median(ab.map(r => r.changePct ?? 0))
  const mde = median([...aa, ...ab].map(r => r.mdePct ?? NaN).filter(Number.isFinite))
  console.log(`${name.padEnd(12)} ${String(aa.length).padStart(6)}  ${f(absAa).padStart(19)}  ${f(chAb).padStart(18)}  ${f(mde).padStart(10)}  ${String(aa.filter(r => r.verdict === 'regressed').length).padStart(13)}  ${String(ab.filter(r => r.verdict === 'regressed').length).padStart(14)}`)
}
