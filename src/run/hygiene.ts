// Hygiene warnings for a whole run: which figures should not be trusted as they stand, each with its fix.
// Thin glue between the run format and the pure checks in src/hygiene. The terminal gets one compact block
// (a count and one line per kind of problem); the full list with every fix goes to a file.
import { resolve } from 'node:path'
import { decodeSamples } from '../compare/samples.ts'
import { hygieneWarnings, measureTimer, type HygieneCode } from '../hygiene/index.ts'
import type { ResolvedOptions } from '../plugin/options.ts'
import { fitCell } from '../report/terminal.ts'
import type { Baseline } from '../schema/baseline.ts'

export interface HygieneFinding { id: string; code: HygieneCode; message: string; fix: string }

export function hygieneFor(run: Baseline, timer: { resolutionMs: number; overheadMs?: number } = measureTimer()): HygieneFinding[] {
  const out: HygieneFinding[] = []
  for (const entry of Object.values(run.entries)) {
    const round = entry.rounds[entry.rounds.length - 1]
    if (!round) continue
    const l = round.latency
    const firstCall = entry.metrics.firstCall?.rounds.at(-1)?.value
    // the memory fixture's allocation per call (the median of its chunks): tells cheap work from eliminated work
    const alloc = entry.metrics['mem.alloc.perCall']?.rounds.at(-1)?.value
    const warnings = hygieneWarnings({
      id: entry.id,
      latency: { mean: l.mean, min: l.min, max: l.max, p50: l.p50, p99: l.p99, rme: l.rme, n: l.n, ...(round.samples ? { samples: decodeSamples(round.samples) } : {}) },
      timer, moduleRunner: run.run.env.moduleRunner,
      ...(firstCall !== undefined ? { firstSampleMs: firstCall } : {}),
      ...(alloc !== undefined ? { allocBytesPerCall: alloc } : {}),
    })
    for (const w of warnings) out.push({ id: entry.id, code: w.code, message: w.message, fix: w.fix }) // the message names the benchmark
  }
  return out
}

/** Where the full list goes: <outDir>/hygiene.txt. */
export function hygieneFile(root: string, o: Pick<ResolvedOptions, 'outDir'>): string {
  return resolve(root, o.outDir, 'hygiene.txt')
}

/** The file's text: every warning with its fix, one per line. */
export function hygieneText(findings: readonly HygieneFinding[]): string {
  if (findings.length === 0) return 'No hygiene warnings in the last run.\n'
  return `${findings.length} hygiene warning(s) in the last run, one per line, each with its fix:\n\n${findings.map(f => `${f.message} Fix: ${f.fix}`).join('\n')}\n`
}

const LABEL: Record<HygieneCode, string> = {
  'high-rme': 'relative margin of error above the limit',
  'below-timer-resolution': "below the timer's resolution",
  'dead-code': 'looks dead-code-eliminated',
  'slow-first-sample': 'slow first call, hidden by warm-up',
  'module-runner-getters': "Vite's module-runner getters may weigh on the figure",
}

/**
 * The terminal block: a count and a pointer to the file, then one line per kind of problem with its worst
 * cases named, cut to the width. At most 1 + 5 lines (there are five kinds).
 */
export function hygieneBlock(findings: readonly HygieneFinding[], file: string, width = 120): string[] {
  if (findings.length === 0) return []
  const benchmarks = new Set(findings.map(f => f.id)).size
  const byCode = new Map<HygieneCode, HygieneFinding[]>()
  for (const f of findings) byCode.set(f.code, [...(byCode.get(f.code) ?? []), f])
  const short = (id: string) => id.split(' › ').slice(1).join(' › ').replace(/\.bench\.[cm]?[jt]s\b/, '')
  const lines = [`swarmbench: ${findings.length} hygiene warning(s) on ${benchmarks} benchmark(s); each with its fix in ${file}`]
  for (const [code, list] of [...byCode].sort((a, b) => b[1].length - a[1].length)) {
    lines.push(`  ${list.length} × ${LABEL[code]}: ${list.map(f => short(f.id)).join('; ')}`)
  }
  return lines.map(l => fitCell(l, width, 'end'))
}
