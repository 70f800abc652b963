// Full safety sweep: 10,000 seeded fault schedules per mechanism within its fault bound (zero violations
// expected, exit 1 otherwise), optionally past the bound (violations expected).
//   npx node scripts/consensus-safety.ts [--seeds 10000] [--mechanism raft] [--faults within|beyond]
// A failing seed replays with: npx node src/cli/bin.ts consensus replay --mechanism M --seed S --n N --decisions D --faults F
// (n and decisions as printed; the sweep derives them from the seed, see src/consensus/sweep.ts).
import { parseArgs } from 'node:util'
import { MECHANISMS, MechanismSchema } from '../src/consensus/registry.ts'
import { safetySweep } from '../src/consensus/sweep.ts'

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '10000' }, mechanism: { type: 'string' }, faults: { type: 'string', default: 'within' }, first: { type: 'string', default: '1' } } })
const seeds = Number(values.seeds), first = Number(values.first)
if (!Number.isInteger(seeds) || seeds < 1) throw new TypeError(`--seeds must be a positive integer, got ${values.seeds}`)
if (values.faults !== 'within' && values.faults !== 'beyond') throw new TypeError(`--faults must be 'within' or 'beyond', got ${values.faults}`)
const mechanisms = values.mechanism ? [MechanismSchema.parse(values.mechanism)] : MECHANISMS
let bad = 0
for (const mechanism of mechanisms) {
  const r = await safetySweep({ mechanism, seeds, firstSeed: first, faults: values.faults })
  console.log(`${mechanism.padEnd(12)} ${values.faults} runs=${r.runs} unsafe=${r.unsafe} withinBound=${r.withinBound} live=${r.live} ` +
    `msgs=${r.messages} wall=${(r.wallMs / 1000).toFixed(1)}s`)
  for (const f of r.failures.slice(0, 3)) console.log(`  seed ${f.seed} n=${f.n} decisions=${1 + (f.seed % 3)} trace ${f.traceHash}: ${f.violation}`)
  if (values.faults === 'within') bad += r.unsafe
}
if (bad > 0) { console.error(`${bad} safety violations within the fault bound`); process.exitCode = 1 }
