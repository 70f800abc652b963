// Seeded stratified 5-fold CV of every member type and every vote on the shipped real datasets.
// Run: npx node scripts/ensemble-cv.ts [--json out.json] [--folds-out folds.json] [--in-process]
import { writeFileSync } from 'node:fs'
import { loadDataset, stratifiedFoldIds, kFold, REAL_DATASETS } from '../src/datasets/index.ts'
import { crossValidate, createModel, workerMember, CLASSIFIERS, REGRESSORS, VOTE_KINDS, type Member } from '../src/ensemble/index.ts'

export const SEED = 2026
export const FOLDS = 5

/** One member per model type; `workers` runs each in its own worker thread (same results, both cores busy). */
export function membersFor(task: 'classification' | 'regression', seed: number, workers = false): () => Member[] {
  const types = task === 'classification' ? CLASSIFIERS : REGRESSORS
  return () => types.map(type => (workers ? workerMember({ type, task, seed, name: type }) : createModel({ type, task, seed })))
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const out: Record<string, unknown> = {}
  const folds: Record<string, number[]> = {}
  for (const name of REAL_DATASETS) {
    const data = loadDataset(name)
    // the same folds crossValidate uses, so sklearn can be scored on identical splits
    if (data.task === 'classification') folds[name] = Array.from(stratifiedFoldIds(data.y, FOLDS, SEED))
    else { const ids = new Array<number>(data.y.length).fill(0); kFold(data.y.length, FOLDS, SEED).forEach((f, i) => f.test.forEach(r => { ids[r] = i })); folds[name] = ids }
    const t0 = performance.now()
    const cv = await crossValidate({ data, members: membersFor(data.task, SEED, !args.includes('--in-process')), votes: [...VOTE_KINDS], folds: FOLDS, seed: SEED, concurrency: 2, timeoutMs: 600_000 })
    out[name] = cv
    console.log(`\n== ${name} (${data.task}, ${data.X.length} rows, ${((performance.now() - t0) / 1000).toFixed(1)} s)`)
    const key = data.task === 'classification' ? 'accuracy' : 'r2'
    for (const [m, s] of Object.entries(cv.members)) console.log(`  member ${m.padEnd(20)} ${key} ${s[key]!.toFixed(4)}`)
    for (const [v, s] of Object.entries(cv.votes)) console.log(`  vote   ${v.padEnd(20)} ${key} ${s[key]!.toFixed(4)}  gain ${cv.gainOverBest[v]!.toFixed(4)}`)
    if (cv.failures.length) console.log('  failures:', cv.failures)
  }
  const j = args.indexOf('--json'); if (j >= 0) writeFileSync(args[j + 1]!, JSON.stringify(out, null, 2))
  const f = args.indexOf('--folds-out'); if (f >= 0) writeFileSync(args[f + 1]!, JSON.stringify({ seed: SEED, folds: FOLDS, foldIds: folds }))
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
