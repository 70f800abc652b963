// Between-run noise from the history: for each timing row, one summary per earlier single-process run of the
// same benchmark in the same environment. A single run per side cannot measure how much a benchmark moves
// from one process to the next; K earlier runs can, and then a new run is judged by where it falls among them.

/** Earlier single-process runs' summaries, per row (see noiseKey). Values in the row's unit (ms), not logs. */
export interface NoiseHistory {
  /** Runs that were eligible (single process, same environment, same branch when known), newest first. */
  runs: number
  /** Which runs: branch and environment, for the row's "judged on …". */
  scope: string
  /** Per-run summary used: the median (p50) of each run's samples, or its minimum. */
  summary: 'median' | 'min'
  series: Map<string, number[]>
}

export function noiseKey(id: string, metric: string): string {
  return `${id}\u0000${metric}`
}
