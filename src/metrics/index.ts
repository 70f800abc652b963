export { recordMetric, toMetricPayload, MetricOptionsSchema, METRIC_ARTIFACT } from './record.ts'
export type { MetricOptions, MetricArtifactPayload } from './record.ts'
export { combineProvenance, toProvenance } from './provenance.ts'
