// swarmbench's `test`: Vitest's test with our fixtures. Vitest's own `bench` fixture comes along untouched.
import { test as base } from 'vitest'
import { recordMetric, type MetricOptions, type MetricArtifactPayload } from './metrics/index.ts'

export type MetricFn = (name: string, value: number | readonly number[], options: MetricOptions) => Promise<MetricArtifactPayload>

export const test = base.extend('metric', ({ task }): MetricFn =>
  (name, value, options) => recordMetric(task, name, value, options))
