// Calibration of the success-rate verdict over the whole 7 × 5 matrix. For each seed: a base run and a head
// run of R repeats per cell; in the "drop" arm the head's research × mesh cell is solved 30% of the time instead
// of 90%. Counts how often that cell is flagged regressed (after Holm over every tested row of the run), how
// often anything is flagged in an A/A arm (a third run of the base configuration), and prints what
// `swarm plan` predicts for the drop.
//
// --engine claude-flow: every trial spawns the stand-in claude-flow (test/swarm/stand-ins) through the real
//   driver: stream-json parsed, workdir edited by the stand-in, graded. ~50 ms of CPU per trial, so the full
//   20 seeds × 3 runs × 35 cells × 30 repeats (63,000 processes) takes hours on a shared 2-core machine.
// --engine fn: the same runs through runSwarm (fresh workdir, grade, checkpoint, figures, compare) with an
//   in-process agent that draws a seeded per-cell success and, when it "solves", writes the answer the grader
//   checks; the subprocess and the fixture copy are what is missing. Figures labelled simulated.
// Usage: npx node scripts/swarm-calibrate.ts [--engine fn|claude-flow] [--seeds 20] [--first 1] [--repeats 30] [--concurrency 2]
// Not a test: thousands of trials.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { parseArgs } from 'node:util'
import { compareBaselines } from '../src/compare/index.ts'
import { ratePower, wilson } from '../src/compare/stats/index.ts'
import { createRng } from '../src/random/index.ts'
import { claudeFlow, codingSuite, defineTask, fn, graders, MODES, runSwarm, STRATEGIES, type Engine } from '../src/swarm/index.ts'
import { swarmBaseline } from '../src/swarm/evaluate.ts'
import { standInEnv, STAND_IN_BIN } from '../test/swarm/helpers.ts'

const { values } = parseArgs({ options: {
  engine: { type: 'string', default: 'fn' }, seeds: { type: 'string', default: '20' }, first: { type: 'string', default: '1' },
  repeats: { type: 'string', default: '30' }, concurrency: { type: 'string', default: '2' },
} })
const seeds = Number(values.seeds), first = Number(values.first), repeats = Number(values.repeats), concurrency = Number(values.concurrency)
const engineName = values.engine
if (engineName !== 'fn' && engineName !== 'claude-flow') throw new Error('--engine takes fn or claude-flow')
const dir = mkdtempSync(join(tmpdir(), 'swarm-calibrate-'))
// A task whose grade is cheap to check, so that the harness and the agent dominate, not a test runner.
const suiteTask = codingSuite({ timeoutMs: 60_000 }).find(t => t.id === 'sum-to')!
const task = engineName === 'fn'
  ? defineTask({ id: 'answer', prompt: 'write solved to answer.txt', timeoutMs: 60_000, grade: graders.fileEquals('answer.txt', 'solved') })
  : defineTask({ ...suiteTask, grade: graders.fileContains('src/sum.js', 'i <= n') })
const matrix = { strategy: [...STRATEGIES], mode: [...MODES] }
const BASE = 0.9, DROPPED = 0.3

/** The in-process agent: the stand-in's draw (seeded per run and trial), its usage shape, its edit of the workdir. */
function simulated(seed: number, drop: boolean): Engine {
  return fn(async ({ cell, workdir, trialSeed, prompt }) => {
    const rng = createRng((seed * 0x9e3779b1) ^ trialSeed)
    const p = drop && cell.strategy === 'research' && cell.mode === 'mesh' ? DROPPED : BASE
    writeFileSync(join(workdir, 'answer.txt'), rng.next() < p ? 'solved' : 'gave up')
    const agents = 5
    const usage = Array.from({ length: agents }, (_, a) => ({
      model: 'claude-sonnet-4-5', input: Math.round((40 + prompt.length / 4) * (0.8 + 0.4 * rng.next())), output: Math.round(220 * (0.8 + 0.4 * rng.next())),
      cacheWrite: a === 0 ? 1800 : 0, cacheRead: a === 0 ? 0 : 1800,
    }))
    return { usage, agents, turns: 2 * agents, toolCalls: agents }
  }, { name: 'calibrate-fn', provenance: { kind: 'simulated', how: `in-process agent, success ${BASE} (research × mesh ${DROPPED} in the drop arm), seed ${seed}` } })
}

