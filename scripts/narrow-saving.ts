// What running only the bench files with an open gating row saves the adaptive gate (issue 20, item 4), measured
// with real `swarmbench gate --base main` runs: a temporary git repository of four bench files, each holding the
// calibration suite's three kernels (benches/calibration.bench.ts: xorshift, murmur, MD5; ±1–3% between
// processes), and the head checkout doing 5% more real work in one file (d.bench.ts). The same gate runs with the
// default (later looks run only files with an open row) and with --all-files, alternately, `--pairs` times; the
// report gives wall time, processes, and bench-file runs per side for each, and their ratio.
//
//   nice -n 10 npx node scripts/narrow-saving.ts --pairs 3
import { spawnSync, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const { values: a } = parseArgs({ options: { pairs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } } })
const pairs = Number(a.pairs)
if (!Number.isInteger(pairs) || pairs < 1) { console.error(`narrow-saving: --pairs takes a whole number ≥ 1, got '${a.pairs}'`); process.exit(2) }

const repoRoot = resolve(import.meta.dirname, '..')
const src = join(repoRoot, 'src')
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'sb-narrow-saving-')))
const root = join(dir, 'repo')
const files = ['a', 'b', 'c', 'd']

const kernels = `// The calibration suite's kernels (benches/calibration.bench.ts), \`extra\` more work (0.05 = 5%).
import { createHash } from 'node:crypto'
export function kernels(extra: number) {
  const scale = (n: number) => Math.round(n * (1 + extra))
  const nx = scale(20_000), nm = scale(20_000)
  const bytes = Buffer.alloc(scale(64 * 1024), 7)
  return {
    xorshift: () => { let x = 2463534242; for (let i = 0; i < nx; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5 } return x >>> 0 },
    murmur: () => {
      let h = 0x9747b28c
      for (let i = 0; i < nm; i++) { let k = Math.imul(i, 0xcc9e2d51); k = (k << 15) | (k >>> 17); h ^= Math.imul(k, 0x1b873593); h = (h << 13) | (h >>> 19); h = (Math.imul(h, 5) + 0xe6546b64) | 0 }
      return h >>> 0
    },
    md5: () => createHash('md5').update(bytes).digest()[0]!,
  }
}
`
const benchFile = (name: string) => `import { appendFileSync } from 'node:fs'
import { test } from '${src}/index.ts'
import { kernels } from './kernels.ts'

appendFileSync(process.env.FIXTURE_LOG!, \`\${process.cwd()}\\t${name}\\n\`)
// ${name === 'd' ? 'the head checkout does 5% more work here' : 'the same work on both sides'}
const k = kernels(${name === 'd' ? "process.cwd() === process.env.FIXTURE_HEAD_ROOT ? 0.05 : 0" : '0'})
let sink = 0
const options = { time: 400, warmupTime: 300 }
test('${name}', async ({ bench }) => {
  await bench('xorshift', () => { sink ^= k.xorshift() }).run(options)
  await bench('murmur', () => { sink ^= k.murmur() }).run(options)
  await bench('md5', () => { sink ^= k.md5() }).run(options)
  if (sink === 0.123456789) console.log(sink)
})
`

mkdirSync(root)
writeFileSync(join(root, 'package.json'), '{ "name": "narrow-saving", "private": true, "type": "module" }\n')
writeFileSync(join(root, 'package-lock.json'), '{ "name": "narrow-saving", "lockfileVersion": 3, "packages": {} }\n')
writeFileSync(join(root, '.gitignore'), 'node_modules\n.swarmbench\n')
writeFileSync(join(root, 'vitest.config.ts'), `import { defineConfig } from 'vitest/config'\nimport { swarmbench } from '${src}/plugin/index.ts'\nexport default defineConfig({ plugins: [swarmbench()], test: { benchmark: { include: ['*.bench.ts'] } } })\n`)
writeFileSync(join(root, 'kernels.ts'), kernels)
for (const f of files) writeFileSync(join(root, `${f}.bench.ts`), benchFile(f))
symlinkSync(realpathSync(join(repoRoot, 'node_modules')), join(root, 'node_modules'), 'dir')
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
git('init', '-q', '-b', 'main')
git('add', '.')
git('-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-q', '-m', 'fixture')

