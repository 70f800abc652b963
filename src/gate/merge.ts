// Rounds are separate process runs; merging them is shared with `swarmbench run` (src/collect).
import type { Baseline, Entry } from '../schema/baseline.ts'

export { mergeRounds } from '../collect/index.ts'

/** Round i of a merged baseline as a baseline of its own (entries without that round are left out). */
export function roundOf(b: Baseline, i: number): Baseline {
  const entries: Record<string, Entry> = {}
  for (const [id, e] of Object.entries(b.entries)) {
    const r = e.rounds[i]
    if (r) entries[id] = { ...e, rounds: [r], metrics: {} }
  }
  return { ...b, run: { ...b.run, rounds: 1 }, entries }
}
