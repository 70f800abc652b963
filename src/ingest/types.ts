// What every format's parser returns: the benchmarks of one result file, in milliseconds, with the samples the
// file kept. Parsers are pure (text in, this out) and throw `badInput` with the file and the field on bad input.
import { SwarmbenchError } from '../errors/index.ts'
import type { Better, MetricKind } from '../schema/baseline.ts'

/** A figure besides latency that the tool reported (go's B/op, allocs/op; mitata's heap). */
export interface IngestedFigure {
  name: string
  unit: string
  better: Better
  kind: MetricKind
  /** One value per sample; several when the tool repeated the benchmark. */
  values: number[]
}

export interface IngestedBench {
  /** Where the benchmark lives: go package, Python module, source file… */
  file: string
  /** Its group (go: the top-level benchmark, pytest: the group, criterion: the group id). */
  test: string
  bench: string
  /** Latency samples in ms; each one iteration unless `sampleIs` says otherwise. */
  samples?: number[]
  /** What one sample is when it is not one iteration: "the mean of b.N iterations". */
  sampleIs?: string
  /** Only when the file kept no samples: the one summary figure it has, in ms. */
  summary?: { stat: 'mean' | 'median'; ms: number; of?: string }
  figures?: IngestedFigure[]
}

export interface IngestedFile {
  /** The tool that produced the file, as a reader knows it: 'go test -bench', 'pytest-benchmark 5.2.3'. */
  tool: string
  /** Where it ran, when the file says. */
  machine?: { cpuModel?: string; os?: string; arch?: string }
  benches: IngestedBench[]
}

export type Parser = (text: string, file: string) => IngestedFile

/** The one line a malformed result file gives: the file, the field, the problem and the fix. */
export function badInput(file: string, field: string, problem: string, fix: string): SwarmbenchError {
  return new SwarmbenchError(problem, { file, field, fix })
}

/** The file's text as JSON, or one line saying where it stops being JSON. */
export function parseJsonFile(text: string, file: string, fix: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    throw badInput(file, '(root)', `is not JSON (${(e as Error).message})`, fix)
  }
}

/** A finite, non-negative number at `field`, or one line naming it. */
export function durationAt(value: unknown, file: string, field: string, fix: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw badInput(file, field, `must be a non-negative number, got ${JSON.stringify(value) ?? 'nothing'}`, fix)
  }
  return value
}

export type TimeUnit = 'ns' | 'ms' | 's'
/** A duration in `unit` as ms. */
export const toMs = (v: number, unit: TimeUnit): number => (unit === 'ns' ? v / 1e6 : unit === 's' ? v * 1000 : v)

/** An array of durations in `unit` at `field` (each finite and ≥ 0), as ms. */
export function durationsAt(value: unknown, file: string, field: string, unit: TimeUnit, fix: string): number[] {
  if (!Array.isArray(value)) throw badInput(file, field, `must be an array of numbers, got ${JSON.stringify(value)?.slice(0, 40) ?? 'nothing'}`, fix)
  return value.map((v, i) => toMs(durationAt(v, file, `${field}[${i}]`, fix), unit))
}

export function stringAt(value: unknown, file: string, field: string, fix: string): string {
  if (typeof value !== 'string' || value === '') throw badInput(file, field, `must be a non-empty string, got ${JSON.stringify(value) ?? 'nothing'}`, fix)
  return value
}

export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)
