// Where `npm run bench` spends its time (issue 20: "`npm run bench` ≤ 60 s"): each bench file in its own
// `vitest bench --run <file>` process, wall and CPU (user + sys, children included) per file, then the whole
// suite as `npm run bench` runs it, with each file's wall inside that run as Vitest reports it (--suite-only
// skips the single-file processes). With --against DIR (another checkout, e.g. /work/main) every measurement is
// made in both trees back to back, alternating which goes first, so the two sides share the machine's load.
// Runs collect-only (SWARMBENCH_COLLECT_ONLY): nothing enters either tree's .swarmbench history or baseline.
// CPU comes from GNU time (`/usr/bin/time`, Debian package `time`): Node cannot read a child's rusage.
//
//   nice -n 10 npx node scripts/bench-profile.ts [--against /work/main] [--rounds 1] [--files-only | --suite-only] [--json out.json]
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { median } from '../src/compare/stats/index.ts'

const { values: a } = parseArgs({ options: {
  against: { type: 'string' }, rounds: { type: 'string', default: '1' }, json: { type: 'string' },
  'files-only': { type: 'boolean', default: false }, 'suite-only': { type: 'boolean', default: false },
} })
const TIME = '/usr/bin/time'
if (!existsSync(TIME)) { console.error(`bench-profile: ${TIME} not found; install GNU time (apt-get install -y time)`); process.exit(2) }
const here = resolve(import.meta.dirname, '..')
const trees = [{ name: 'this tree', dir: here }, ...(a.against ? [{ name: a.against, dir: resolve(a.against) }] : [])]
const rounds = Number(a.rounds)
const tmp = mkdtempSync(join(tmpdir(), 'swarmbench-bench-profile-'))

interface Sample { wall: number; cpu: number; ok: boolean; files?: Record<string, number> }
/** One process under GNU time: wall and user + sys of it and its children (worker threads, spawned stand-ins). */
function timed(dir: string, args: string[]): Sample {
  const out = join(tmp, 'time.txt'), collect = join(tmp, 'run.json')
  const r = spawnSync(TIME, ['-f', '%e %U %S', '-o', out, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SWARMBENCH_COLLECT_ONLY: collect, FORCE_COLOR: '0' }, maxBuffer: 256 << 20 })
  // Vitest's own line per file: " ✓  bench  benches/x.bench.ts (3 tests) 4913ms" (coloured even with FORCE_COLOR=0)
  const files: Record<string, number> = {}
  for (const m of (r.stdout?.toString() ?? '').replace(/\x1b\[[0-9;]*m/g, '').matchAll(/ benches\/(\S+\.bench\.ts) \(\d+ tests?\) (\d+)ms/g)) files[m[1]!] = Number(m[2]) / 1000
  const [wall, user, sys] = readFileSync(out, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) as [number, number, number]
  if (r.status !== 0) process.stderr.write(`  (exit ${r.status} in ${dir}: ${args.join(' ')})\n${r.stderr?.toString().split('\n').slice(-15).join('\n')}\n`)
  return { wall, cpu: user + sys, ok: r.status === 0, files }
}
const vitest = (dir: string) => [join(dir, 'node_modules/.bin/vitest')]

const files = [...new Set(trees.flatMap(t => readdirSync(join(t.dir, 'benches')).filter(f => f.endsWith('.bench.ts'))))].sort()
const results: Record<string, Record<string, Sample[]>> = {}
const record = (item: string, tree: string, s: Sample) => { ((results[item] ??= {})[tree] ??= []).push(s) }
const items = [...(a['suite-only'] ? [] : files), ...(a['files-only'] ? [] : ['(npm run bench)'])]
const t0 = Date.now()
for (let round = 0; round < rounds; round++) {
  for (const [i, item] of items.entries()) {
    const order = (round + i) % 2 === 0 ? trees : [...trees].reverse()
    for (const t of order) {
      if (item !== '(npm run bench)' && !existsSync(join(t.dir, 'benches', item))) continue
      const args = item === '(npm run bench)' ? ['npm', 'run', 'bench'] : [...vitest(t.dir), 'bench', '--run', `benches/${item}`]
      const s = timed(t.dir, args)
      record(item, t.name, s)
      process.stderr.write(`[${Math.round((Date.now() - t0) / 1000)} s] ${item} · ${t.name}: wall ${s.wall.toFixed(1)} s, cpu ${s.cpu.toFixed(1)} s${s.ok ? '' : ' (FAILED)'}\n`)
    }
  }
}
rmSync(tmp, { recursive: true, force: true })

const fmt = (xs: Sample[] | undefined, k: 'wall' | 'cpu') => xs?.length ? median(xs.map(s => s[k])).toFixed(1) : '—'
const head = trees.flatMap(t => [`${t.name} wall s`, `${t.name} cpu s`])
const lines = [`| file | ${head.join(' | ')} |`, `|---|${head.map(() => '---').join('|')}|`]
const sum = (tree: string, k: 'wall' | 'cpu') => files.reduce((s, f) => s + (results[f]?.[tree]?.length ? median(results[f]![tree]!.map(x => x[k])) : 0), 0)
for (const item of items) lines.push(`| ${item} | ${trees.flatMap(t => [fmt(results[item]?.[t.name], 'wall'), fmt(results[item]?.[t.name], 'cpu')]).join(' | ')} |`)
if (!a['suite-only']) lines.push(`| sum of files | ${trees.flatMap(t => [sum(t.name, 'wall').toFixed(1), sum(t.name, 'cpu').toFixed(1)]).join(' | ')} |`)
console.log(`bench-profile: ${rounds} round(s), medians; load average at the end ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`)
console.log(lines.join('\n'))
// Inside the suite runs: each file's wall as Vitest measured it (medians over rounds).
const suite = results['(npm run bench)']
if (suite) {
  const inSuite = (tree: string, f: string) => { const xs = (suite[tree] ?? []).map(s => s.files?.[f]).filter((x): x is number => x !== undefined); return xs.length ? median(xs).toFixed(1) : '—' }
  console.log(`\n| file, wall inside npm run bench (Vitest's figure) | ${trees.map(t => `${t.name} s`).join(' | ')} |\n|---|${trees.map(() => '---').join('|')}|`)
  for (const f of files) console.log(`| ${f} | ${trees.map(t => inSuite(t.name, f)).join(' | ')} |`)
}
if (a.json) writeFileSync(a.json, JSON.stringify(results, null, 2))
