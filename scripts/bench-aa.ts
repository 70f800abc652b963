// A/A of our own suite on the default path (issue 14, done-when: "the same for 10 consecutive `npm run bench`
// runs of our own suite" → 0 gate FAILs): `npm run bench` again and again on unchanged code, each run followed by
// `swarmbench gate --baseline .swarmbench/baseline.json --current .swarmbench/last-run.json`. Counts PASS / FAIL /
// could not judge (exit 0 / 1 / 2) and lists every gating row that failed, with how it was judged.
// With --fresh the existing .swarmbench/ is moved aside first, so the first run is the baseline and the history
// starts empty (timing rows are then judged on the history only from the 11th run on, as a user's would be).
// Real processes on the shared machine: its load is part of what is measured. CPU heavy: run it once.
//
//   nice -n 10 npx node scripts/bench-aa.ts --runs 10 --fresh [--json out.json]
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { wilson } from '../src/compare/stats/index.ts'

const { values: a } = parseArgs({ options: { runs: { type: 'string', default: '10' }, fresh: { type: 'boolean', default: false }, json: { type: 'string' } } })
const runs = Number(a.runs)
if (!Number.isInteger(runs) || runs < 1) { console.error(`bench-aa: --runs must be a whole number ≥ 1, got '${a.runs}'`); process.exit(2) }
const repo = resolve(import.meta.dirname, '..')
const out = join(repo, '.swarmbench')
if (a.fresh && existsSync(out)) {
  const aside = `${out}.before-aa-${new Date().toISOString().replace(/[:.]/g, '-')}`
  renameSync(out, aside)
  process.stderr.write(`bench-aa: moved the existing .swarmbench/ to ${aside}\n`)
}
const env = { ...process.env, FORCE_COLOR: '0' }
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

function bench(): { exit: number | null; seconds: number } {
  const t0 = Date.now()
  const r = spawnSync('npm', ['run', 'bench'], { cwd: repo, encoding: 'utf8', env, maxBuffer: 256 << 20 })
  if (r.status !== 0 && r.status !== 1) process.stderr.write(`bench-aa: npm run bench exited ${r.status}:\n${(r.stdout + r.stderr).split('\n').slice(-30).join('\n')}\n`)
  return { exit: r.status, seconds: (Date.now() - t0) / 1000 }
}

interface Row { id: string; metric: string; verdict: string; gating: boolean; judgedOn?: string; changePct: number | null; delta?: number; unit?: string; base?: number | null; head?: number | null; pAdjusted?: number; kind?: string }
/** A row's change: a percent, or (differences, changePct null) the change in its own unit. */
const change = (x: Row) => x.changePct !== null && x.changePct !== undefined ? `${x.changePct.toFixed(1)}%` : x.delta !== undefined ? `${x.delta >= 0 ? '+' : ''}${x.delta.toPrecision(3)} ${x.unit ?? ''}`.trim() : 'change unknown'
interface Gate { exit: number | null; failed: Row[]; summary?: unknown; diffChars?: number; error?: string }
function gate(): Gate {
  const report = join(out, 'gate.json')
  rmSync(report, { force: true }) // a gate that crashed must not be read from the previous one's file
  const r = spawnSync(process.execPath, [join(repo, 'src/cli/bin.ts'), 'gate', '--baseline', '.swarmbench/baseline.json', '--current', '.swarmbench/last-run.json'], { cwd: repo, encoding: 'utf8', env })
  const diffChars = existsSync(join(out, 'diff.md')) ? readFileSync(join(out, 'diff.md'), 'utf8').length : undefined
  if (!existsSync(report)) return { exit: r.status, failed: [], error: r.stderr.trim().split('\n').slice(-1)[0] ?? 'no gate.json written', ...(diffChars !== undefined ? { diffChars } : {}) }
  const g = JSON.parse(readFileSync(report, 'utf8')) as { rows: Row[]; summary?: unknown }
  const failed = g.rows.filter(x => x.gating && x.verdict === 'regressed')
  return { exit: r.status, failed, summary: g.summary, ...(diffChars !== undefined ? { diffChars } : {}) }
}

const results: { run: number; bench: ReturnType<typeof bench>; gate?: Gate; load: string }[] = []
const started = Date.now()
if (!existsSync(join(out, 'baseline.json'))) {
  const b = bench()
  results.push({ run: 0, bench: b, load: loadavg() })
  process.stderr.write(`run 0 (the baseline): npm run bench exit ${b.exit}, ${b.seconds.toFixed(0)} s, load ${loadavg()}\n`)
}
for (let i = 1; i <= runs; i++) {
  const b = bench()
  const g = gate()
  results.push({ run: i, bench: b, gate: g, load: loadavg() })
  const rows = g.failed.map(x => `${x.id} ${x.metric} ${x.base} → ${x.head} (${change(x)}, ${x.judgedOn ?? ''})`)
  process.stderr.write(`run ${i}/${runs}: npm run bench exit ${b.exit}, ${b.seconds.toFixed(0)} s; gate exit ${g.exit}${g.error ? ` (${g.error})` : ''}; diff.md ${g.diffChars ?? '—'} chars; load ${loadavg()}${rows.length ? `\n  FAILED: ${rows.join('\n  FAILED: ')}` : ''}\n`)
}

const gated = results.filter(r => r.gate)
const count = (code: number) => gated.filter(r => r.gate!.exit === code).length
const fails = count(1), passes = count(0), unjudged = count(2), errors = gated.length - fails - passes - unjudged
const [lo, hi] = wilson(fails, gated.length)
console.log(`bench-aa: ${gated.length} gates after npm run bench on unchanged code (${Math.round((Date.now() - started) / 60000)} min): ${passes} PASS · ${fails} FAIL · ${unjudged} could not judge${errors ? ` · ${errors} other exit` : ''}; FAIL rate ${(100 * fails / gated.length).toFixed(0)}% (95% Wilson ${(100 * lo).toFixed(1)}–${(100 * hi).toFixed(1)}%)`)
console.log(`npm run bench wall: ${results.map(r => r.bench.seconds.toFixed(0)).join(', ')} s; diff.md: ${gated.map(r => r.gate!.diffChars ?? '—').join(', ')} chars`)
for (const r of gated) for (const x of r.gate!.failed) console.log(`FAILED in run ${r.run}: ${x.id} · ${x.metric} (${x.kind ?? ''}) ${x.base} → ${x.head} (${change(x)}) · ${x.judgedOn ?? ''}`)
if (a.json) writeFileSync(a.json, JSON.stringify({ results, counts: { gates: gated.length, pass: passes, fail: fails, couldNotJudge: unjudged, other: errors } }, null, 2))
