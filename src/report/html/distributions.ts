// What the diff's row detail draws: the values each side's verdict rested on. With ≥ 2 rounds on both sides
// those are the rounds' central values (the statistical unit, see src/compare/statistical.ts); otherwise the
// samples of the single round, thinned to evenly spaced quantiles so a large suite stays small. Pure.
import { decodeSamples } from '../../compare/samples.ts'
import { quantileSorted } from '../../compare/stats/index.ts'
import type { Entry } from '../../schema/baseline.ts'

/** Most values drawn per side. */
export const MAX_DRAWN = 64

export interface SideValues { values: number[]; what: string }

export function sideValues(entry: Entry | undefined, metric: string, byRounds: boolean): SideValues | undefined {
  if (!entry) return undefined
  if (metric === 'latency') {
    if (entry.rounds.length === 0) return undefined
    if (byRounds || !entry.rounds.some(r => r.samples)) return { values: entry.rounds.map(r => r.latency.p50), what: `${entry.rounds.length} round median(s)` }
    const samples = entry.rounds.flatMap(r => (r.samples ? decodeSamples(r.samples) : []))
    return { values: thin(samples), what: `${samples.length} sample(s) of ${entry.rounds.length} round(s)` }
  }
  const m = entry.metrics[metric]
  if (!m) return undefined
  if (byRounds || !m.rounds.some(r => r.samples)) return { values: m.rounds.map(r => r.value), what: `${m.rounds.length} round value(s)` }
  const samples = m.rounds.flatMap(r => r.samples ?? [r.value])
  return { values: thin(samples), what: `${samples.length} sample(s)` }
}

/** The rounds each side has for this figure, to decide whether rounds are the unit (both ≥ 2). */
export function roundsOf(entry: Entry | undefined, metric: string): number {
  if (!entry) return 0
  return metric === 'latency' ? entry.rounds.length : entry.metrics[metric]?.rounds.length ?? 0
}

/** At most MAX_DRAWN evenly spaced quantiles (min and max kept), ascending. */
export function thin(values: readonly number[], max = MAX_DRAWN): number[] {
  const s = values.toSorted((a, b) => a - b)
  if (s.length <= max) return s
  return Array.from({ length: max }, (_, i) => quantileSorted(s, i / (max - 1)))
}
