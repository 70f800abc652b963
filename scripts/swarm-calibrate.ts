// Calibration of the success-rate verdict over the whole 7 × 5 matrix through the claude-flow engine and the
// stand-in CLI (test/swarm/stand-ins) on PATH. For each seed: a base run and a head run of 30 repeats per cell;
// in the "drop" arm the head's research × mesh cell is solved 30% of the time instead of 90%. Counts how often
// that cell is flagged regressed (after Holm over every tested row of the run) and how often anything is flagged
// in the A/A arm; prints what `swarm plan` predicts for the drop.
// Usage: npx node scripts/swarm-calibrate.ts [--seeds 20] [--repeats 30] [--concurrency 2]
// Thousands of stand-in processes: minutes to hours on a loaded 2-core machine. Not a test.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { parseArgs } from 'node:util'
import { compareBaselines } from '../src/compare/index.ts'
import { ratePower, wilson } from '../src/compare/stats/index.ts'
import { claudeFlow, codingSuite, defineTask, graders, MODES, runSwarm, STRATEGIES } from '../src/swarm/index.ts'
import { swarmBaseline } from '../src/swarm/evaluate.ts'
import { standInEnv, STAND_IN_BIN } from '../test/swarm/helpers.ts'

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '20' }, repeats: { type: 'string', default: '30' }, concurrency: { type: 'string', default: '2' } } })
const seeds = Number(values.seeds), repeats = Number(values.repeats), concurrency = Number(values.concurrency)
const dir = mkdtempSync(join(tmpdir(), 'swarm-calibrate-'))
// A task whose grade is cheap to check, so that the harness and the stand-in dominate, not a test runner.
const suiteTask = codingSuite({ timeoutMs: 60_000 }).find(t => t.id === 'sum-to')!
const task = defineTask({ ...suiteTask, grade: graders.fileContains('src/sum.js', 'i <= n') })
const matrix = { strategy: [...STRATEGIES], mode: [...MODES] }

async function run(seed: number, drop: boolean) {
  const env = standInEnv({ seed, success: 0.9, rules: drop ? [{ when: { strategy: 'research', mode: 'mesh' }, success: 0.3 }] : [] }, mkdtempSync(join(dir, 'cfg-')))
  process.env.PATH = `${STAND_IN_BIN}${delimiter}${process.env.PATH}`
  process.env.SWARMBENCH_STANDIN = env.SWARMBENCH_STANDIN
  const r = await runSwarm({ suite: 'calibrate', tasks: [task], engine: claudeFlow(), repeats, matrix, seed, concurrency })
  return swarmBaseline(r)
}

let flagged = 0, aaAny = 0, aaRate = 0
const t0 = performance.now()
for (let s = 1; s <= seeds; s++) {
  const base = await run(s * 1000, false)
  const head = await run(s * 1000 + 1, true)
  const cmp = compareBaselines(base, head)
  const row = cmp.rows.find(r => r.metric === 'success_rate' && r.id.endsWith('strategy=research mode=mesh'))!
  if (row.verdict === 'regressed') flagged++
  const aaHead = await run(s * 1000 + 2, false)
  const aa = compareBaselines(base, aaHead)
  if (aa.rows.some(r => r.gating && r.verdict === 'regressed')) aaAny++
  if (aa.rows.some(r => r.metric === 'success_rate' && r.verdict !== 'unchanged')) aaRate++
  console.log(`seed ${s}: drop ${row.verdict} (p_adj ${row.pAdjusted?.toPrecision(3)}); A/A flags: any gating ${aa.rows.filter(r => r.gating && r.verdict === 'regressed').length}, success rate ${aa.rows.filter(r => r.metric === 'success_rate' && r.verdict === 'regressed').length}  (${((performance.now() - t0) / 1000).toFixed(0)} s)`)
}
const family = 35 * 2 // success rate + wall time per cell are the tested rows
const predicted = ratePower({ base: 0.9, head: 0.3, n: repeats, level: 0.05 / family })
const [lo, hi] = wilson(flagged, seeds)
console.log(`\ndrop 90% → 30% at ${repeats} repeats: flagged in ${flagged}/${seeds} seeds (95% Wilson ${(lo * 100).toFixed(0)}–${(hi * 100).toFixed(0)}%); swarm plan predicts ${(predicted * 100).toFixed(1)}% at α/${family}`)
console.log(`A/A: ${aaAny}/${seeds} runs flagged any gating regression; ${aaRate}/${seeds} flagged a success-rate change`)
rmSync(dir, { recursive: true, force: true })
