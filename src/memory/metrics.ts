// Which figures each memory measurement contributes to the baseline. Pure: (report) → metric list.
import type { MetricOptions } from '../metrics/index.ts'
import { RETAINED_FIGURES, type MemoryReport } from './measure.ts'
import type { LeakReport } from './leak.ts'
import type { FormatCost } from './persistence.ts'

export interface MetricSpec { name: string; value: number | number[]; options: MetricOptions }

// every figure here is read off this process (heap, GC observers, timers): measured, and said so explicitly
const bytes = (kind: MetricOptions['kind'], bench?: string): MetricOptions => ({ unit: 'bytes', better: 'lower', kind, provenance: 'measured', ...(bench ? { bench } : {}) })

/**
 * The gating figure is kind 'memory': allocation per call, sampled per chunk so that it is compared statistically. Process-wide or run-length-dependent figures (RSS, GC counts) are 'info'.
 * Retained figures are left out when no GC could be forced: they would mostly measure uncollected garbage.
 */
export function memoryMetrics(r: MemoryReport, bench?: string): MetricSpec[] {
  const out: MetricSpec[] = []
  if (r.allocation) {
    out.push({ name: 'mem.alloc.perCall', value: r.allocation.bytesPerIteration, options: bytes('memory', bench) })
    if (r.allocation.externalBytesPerIteration.some(v => v !== 0)) {
      out.push({ name: 'mem.alloc.externalPerCall', value: r.allocation.externalBytesPerIteration, options: bytes('memory', bench) })
    }
    out.push({ name: 'gc.allocPhase.count', value: r.allocation.gcCount, options: { unit: 'count', better: 'lower', kind: 'info', provenance: 'measured', ...(bench ? { bench } : {}) } })
  }
  // Shown, not gated: the run's retained memory includes what the harness keeps (tinybench's retained samples,
  // ~8 bytes per iteration), and near zero it is noise that a relative threshold would turn into verdicts.
  // Leaks gate through memory.leak()'s slope, which has a confidence interval.
  // A negative difference is not a retention (see negativeRetentionWarnings): left out, with the report's warning.
  if (r.gcForced) {
    for (const [field, name] of RETAINED_FIGURES) if (r.retained[field] >= 0) out.push({ name, value: r.retained[field], options: bytes('info', bench) })
  }
  // The peak is the whole worker's heap (other tests' objects included) at GC-timing-dependent moments: shown only.
  out.push({ name: 'mem.heap.peak', value: r.peakHeapUsed, options: bytes('info', bench) })
  out.push({ name: 'mem.rss.end', value: r.end.rss, options: bytes('info', bench) })
  out.push({ name: 'mem.rss.delta', value: r.end.rss - r.before.rss, options: bytes('info', bench) })
  out.push({ name: 'gc.run.count', value: r.gc.count, options: { unit: 'count', better: 'lower', kind: 'info', provenance: 'measured', ...(bench ? { bench } : {}) } })
  out.push({ name: 'gc.run.time', value: r.gc.timeMs, options: { unit: 'ms', better: 'lower', kind: 'info', provenance: 'measured', ...(bench ? { bench } : {}) } })
  out.push({ name: 'firstCall', value: r.firstCallMs, options: { unit: 'ms', better: 'lower', kind: 'info', provenance: 'measured', ...(bench ? { bench } : {}) } })
  return out
}

/**
 * The verdict gates (deterministic: 0 → 1 is a regression). The slope is shown, not gated: for a function that
 * does not leak it is a few bytes of noise, which a relative tolerance would turn into false verdicts.
 * Nothing is recorded when detection was unavailable.
 */
export function leakMetrics(r: LeakReport, name?: string, bench?: string | false): MetricSpec[] {
  if (r.verdict === 'unavailable') return []
  const base = name ? `leak.${name}` : 'leak'
  const b = bench !== undefined ? { bench } : {}
  return [
    { name: `${base}.bytesPerIteration`, value: r.bytesPerIteration, options: { unit: 'bytes', better: 'lower', kind: 'info', provenance: 'measured', ...b } },
    { name: `${base}.detected`, value: r.verdict === 'leak' ? 1 : 0, options: { unit: 'bool', better: 'lower', kind: 'deterministic', provenance: 'measured', ...b } },
  ]
}

/** Sizes are deterministic for a given state; write/read times are sampled timings. */
export function persistenceMetrics(costs: readonly FormatCost[], prefix = 'persist', bench?: string | false): MetricSpec[] {
  const out: MetricSpec[] = []
  const b = bench !== undefined ? { bench } : {}
  for (const c of costs) {
    const base = `${prefix}.${c.format}`
    if (c.bytes !== undefined) out.push({ name: `${base}.bytes`, value: c.bytes, options: { unit: 'bytes', better: 'lower', kind: 'deterministic', provenance: 'measured', ...b } })
    out.push({ name: c.readMs.length ? `${base}.write` : `${base}.roundTrip`, value: c.writeMs, options: { unit: 'ms', better: 'lower', kind: 'timing', provenance: 'measured', ...b } })
    if (c.readMs.length) out.push({ name: `${base}.read`, value: c.readMs, options: { unit: 'ms', better: 'lower', kind: 'timing', provenance: 'measured', ...b } })
  }
  return out
}
