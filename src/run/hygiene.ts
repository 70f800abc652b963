// Hygiene warnings for a whole run: which figures should not be trusted as they stand, each with its fix.
// Thin glue between the run format and the pure checks in src/hygiene.
import { decodeSamples } from '../compare/samples.ts'
import { hygieneWarnings, measureTimer } from '../hygiene/index.ts'
import type { Baseline } from '../schema/baseline.ts'

export function hygieneFor(run: Baseline, timer: { resolutionMs: number; overheadMs?: number } = measureTimer()): string[] {
  const lines: string[] = []
  for (const entry of Object.values(run.entries)) {
    const round = entry.rounds[entry.rounds.length - 1]
    if (!round) continue
    const l = round.latency
    const firstCall = entry.metrics.firstCall?.rounds.at(-1)?.value
    const warnings = hygieneWarnings({
      id: entry.id,
      latency: { mean: l.mean, min: l.min, max: l.max, p50: l.p50, p99: l.p99, rme: l.rme, n: l.n, ...(round.samples ? { samples: decodeSamples(round.samples) } : {}) },
      timer, moduleRunner: run.run.env.moduleRunner,
      ...(firstCall !== undefined ? { firstSampleMs: firstCall } : {}),
    })
    for (const w of warnings) lines.push(`${w.message} Fix: ${w.fix}`) // the message names the benchmark
  }
  return lines
}
