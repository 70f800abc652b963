// A NoiseHistory built from earlier runs held in memory, as src/store/noise.ts builds it from the history.
import { noiseKey, type NoiseHistory } from '../../src/compare/noise-history.ts'
import type { Baseline } from '../../src/schema/baseline.ts'

export function noiseFrom(runs: readonly Baseline[], summary: 'median' | 'min' = 'median'): NoiseHistory {
  const series = new Map<string, number[]>()
  for (const run of runs) {
    for (const e of Object.values(run.entries)) {
      const r = e.rounds[0]
      if (!r) continue
      const key = noiseKey(e.id, 'latency')
      series.set(key, [...(series.get(key) ?? []), summary === 'min' ? r.latency.min : r.latency.p50])
    }
  }
  return { runs: runs.length, scope: 'test runs', summary, series }
}
