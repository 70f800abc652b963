// Issue 2's overhead benchmark: a real `vitest bench` run of 1,000 benchmarks × 1,000 samples, with and without
// the swarmbench plugin, side by side (A B A B), plus the ingest of that run into a fresh history in-process.
//   npx node scripts/reporter-overhead.ts [--benchmarks 1000] [--samples 1000] [--pairs 2] [--size 50]
// --size sets how many numbers each iteration sorts (50–140 by default: ~25 ms per benchmark; 5000: ~1 s per
// benchmark, close to what Vitest's default `time` of 1 s gives).
import { spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { compareBaselines } from '../src/compare/index.ts'
import { readBaselineFile } from '../src/store/baseline-file.ts'
import { openHistory, saveRun } from '../src/store/history.ts'

const { values } = parseArgs({ options: { benchmarks: { type: 'string', default: '1000' }, samples: { type: 'string', default: '1000' }, pairs: { type: 'string', default: '2' }, size: { type: 'string', default: '50' } } })
const benchmarks = Number(values.benchmarks), samples = Number(values.samples), pairs = Number(values.pairs), size = Number(values.size)
const repo = resolve(import.meta.dirname, '..')
const project = join(repo, 'tmp', 'overhead-project')
rmSync(project, { recursive: true, force: true })
mkdirSync(project, { recursive: true })

// 20 files × (benchmarks / 20) tests, each timing a small real computation for exactly `samples` iterations.
const files = 20, perFile = Math.ceil(benchmarks / files)
for (let f = 0; f < files; f++) {
  const tests = Array.from({ length: perFile }, (_, t) => `
test('case ${t}', async ({ bench }) => {
  const xs = Array.from({ length: ${size + (t % 10) * Math.ceil(size / 5)} }, (_, i) => (i * 7919) % 101)
  await bench('sort ${f}-${t}', () => xs.toSorted((a, b) => a - b)).run({ iterations: ${samples}, time: 0, warmupIterations: 5, warmupTime: 0 })
})`).join('\n')
  writeFileSync(join(project, `g${f}.bench.ts`), `import { test } from 'vitest'\n${tests}\n`)
}
const config = (withPlugin: boolean) => `import { defineConfig } from 'vitest/config'
${withPlugin ? `import { swarmbench } from '${join(repo, 'src/plugin/index.ts')}'\n` : ''}
export default defineConfig({ ${withPlugin ? 'plugins: [swarmbench({ print: false })],' : ''} test: { benchmark: { include: ['*.bench.ts'], retainSamples: true } } })
`
const vitest = join(repo, 'node_modules/vitest/vitest.mjs')

function runOnce(withPlugin: boolean): { wallMs: number; reporterMs?: number } {
  writeFileSync(join(project, 'vitest.config.ts'), config(withPlugin))
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [vitest, 'bench', '--run', '--reporter=dot'], { cwd: project, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0' }, maxBuffer: 1 << 28 })
  const wallMs = performance.now() - t0
  if (r.status !== 0) throw new Error(`vitest bench failed:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`)
  const m = /(\d+) benchmarks collected, stored and diffed in (\d+) ms/.exec(r.stdout + r.stderr)
  return { wallMs, ...(m ? { reporterMs: Number(m[2]) } : {}) }
}

console.log(`${benchmarks} benchmarks × ${samples} samples, sorting ${size}+ numbers per iteration; ${pairs} pairs of runs, interleaved`)
const rows: string[] = []
for (let p = 0; p < pairs; p++) {
  const bare = runOnce(false)
  const withSb = runOnce(true)
  rows.push(`pair ${p + 1}: bare ${(bare.wallMs / 1000).toFixed(1)} s, with swarmbench ${(withSb.wallMs / 1000).toFixed(1)} s ` +
    `(ratio ${(withSb.wallMs / bare.wallMs).toFixed(3)}); reporter (collect + hygiene + store + diff) ${withSb.reporterMs} ms = ${(100 * (withSb.reporterMs ?? 0) / withSb.wallMs).toFixed(2)}% of the run`)
  console.log(rows.at(-1))
}

// Ingest alone, in-process: the stored run into a fresh history (one transaction).
const run = readBaselineFile(join(project, '.swarmbench/last-run.json'))
const fresh = join(project, 'ingest.sqlite')
const h = openHistory(fresh)
const t0 = performance.now()
saveRun(h, run)
const ingestMs = performance.now() - t0
h.close()
const t1 = performance.now()
compareBaselines(readBaselineFile(join(project, '.swarmbench/baseline.json')), run)
const diffMs = performance.now() - t1
console.log(`ingest of ${Object.keys(run.entries).length} benchmarks into a fresh history: ${ingestMs.toFixed(0)} ms; diff alone: ${diffMs.toFixed(0)} ms`)
