// The contract between the comparison engine (src/compare) and everything that shows or gates on it
// (reporter, CLI, gate, Markdown). Fields may be added; existing ones keep their meaning.
import type { Better, MetricKind, Provenance } from '../schema/baseline.ts'
import type { SequentialOutcome } from './sequential.ts'

export type Verdict = 'regressed' | 'improved' | 'unchanged' | 'inconclusive' | 'new' | 'missing'

export interface ComparisonRow {
  /** Entry id: project › file › test › group › bench. */
  id: string
  /** 'latency' for the timing of the benchmark itself, otherwise the metric's name. */
  metric: string
  unit: string
  better: Better
  kind: MetricKind
  /** Central value on each side (median of round medians for timing); null when the side has none. */
  base: number | null
  head: number | null
  /** (head / base − 1) × 100, null when not computable. */
  changePct: number | null
  verdict: Verdict
  /** Confidence interval of the change, in %, when one was computed. */
  ciPct?: [number, number]
  /** p-value after the suite-wide correction, when a test was run. */
  pAdjusted?: number
  /** Smallest change (%) detectable at this noise and sample size. */
  mdePct?: number
  /** Noise threshold applied, as a fraction. */
  threshold?: number
  /** Why the verdict is what it is, when not obvious (n too small, variation between processes not measured…). */
  note?: string
  /** Where the figure comes from; absent means measured. Every output shows it when present. */
  provenance?: Provenance
  /** Whether this row may fail a gate (false for timing when environments differ, or for info metrics). */
  gating: boolean
  /** Raw p-value of the test, before the suite-wide correction. */
  p?: number
  /** Bootstrap confidence interval of the change of means, in %. */
  ciMeanPct?: [number, number]
  /** Hodges–Lehmann shift head − base, as % of the base centre. */
  hlShiftPct?: number
  /** Units per side the verdict rests on (rounds, or samples of one run, or values). */
  n?: { base: number; head: number }
  /** What the statistical unit was: process runs ('rounds'), samples of a single run, or a tolerance/points policy. */
  method?: 'rounds' | 'samples' | 'tolerance' | 'points' | 'history'
  /**
   * How the verdict was reached, in a few words, e.g. "6 vs 6 rounds, moderated t", "history: 12 earlier runs",
   * "not gated: one run per side". Every output shows it beside the verdict.
   */
  judgedOn?: string
  /**
   * The verdict is an observation, not a significant result (no test could be run, e.g. one process per side
   * without history): shown with "~" and never gating.
   */
  tentative?: boolean
  /** head − base in the metric's own unit, when both exist. */
  delta?: number
}

export interface Comparison {
  /** Differences between the two runs' environments (Node major, CPU model, OS, module runner). */
  environment: { mismatches: string[]; timingGated: boolean }
  rows: ComparisonRow[]
  warnings: string[]
  summary: Record<Verdict, number>
  /** The adaptive gate's look, when the comparison was one (see src/compare/sequential.ts). */
  sequential?: SequentialOutcome
}