interface Outcome { mode: string; seconds: number; exit: number | null; rounds: number; processes: number; fileRuns: number; perFile: Record<string, number>; summary: string; failed: string }
function gate(mode: 'narrowed' | 'all-files'): Outcome {
  const log = join(dir, `log-${mode}-${Date.now()}`)
  writeFileSync(log, '')
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [join(src, 'cli/bin.ts'), '--root', root, 'gate', '--base', 'main', ...(mode === 'all-files' ? ['--all-files'] : [])], {
    encoding: 'utf8', env: { ...process.env, FIXTURE_LOG: log, FIXTURE_HEAD_ROOT: root, FORCE_COLOR: '0' }, maxBuffer: 64 << 20,
  })
  const seconds = (performance.now() - t0) / 1000
  const lines = readFileSync(log, 'utf8').trim().split('\n').map(l => l.split('\t'))
  const perFile: Record<string, number> = {}
  for (const [cwd, f] of lines) if (cwd === root) perFile[f!] = (perFile[f!] ?? 0) + 1
  const summary = /swarmbench gate: (adaptive: .*)/.exec(r.stdout)?.[1] ?? `(no summary; stderr: ${r.stderr.trim().split('\n').at(-1)})`
  const rounds = Number(/adaptive: (\d+) of at most/.exec(summary)?.[1] ?? NaN)
  const failed = /swarmbench gate: (PASS|FAIL[^(]*)/.exec(r.stdout)?.[1]?.trim() ?? ''
  // processes: one per round per side; file runs: bench files those processes ran, head side (the base side ran the same)
  return { mode, seconds, exit: r.status, rounds, processes: 2 * rounds, fileRuns: Object.values(perFile).reduce((s, n) => s + n, 0), perFile, summary, failed }
}

const results: Outcome[] = []
for (let p = 0; p < pairs; p++) {
  // alternate which goes first, so drift of the machine lands on both alike
  const order: ('narrowed' | 'all-files')[] = p % 2 === 0 ? ['narrowed', 'all-files'] : ['all-files', 'narrowed']
  for (const mode of order) {
    const o = gate(mode)
    results.push(o)
    console.log(`pair ${p + 1} ${mode.padEnd(9)} ${o.seconds.toFixed(1)} s, exit ${o.exit}, ${o.rounds} rounds per side, bench-file runs per side ${o.fileRuns} (${files.map(f => `${f} ${o.perFile[f] ?? 0}`).join(', ')}); ${o.failed}`)
    console.log(`    ${o.summary}`)
  }
}
const sum = (mode: string, f: (o: Outcome) => number) => results.filter(o => o.mode === mode).reduce((s, o) => s + f(o), 0)
const [tn, ta] = [sum('narrowed', o => o.seconds), sum('all-files', o => o.seconds)]
const [fn, fa] = [sum('narrowed', o => o.fileRuns), sum('all-files', o => o.fileRuns)]
const [rn, ra] = [sum('narrowed', o => o.rounds), sum('all-files', o => o.rounds)]
console.log(`\nnarrow-saving: ${pairs} pair(s), 4 bench files × 3 kernels, head 5% slower in d.bench.ts; \`swarmbench gate --base main\` vs the same with --all-files`)
console.log(`wall time: ${tn.toFixed(1)} s vs ${ta.toFixed(1)} s → ${(tn / ta).toFixed(2)}× (${(100 * (1 - tn / ta)).toFixed(0)}% less)`)
console.log(`bench-file runs per side: ${fn} vs ${fa} → ${(fn / fa).toFixed(2)}×; rounds per side: ${rn} vs ${ra}`)
if (!a.keep) rmSync(dir, { recursive: true, force: true })
else console.log(`kept ${dir}`)
