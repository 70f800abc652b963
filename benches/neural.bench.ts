// Neural processing: a real MLP (TensorFlow.js, CPU) trained on the shipped datasets, benchmarked for
// inference latency per batch size, training-iteration time and memory, and checked against the targets
// the old plan set (inference 50 ms, training iteration 500 ms, memory 512 MB).
import { test } from '../src/index.ts'
import { loadDataset, stratifiedKFold, type RealDatasetName } from '../src/datasets/index.ts'
import { benchmarkNeural, createMlp, recordNeural, scoreMlp, trainMlp } from '../src/neural/index.ts'
import { WARMUP_MS } from './warmup.ts'

const TARGETS = {
  'neural.infer.b1.p99': { max: 50 },
  'neural.train.iteration.p95': { max: 500 },
  'neural.model.bytes': { max: 512 * 1024 * 1024 },
}

for (const name of ['iris', 'breast-cancer'] as RealDatasetName[]) {
  test(`mlp on ${name}`, async ({ bench, metric }) => {
    const d = loadDataset(name)
    const [fold] = stratifiedKFold(d.y, 5, 8)
    const model = await createMlp(d, fold!.train, { seed: 8, learningRate: 0.05 })
    const train = await trainMlp(model, d, fold!.train, { epochs: 10, batchSize: 32, seed: 8 })
    const row = [d.X[fold!.test[0]!]!]
    const predict = model.predict
    await bench(`${name} predict (batch 1)`, () => predict(row)).run({ time: 300, warmupTime: WARMUP_MS })
    const score = scoreMlp(model, d, fold!.test)
    await metric(`neural.${score.name}`, score.value, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: 'measured' })
    await metric('neural.train.fullFit', train.iterationMs.reduce((a, b) => a + b, 0), { unit: 'ms', better: 'lower', kind: 'info', provenance: 'measured' })
    const report = await benchmarkNeural(model, { X: d.X, y: d.y }, { batchSizes: [1, 8, 32], iterations: 100, trainIterations: 30, trainBatchSize: 32 })
    await recordNeural(metric, report, { targets: TARGETS })
    model.dispose()
  })
}