async function run(seed: number, drop: boolean) {
  let engine: Engine
  if (engineName === 'claude-flow') {
    const env = standInEnv({ seed, success: BASE, rules: drop ? [{ when: { strategy: 'research', mode: 'mesh' }, success: DROPPED }] : [] }, mkdtempSync(join(dir, 'cfg-')))
    process.env.PATH = `${STAND_IN_BIN}${delimiter}${process.env.PATH}`
    process.env.SWARMBENCH_STANDIN = env.SWARMBENCH_STANDIN
    engine = claudeFlow()
  } else engine = simulated(seed, drop)
  const r = await runSwarm({ suite: 'calibrate', tasks: [task], engine, repeats, matrix, seed, concurrency, workRoot: dir })
  return swarmBaseline(r)
}

let flagged = 0, aaAny = 0, aaRate = 0
const otherFlags = new Map<string, number>()
const t0 = performance.now()
console.log(`engine ${engineName}, seeds ${first}–${first + seeds - 1}, ${repeats} repeats per cell, concurrency ${concurrency}; load average ${loadavg().map(l => l.toFixed(1)).join(' ')}`)
for (let s = first; s < first + seeds; s++) {
  const base = await run(s * 1000, false)
  const head = await run(s * 1000 + 1, true)
  const cmp = compareBaselines(base, head)
  const row = cmp.rows.find(r => r.metric === 'success_rate' && r.id.endsWith('strategy=research mode=mesh'))!
  if (row.verdict === 'regressed') flagged++
  const aaHead = await run(s * 1000 + 2, false)
  const aa = compareBaselines(base, aaHead)
  const aaFlags = aa.rows.filter(r => r.gating && r.verdict === 'regressed')
  if (aaFlags.length) aaAny++
  if (aa.rows.some(r => r.metric === 'success_rate' && r.verdict !== 'unchanged')) aaRate++
  for (const f of aaFlags) otherFlags.set(f.metric, (otherFlags.get(f.metric) ?? 0) + 1)
  // in the drop arm, rows other than the planted cell's success rate that were flagged
  const dropOthers = cmp.rows.filter(r => r.gating && r.verdict === 'regressed' && r !== row).map(r => `${r.id.split(' › ').pop()} ${r.metric}`)
  console.log(`seed ${s}: drop ${row.verdict} (${row.head! * repeats}/${repeats} vs ${row.base! * repeats}/${repeats}, p_adj ${row.pAdjusted?.toPrecision(3)})${dropOthers.length ? `, also flagged: ${dropOthers.join('; ')}` : ''}; A/A flags: ${aaFlags.length ? aaFlags.map(r => `${r.id.split(' › ').pop()} ${r.metric}`).join('; ') : 'none'}  (${((performance.now() - t0) / 1000).toFixed(0)} s)`)
}
const family = 35 * 2 // success rate + wall time per cell are the tested rows when usage is constant; more when it varies
const predicted = ratePower({ base: BASE, head: DROPPED, n: repeats, level: 0.05 / family })
const [lo, hi] = wilson(flagged, seeds)
console.log(`\ndrop ${BASE * 100}% → ${DROPPED * 100}% at ${repeats} repeats: flagged in ${flagged}/${seeds} seeds (95% Wilson ${(lo * 100).toFixed(0)}–${(hi * 100).toFixed(0)}%); swarm plan predicts ${(predicted * 100).toFixed(1)}% at α/${family} (Holm's first step, the most a planted drop can face)`)
console.log(`A/A: ${aaAny}/${seeds} runs flagged any gating regression (${[...otherFlags].map(([m, n]) => `${m} ×${n}`).join(', ') || 'none'}); ${aaRate}/${seeds} had a success-rate row other than unchanged`)
console.log(`${((performance.now() - t0) / 1000).toFixed(0)} s; load average ${loadavg().map(l => l.toFixed(1)).join(' ')}`)
rmSync(dir, { recursive: true, force: true })
