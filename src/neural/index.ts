// Neural-inference benchmarking (issue 8): a model-agnostic harness and a real small MLP on the shipped datasets.
// Not re-exported from src/index.ts's `test` path on purpose: importing it loads TensorFlow.js.
export { benchmarkNeural, neuralMetrics, checkTargets, targetMetrics, summarise, NeuralBenchOptionsSchema, TargetsSchema } from './bench.ts'
export type { NeuralModel, NeuralBenchOptions, NeuralReport, InferenceFigures, LatencySummary, Targets, TargetCheck } from './bench.ts'
export { createMlp, trainMlp, scoreMlp, fitScaler, scale, tfReady, MlpOptionsSchema } from './mlp.ts'
export type { Mlp, MlpOptions, Scaler, TrainReport } from './mlp.ts'
export { recordNeural } from './record.ts'
export type { MetricSink } from './record.ts'
