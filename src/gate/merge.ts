// Rounds are separate process runs. Several single-run baselines of the same side merge into one baseline
// whose entries hold one round each per run, which is what the comparison's round-level unit needs.
import type { Baseline, Entry } from '../schema/baseline.ts'
import { SwarmbenchError } from '../errors/index.ts'

export function mergeRounds(runs: readonly Baseline[]): Baseline {
  if (runs.length === 0) throw new SwarmbenchError('no runs to merge')
  const first = runs[0]!
  const entries: Record<string, Entry> = {}
  for (const run of runs) {
    for (const [id, e] of Object.entries(run.entries)) {
      const into = entries[id] ??= { ...structuredClone(e), rounds: [], metrics: {} }
      into.rounds.push(...e.rounds)
      for (const [name, m] of Object.entries(e.metrics)) {
        const target = into.metrics[name] ??= { ...structuredClone(m), rounds: [] }
        target.rounds.push(...m.rounds)
      }
    }
  }
  const wall = runs.reduce((a, r) => a + (r.run.wallTimeMs ?? 0), 0)
  return {
    schemaVersion: first.schemaVersion,
    run: { ...first.run, rounds: runs.reduce((a, r) => a + r.run.rounds, 0), ...(wall > 0 ? { wallTimeMs: wall } : {}) },
    entries,
  }
}

/** Round i of a merged baseline as a baseline of its own (entries without that round are left out). */
export function roundOf(b: Baseline, i: number): Baseline {
  const entries: Record<string, Entry> = {}
  for (const [id, e] of Object.entries(b.entries)) {
    const r = e.rounds[i]
    if (r) entries[id] = { ...e, rounds: [r], metrics: {} }
  }
  return { ...b, run: { ...b.run, rounds: 1 }, entries }
}
