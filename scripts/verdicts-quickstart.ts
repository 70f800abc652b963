// The default path, for real (issue 14, done-when "A/A on the default path" and "detection"): the README's
// quick-start bench in a fresh project (the plugin from this repository's source), run with plain
// `vitest bench --run` again and again on unchanged code, each run followed by
// `swarmbench gate --baseline .swarmbench/baseline.json --current .swarmbench/last-run.json`.
// Every run lands in the project's history, so from run K + 1 on the route latency is judged on the history
// (prediction test) instead of being "not gated".
//
// Then detection: `--trials` runs per slowdown factor with the route's input made longer by that factor
// (the work is linear in it), each collected without entering the history (SWARMBENCH_COLLECT_ONLY), judged by
// the same gate against the A/A history. Real processes, real timing: the machine's load is part of it.
//
//   nice -n 10 npx node scripts/verdicts-quickstart.ts --aa 30 --trials 20 --factors 2,1.5,1.25,1.1 [--json out.json]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { predictionTest, wilson } from '../src/compare/stats/index.ts'
import { readBaselineFile } from '../src/store/baseline-file.ts'
import { loadNoiseHistory } from '../src/store/noise.ts'
import { withStore } from '../src/store/open.ts'
import { noiseKey } from '../src/compare/noise-history.ts'

const { values: a } = parseArgs({ options: {
  aa: { type: 'string', default: '30' }, trials: { type: 'string', default: '20' }, factors: { type: 'string', default: '2,1.5,1.25,1.1' },
  json: { type: 'string' }, keep: { type: 'boolean', default: false },
  /** Reuse a project (and its history) made by an earlier invocation, e.g. `--project DIR --aa 0` for more detection trials. */
  project: { type: 'string' },
} })
const repo = resolve(import.meta.dirname, '..')
const reuse = a.project !== undefined
const dir = reuse ? resolve(a.project!) : mkdtempSync(join(tmpdir(), 'swarmbench-quickstart-'))
if (!reuse) setUp()
function setUp(): void {
symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'))
writeFileSync(join(dir, 'package.json'), '{ "name": "quickstart-aa", "type": "module", "private": true }\n')
writeFileSync(join(dir, 'vitest.config.ts'), `import { defineConfig } from 'vitest/config'
import { swarmbench } from ${JSON.stringify(join(repo, 'src/plugin/index.ts'))}

export default defineConfig({
  plugins: [swarmbench()],
  test: { benchmark: { include: ['benches/**/*.bench.ts'] } },
})
`)
mkdirSync(join(dir, 'benches'))
// The README's quick-start bench; QUICKSTART_SLOWDOWN makes the routed input proportionally longer.
writeFileSync(join(dir, 'benches/example.bench.ts'), `import { test } from ${JSON.stringify(join(repo, 'src/index.ts'))}

function route(messages: string[]): Map<string, number> {
  const byAgent = new Map<string, number>()
  for (const m of messages) byAgent.set(m.slice(0, 3), (byAgent.get(m.slice(0, 3)) ?? 0) + 1)
  return byAgent
}

const length = Math.round(2000 * Number(process.env.QUICKSTART_SLOWDOWN ?? '1'))

test('message routing', async ({ bench, metric }) => {
  const messages = Array.from({ length }, (_, i) => \`ag\${i % 7}:task \${i}\`)
  let routed = new Map<string, number>()
  await bench('route', () => { routed = route(messages) }).run({ time: 300 })
  await metric('agents', routed.size, { unit: 'agents', better: 'higher', kind: 'quality' })
})
`)
}
const node = process.execPath
const vitest = join(repo, 'node_modules/vitest/vitest.mjs')
const cli = join(repo, 'src/cli/bin.ts')
const ROUTE = /message routing › route$/

