// Where worker threads start to pay for fitting tree members: 4 forests fitted at concurrency 2, in-process vs
// in the fit pool (warm workers, columns in SharedArrayBuffers), for forests of growing size on breast cancer.
// Rounds alternate the two modes; each figure is a median. The smallest in-process time per member at which the
// pool wins is the break-even that fit-pool.ts's BREAK_EVEN_MS records.
//   npx node scripts/worker-break-even.ts [--rounds 5] [--trees 1,2,5,10,20,50]
import { loadDataset } from '../src/datasets/index.ts'
import { median } from '../src/compare/stats/index.ts'
import { ensemble, createModel, closeFitPool, type ModelSpec } from '../src/ensemble/index.ts'

const args = process.argv.slice(2)
const opt = (flag: string) => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined }
const rounds = Number(opt('--rounds') ?? 5)
const sizes = (opt('--trees') ?? '1,2,5,10,20,50').split(',').map(Number)
const data = loadDataset('breast-cancer')

async function fitFour(trees: number, parallel: 'in-process' | 'workers'): Promise<number> {
  const spec = (i: number): ModelSpec => ({ type: 'random-forest', task: 'classification', name: `rf${i}`, seed: i, params: { nEstimators: trees } })
  const ens = ensemble({ members: [0, 1, 2, 3].map(i => createModel(spec(i))), task: 'classification', concurrency: 2, parallel })
  const t0 = performance.now()
  const fit = await ens.fit(data.X, data.y)
  const ms = performance.now() - t0
  if (fit.failures.length) throw new Error(fit.failures.map(f => f.message).join('; '))
  return ms
}

await fitFour(2, 'workers') // start and warm the pool's two workers
await fitFour(2, 'in-process')
console.log(`4 forests on breast cancer (569 × 30), concurrency 2, median of ${rounds} alternating rounds\n`)
console.log(`${'trees'.padStart(5)} ${'in-process ms'.padStart(14)} ${'per member'.padStart(11)} ${'workers ms'.padStart(11)} ${'speed-up'.padStart(9)}`)
let breakEven: number | undefined
for (const trees of sizes) {
  const a: number[] = [], b: number[] = []
  for (let r = 0; r < rounds; r++) {
    if (r % 2) { b.push(await fitFour(trees, 'workers')); a.push(await fitFour(trees, 'in-process')) }
    else { a.push(await fitFour(trees, 'in-process')); b.push(await fitFour(trees, 'workers')) }
  }
  const inproc = median(a), workers = median(b), speedup = inproc / workers
  if (speedup > 1 && breakEven === undefined) breakEven = inproc / 4
  console.log(`${String(trees).padStart(5)} ${inproc.toFixed(1).padStart(14)} ${(inproc / 4).toFixed(1).padStart(11)} ${workers.toFixed(1).padStart(11)} ${speedup.toFixed(2).padStart(8)}×`)
}
console.log(breakEven === undefined ? '\nworkers never won at these sizes' : `\nbreak-even: workers first win at ≈ ${breakEven.toFixed(0)} ms of in-process fit per member`)
await closeFitPool()
