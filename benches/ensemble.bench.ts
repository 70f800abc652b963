// Ensemble scenarios on the shipped real datasets and on the plan's seeded synthetic sets. Each scenario is
// one seeded stratified 3-fold cross-validation of five members and all five vote kinds; its quality figures
// (accuracy/F1/log-loss or MSE/MAE/R², agreement, gain over the best member) and phase timings become metrics.
// Time-boxed: 3 outer folds (5 fitted every member 5/3 as often for the same figures), "light"
// members (forests of 10 trees, depth ≤ 8), 2 inner validation folds, in-process members (worker-thread fitting
// is measured in ensemble-vote.bench.ts). The full 5-fold protocol is scripts/ensemble-cv.ts; scikit-learn side
// by side: scripts/trees-vs-sklearn.ts.
import type { Bench } from 'vitest'
import { test, type MetricFn } from '../src/index.ts'
import { loadDataset, syntheticDataset, type Dataset } from '../src/datasets/index.ts'
import { crossValidate, gridSearch, createModel, standardMembers, recordCrossValidation, formatAgreement, VOTE_KINDS } from '../src/ensemble/index.ts'

const SEED = 2026
const FOLDS = 3

async function scenario(data: Dataset, bench: Bench, metric: MetricFn) {
  let cv: Awaited<ReturnType<typeof crossValidate>> | undefined
  await bench(`${data.name}: ${FOLDS}-fold CV, 5 vote kinds`, async () => {
    cv = await crossValidate({
      data, members: standardMembers(data.task, { seed: SEED, light: true }),
      votes: [...VOTE_KINDS], folds: FOLDS, seed: SEED, validationFolds: 2, concurrency: 2,
    })
  }).run({ time: 0, iterations: 1, warmup: false })
  await recordCrossValidation(metric, cv!)
  const key = data.task === 'classification' ? 'accuracy' : 'r2'
  console.log(`[ensemble] ${data.name} (${data.X.length}×${data.X[0]!.length}) ${key}: members ${Object.entries(cv!.members).map(([n, s]) => `${n} ${s[key]!.toFixed(3)}`).join(', ')}; votes ${Object.entries(cv!.votes).map(([n, s]) => `${n} ${s[key]!.toFixed(3)} (gain ${cv!.gainOverBest[n]! >= 0 ? '+' : ''}${cv!.gainOverBest[n]!.toFixed(3)})`).join(', ')}\n${formatAgreement(cv!)}`)
}

test('ensemble on iris (real)', { timeout: 300_000 }, ({ bench, metric }) => scenario(loadDataset('iris'), bench, metric))
test('ensemble on wine (real)', { timeout: 300_000 }, ({ bench, metric }) => scenario(loadDataset('wine'), bench, metric))
test('ensemble on breast-cancer (real)', { timeout: 300_000 }, ({ bench, metric }) => scenario(loadDataset('breast-cancer'), bench, metric))
test('ensemble on diabetes (real, regression)', { timeout: 300_000 }, ({ bench, metric }) => scenario(loadDataset('diabetes'), bench, metric))
test('ensemble on classification-small (synthetic 500×10)', { timeout: 300_000 }, ({ bench, metric }) => scenario(syntheticDataset('classification-small'), bench, metric))
test('ensemble on classification-large (synthetic 2000×20)', { timeout: 300_000 }, ({ bench, metric }) => scenario(syntheticDataset('classification-large'), bench, metric))
test('ensemble on regression-small (synthetic 500×10)', { timeout: 300_000 }, ({ bench, metric }) => scenario(syntheticDataset('regression-small'), bench, metric))
test('ensemble on regression-large (synthetic 2000×20)', { timeout: 300_000 }, ({ bench, metric }) => scenario(syntheticDataset('regression-large'), bench, metric))
test('ensemble on cross-validation (synthetic 1000×15, 4 classes)', { timeout: 300_000 }, ({ bench, metric }) => scenario(syntheticDataset('cross-validation'), bench, metric))

test('hyperparameter tuning: grid search for KNN and logistic regression (synthetic 1000×10)', { timeout: 300_000 }, async ({ bench, metric }) => {
  const data = syntheticDataset('hyperparameter-tuning')
  let knn: Awaited<ReturnType<typeof gridSearch>> = [], lr: typeof knn = []
  await bench(`grid search (5 × k, 4 × C), ${FOLDS}-fold CV`, async () => {
    knn = await gridSearch({ data, grid: { k: [1, 3, 5, 9, 15] }, build: p => createModel({ type: 'knn', task: 'classification', params: p }), folds: FOLDS, seed: SEED })
    lr = await gridSearch({ data, grid: { C: [0.01, 0.1, 1, 10] }, build: p => createModel({ type: 'logistic-regression', task: 'classification', params: p }), folds: FOLDS, seed: SEED })
  }).run({ time: 0, iterations: 1, warmup: false })
  await metric('knn.best.accuracy', knn[0]!.score, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: data.provenance! })
  await metric('knn.best.k', knn[0]!.params.k as number, { unit: 'neighbours', better: 'higher', kind: 'info', provenance: data.provenance! })
  await metric('knn.worst.accuracy', knn.at(-1)!.score, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: data.provenance! })
  await metric('logistic.best.accuracy', lr[0]!.score, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: data.provenance! })
  await metric('logistic.best.C', lr[0]!.params.C as number, { unit: '', better: 'higher', kind: 'info', provenance: data.provenance! })
  console.log(`[ensemble] grid search: knn ${knn.map(r => `k=${r.params.k} ${r.score.toFixed(3)}`).join(', ')}; logistic ${lr.map(r => `C=${r.params.C} ${r.score.toFixed(3)}`).join(', ')}`)
})
