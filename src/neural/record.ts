// Records a neural report (and its target checks) through any metric sink: the `metric` fixture or
// recordMetric bound to a task.
import type { MetricOptions } from '../metrics/index.ts'
import { checkTargets, neuralMetrics, targetMetrics, type NeuralReport, type TargetCheck, type Targets } from './bench.ts'

export type MetricSink = (name: string, value: number | readonly number[], options: MetricOptions) => Promise<unknown>

/**
 * Records every figure, then the share of targets met. With `failOnMiss`, throws after recording, naming each
 * missed target, so the test fails while the figures still reach the report.
 */
export async function recordNeural(metric: MetricSink, report: NeuralReport, opts: { targets?: Targets; prefix?: string; bench?: string; failOnMiss?: boolean } = {}): Promise<TargetCheck[]> {
  const specs = neuralMetrics(report, opts.prefix, opts.bench)
  const checks = opts.targets ? checkTargets(specs, opts.targets) : []
  for (const s of [...specs, ...targetMetrics(checks, opts.prefix, opts.bench)]) await metric(s.name, s.value, s.options)
  const missed = checks.filter(c => !c.met)
  if (opts.failOnMiss && missed.length) {
    throw new Error(`neural targets missed: ${missed.map(c => `${c.metric} = ${c.value.toPrecision(4)} (${c.max !== undefined ? `max ${c.max}` : ''}${c.max !== undefined && c.min !== undefined ? ', ' : ''}${c.min !== undefined ? `min ${c.min}` : ''})`).join('; ')}`)
  }
  return checks
}
