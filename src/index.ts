export { test } from './test.ts'
export type { MetricFn } from './test.ts'
export { recordMetric, MetricOptionsSchema, combineProvenance, toProvenance } from './metrics/index.ts'
export type { MetricOptions, MetricArtifactPayload } from './metrics/index.ts'
export * from './schema/baseline.ts'
// issue 4: tokens and cost
export * from './tokens/index.ts'
// issue 8: memory, GC, leaks, persistence overhead; hygiene warnings
export * from './memory/index.ts'
// issue 7: task pool, checkpointed batch / pipeline / workflow runners, progress
export * from './automation/index.ts'
export * from './hygiene/index.ts'
// The model-agnostic neural harness; the TensorFlow.js MLP stays behind src/neural/index.ts so that importing
// swarmbench does not load TensorFlow.js.
export { benchmarkNeural, neuralMetrics, checkTargets, targetMetrics, NeuralBenchOptionsSchema, TargetsSchema } from './neural/bench.ts'
export type { NeuralModel, NeuralBenchOptions, NeuralReport, InferenceFigures, LatencySummary, Targets, TargetCheck } from './neural/bench.ts'
export { recordNeural } from './neural/record.ts'
export type { MetricSink } from './neural/record.ts'
export * as consensus from './consensus/index.ts'
// issue 5: ensembles (executor, votes, ml.js members, CV) and the shipped real/synthetic datasets
export { ensemble, crossValidate, gridSearch, createModel, workerMember, standardMembers, recordCrossValidation } from './ensemble/index.ts'
export type { Member, Ensemble, EnsemblePrediction, EnsembleOptions, VoteSpec, VoteKind, CrossValidation, ModelSpec } from './ensemble/index.ts'
export * as ensembles from './ensemble/index.ts'
export { loadDataset, syntheticDataset, stratifiedKFold, kFold } from './datasets/index.ts'
export type { Dataset, Fold } from './datasets/index.ts'
export * as datasets from './datasets/index.ts'
// issue 3: comparison engine (verdicts) and the pull-request gate
export { compareBaselines, CompareOptionsSchema, parseCompareOptions, decodeSamples, encodeSamples, environmentMismatches } from './compare/index.ts'
export type { Comparison, ComparisonRow, Verdict, CompareOptions, CompareOptionsInput } from './compare/index.ts'
export * as stats from './compare/stats/index.ts'
export { runGate, GateOptionsSchema } from './gate/index.ts'
export type { GateOptions, GateResult, GateDeps } from './gate/index.ts'
// issue 17: swarm task benchmarks
export * as swarm from './swarm/index.ts'
// issue 18: the CLAUDE.md optimizer
export * as claudeMd from './claude-md/index.ts'
