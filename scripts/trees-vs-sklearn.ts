// Decision tree and 100-tree random forest, swarmbench beside scikit-learn, in one run on the same folds:
// fit time (single-threaded on both sides) and held-out accuracy, on digits (1,797 × 64, 10 classes) and
// breast cancer (569 × 30). Targets (issue 20): within 10× of scikit-learn's fit time, accuracy within 1 point.
//   npx node scripts/trees-vs-sklearn.ts [--rounds 3] [--json tmp/trees-vs-sklearn.json]
// scikit-learn is Debian's python3-sklearn run as a subprocess (/usr/bin/python3 scripts/sklearn-reference.py
// --trees); it is a reference, not a dependency. Rounds alternate the two sides so load on this shared machine
// hits both; each figure is the median over rounds of the 5 folds' total fit time.
// Our settings are scikit-learn's algorithm: a node of 2 rows may split (minNumSamples 1), and the forest
// draws √features per split from 100 bootstrapped trees.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadDataset, stratifiedFoldIds, type RealDatasetName } from '../src/datasets/index.ts'
import { median } from '../src/compare/stats/index.ts'
import { createModel, accuracy, type ModelSpec } from '../src/ensemble/index.ts'

const SEED = 2026, FOLDS = 5
const DATASETS: RealDatasetName[] = ['digits', 'breast-cancer']
const MODELS: Record<string, Omit<ModelSpec, 'task'>> = {
  'decision-tree': { type: 'decision-tree', params: { minNumSamples: 1 } },
  'random-forest-100': { type: 'random-forest', seed: SEED, params: { nEstimators: 100, featureSampling: 'split', maxFeatures: 'sqrt', minNumSamples: 1 } },
}
const PYTHON = '/usr/bin/python3'
const REFERENCE = fileURLToPath(new URL('./sklearn-reference.py', import.meta.url))

interface Side { fitSeconds: number[]; accuracy: number[] }
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
const mean = (xs: number[]) => sum(xs) / xs.length

function ours(name: RealDatasetName, ids: Int32Array): Record<string, Side> {
  const d = loadDataset(name)
  const out: Record<string, Side> = {}
  for (const [label, spec] of Object.entries(MODELS)) {
    const make = () => createModel({ ...spec, task: 'classification' } as ModelSpec)
    const warm = make(); warm.fit(d.X.filter((_, i) => ids[i] !== 0), d.y.filter((_, i) => ids[i] !== 0)) // JIT warm-up, as sklearn's
    const side: Side = { fitSeconds: [], accuracy: [] }
    for (let f = 0; f < FOLDS; f++) {
      const tr = (_: unknown, i: number) => ids[i] !== f, te = (_: unknown, i: number) => ids[i] === f
      const Xtr = d.X.filter(tr), ytr = d.y.filter(tr), m = make()
      const t0 = performance.now()
      m.fit(Xtr, ytr)
      side.fitSeconds.push((performance.now() - t0) / 1000)
      side.accuracy.push(accuracy(d.y.filter(te), m.predict(d.X.filter(te))))
    }
    out[label] = side
  }
  return out
}

function sklearn(name: RealDatasetName, ids: Int32Array, dir: string): { version: string; results: Record<string, Side> } {
  const file = join(dir, `${name}-folds.json`)
  writeFileSync(file, JSON.stringify({ seed: SEED, folds: FOLDS, foldIds: { [name]: Array.from(ids) } }))
  let text: string
  try {
    text = execFileSync(PYTHON, [REFERENCE, '--trees', file], { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string }
    const why = err.code === 'ENOENT' ? `${PYTHON} not found` : (err.stderr ?? '').trim().split('\n').at(-1) ?? err.message
    throw new Error(`scikit-learn reference failed: ${why}. Fix: apt-get install -y python3-sklearn`)
  }
  const r = JSON.parse(text) as { sklearn: string; datasets: Record<string, Record<string, Side>> }
  return { version: r.sklearn, results: r.datasets[name]! }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const opt = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined }
  const rounds = Number(opt('--rounds') ?? 3)
  const dir = mkdtempSync(join(tmpdir(), 'swarmbench-trees-'))
  const rows: Record<string, unknown>[] = []
  let version = '?', misses = 0
  try {
    console.log(`swarmbench trees vs scikit-learn: seeded stratified ${FOLDS}-fold (seed ${SEED}), fit time = 5 folds' total, median of ${rounds} alternating rounds\n`)
    console.log(`${'dataset'.padEnd(14)} ${'model'.padEnd(18)} ${'ours s'.padStart(8)} ${'sklearn s'.padStart(9)} ${'ratio'.padStart(6)}  ${'ours %'.padStart(6)} ${'sk %'.padStart(6)} ${'diff'.padStart(6)}  targets (≤10×, ±1 point)`)
    for (const name of DATASETS) {
      const d = loadDataset(name), ids = stratifiedFoldIds(d.y, FOLDS, SEED)
      const o: Record<string, number[]> = {}, s: Record<string, number[]> = {}
      let oAcc: Record<string, Side> = {}, sAcc: Record<string, Side> = {}
      for (let r = 0; r < rounds; r++) {
        oAcc = ours(name, ids)
        const sk = sklearn(name, ids, dir); version = sk.version; sAcc = sk.results
        for (const m of Object.keys(MODELS)) { (o[m] ??= []).push(sum(oAcc[m]!.fitSeconds)); (s[m] ??= []).push(sum(sAcc[m]!.fitSeconds)) }
      }
      for (const m of Object.keys(MODELS)) {
        const to = median(o[m]!), ts = median(s[m]!), ratio = to / ts
        const ao = mean(oAcc[m]!.accuracy), as = mean(sAcc[m]!.accuracy), diff = ao - as
        const ok = ratio <= 10 && Math.abs(diff) <= 0.01
        if (!ok) misses++
        rows.push({ dataset: name, model: m, oursSeconds: to, sklearnSeconds: ts, ratio, oursAccuracy: ao, sklearnAccuracy: as, rounds: { ours: o[m], sklearn: s[m] } })
        console.log(`${name.padEnd(14)} ${m.padEnd(18)} ${to.toFixed(3).padStart(8)} ${ts.toFixed(3).padStart(9)} ${ratio.toFixed(2).padStart(5)}×  ${(ao * 100).toFixed(2).padStart(6)} ${(as * 100).toFixed(2).padStart(6)} ${(diff * 100).toFixed(2).padStart(6)}  ${ratio <= 10 ? 'ok' : 'SLOW'} / ${Math.abs(diff) <= 0.01 ? 'ok' : 'MISS'}`)
      }
    }
    console.log(`\nscikit-learn ${version} (${PYTHON}); ${misses ? `${misses} target(s) missed` : 'all targets met'}`)
    const json = opt('--json')
    if (json) writeFileSync(json, JSON.stringify({ sklearn: version, seed: SEED, folds: FOLDS, rounds, rows }, null, 2))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  process.exitCode = misses ? 1 : 0
}

await main().catch(e => { console.error(e instanceof Error ? e.message : String(e)); process.exitCode = 2 })