function bench(env: Record<string, string> = {}): void {
  const r = spawnSync(node, [vitest, 'bench', '--run'], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', CI: '1', ...env } })
  if (r.status !== 0 && r.status !== 1) throw new Error(`vitest bench exited ${r.status}: ${r.stderr.slice(-2000)}`)
}

interface Judged { exit: number | null; verdict?: string; judgedOn?: string; changePct?: number | null; p?: number }
function gate(current: string): Judged {
  rmSync(join(dir, '.swarmbench/gate.json'), { force: true }) // a gate that crashed must not be read from the last one's file
  const r = spawnSync(node, [cli, 'gate', '--baseline', '.swarmbench/baseline.json', '--current', current], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } })
  if ((r.status !== 0 && r.status !== 1) || !existsSync(join(dir, '.swarmbench/gate.json'))) return { exit: r.status, verdict: `gate error: ${r.stderr.trim().split('\n').slice(-1)[0]}` }
  const rows = JSON.parse(readFileSync(join(dir, '.swarmbench/gate.json'), 'utf8')).rows as Array<{ id: string; metric: string; verdict: string; judgedOn?: string; changePct: number | null; pAdjusted?: number; gating: boolean }>
  const row = rows.find(x => ROUTE.test(x.id) && x.metric === 'latency')
  return { exit: r.status, ...(row ? { verdict: `${row.verdict}${row.gating ? '' : ' (not gated)'}`, judgedOn: row.judgedOn, changePct: row.changePct, ...(row.pAdjusted !== undefined ? { p: row.pAdjusted } : {}) } : {}) }
}

const started = Date.now()
const aa: Judged[] = []
for (let i = 0; i < Number(a.aa); i++) {
  bench()
  if (i === 0) { process.stderr.write('run 1: the baseline\n'); continue }
  const j = gate('.swarmbench/last-run.json')
  aa.push(j)
  process.stderr.write(`A/A run ${i + 1}: gate exit ${j.exit}, route ${j.verdict} ${j.changePct?.toFixed(1)}% (${j.judgedOn})\n`)
}
// Each slowed run is judged by the real gate (the default summary, the median) and, beside it, by the same
// prediction test on the per-run minimum (compare.history.summary 'min'), against the same history.
async function judgeMin(file: string): Promise<{ regressed: boolean; p: number }> {
  const head = readBaselineFile(file)
  const noise = await withStore(join(dir, '.swarmbench/history.sqlite'), { mode: 'read' }, s => loadNoiseHistory(s, { before: head.run.createdAt, env: head.run.env, branch: null, maxRuns: 30, summary: 'min' }))
  const e = Object.values(head.entries).find(x => ROUTE.test(x.id))!
  const series = noise.series.get(noiseKey(e.id, 'latency'))!
  const pt = predictionTest(series.map(Math.log), Math.log(e.rounds[0]!.latency.min), 0.01, 0.005)
  return { regressed: pt.p <= 0.01 && pt.interval[0] > Math.log(1.02), p: pt.p }
}
const detection: Record<string, { trials: number; failed: number; wilson95Pct: number[]; changes: number[]; failedOnMin: number; wilson95PctOnMin: number[] }> = {}
for (const f of (a.factors ?? '').split(',').filter(Boolean)) {
  let failed = 0, failedOnMin = 0, trials = 0
  const changes: number[] = []
  for (let t = 0; t < Number(a.trials); t++) {
    const file = join(dir, 'slowed.json')
    bench({ QUICKSTART_SLOWDOWN: f, SWARMBENCH_COLLECT_ONLY: file })
    const j = gate(file)
    const m = await judgeMin(file)
    trials++
    if (j.exit === 1) failed++
    if (m.regressed) failedOnMin++
    if (j.changePct != null) changes.push(+j.changePct.toFixed(1))
    process.stderr.write(`slowdown ×${f} trial ${t + 1}: gate exit ${j.exit}, route ${j.verdict} ${j.changePct?.toFixed(1)}%; on the minimum: ${m.regressed ? 'regressed' : 'not'} (p ${m.p.toPrecision(2)})\n`)
  }
  detection[f] = { trials, failed, wilson95Pct: wilson(failed, trials).map(x => +(x * 100).toFixed(1)), changes, failedOnMin, wilson95PctOnMin: wilson(failedOnMin, trials).map(x => +(x * 100).toFixed(1)) }
}
const judgedRuns = aa.filter(j => j.judgedOn?.startsWith('history'))
const result = {
  project: dir, aaRuns: Number(a.aa), gates: aa.length,
  gateExitCodes: aa.reduce<Record<string, number>>((m, j) => ({ ...m, [String(j.exit)]: (m[String(j.exit)] ?? 0) + 1 }), {}),
  fails: aa.filter(j => j.exit === 1).length, judgedOnHistory: judgedRuns.length,
  aaChangesPct: aa.map(j => (j.changePct == null ? null : +j.changePct.toFixed(1))),
  detection, minutes: +((Date.now() - started) / 60000).toFixed(1), loadavg: readFileSync('/proc/loadavg', 'utf8').trim(),
}
console.log(JSON.stringify(result, null, 2))
if (a.json) writeFileSync(a.json, JSON.stringify(result, null, 2))
if (!a.keep && !reuse) rmSync(dir, { recursive: true, force: true })
