// How much does each benchmark's median move between processes? The gate's statistical unit is the process
// run, so this spread, not the within-process margin of error, decides the smallest change a gate can see in a
// few rounds. Runs `vitest bench` on the given files N times (each a fresh process) and prints, per benchmark,
// the per-process medians, their coefficient of variation and max/min ratio.
//   npx node scripts/round-spread.ts [--processes 8] [FILTER …]      (default filter: benches/calibration.bench.ts)
import { parseArgs } from 'node:util'
import { runSuite } from '../src/run/index.ts'
import { mean, sd } from '../src/compare/stats/index.ts'

const { values, positionals } = parseArgs({ options: { processes: { type: 'string', default: '8' }, root: { type: 'string', default: '.' } }, allowPositionals: true })
const n = Number(values.processes)
if (!Number.isInteger(n) || n < 2) { console.error(`round-spread: --processes takes a whole number ≥ 2, got '${values.processes}'`); process.exit(2) }
const filters = positionals.length ? positionals : ['benches/calibration.bench.ts']

const medians = new Map<string, number[]>()
for (let i = 0; i < n; i++) {
  const { run } = await runSuite({ root: values.root, filters, output: 'ignore', env: { ...process.env } })
  for (const e of Object.values(run.entries)) {
    const r = e.rounds[0]
    if (!r) continue
    const name = e.id.split(' › ').slice(-1)[0]!
    medians.set(name, [...(medians.get(name) ?? []), r.latency.p50 * 1000])
  }
  process.stderr.write(`process ${i + 1}/${n} done\n`)
}
console.log(`per-process median latency (µs) over ${n} processes of ${filters.join(' ')}`)
for (const [name, xs] of medians) {
  const cv = 100 * sd(xs) / mean(xs), spread = Math.max(...xs) / Math.min(...xs)
  console.log(`${name.padEnd(24)} CV ${cv.toFixed(1).padStart(5)}%  max/min ${spread.toFixed(3)}  ${xs.map(x => x.toFixed(1)).join(' ')}`)
}
