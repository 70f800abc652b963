// Checked before any suite runs: can these rounds reach a timing verdict at all? A gate that would spend
// minutes and then call every timing row inconclusive says so in one line first (exit 2), unless the user
// accepts that with --allow-inconclusive.

/**
 * Rounds per side the moderated t needs to estimate a row's between-process variance (src/compare): with one
 * process per side it is not measured at all, and timing cannot gate (unless the history judges it).
 */
export const MIN_TIMING_ROUNDS = 2

export interface Readiness {
  ok: boolean
  /** One line: why not, and the rounds that would be needed. */
  line?: string
}

export function roundsReadiness(mode: 'base' | 'baseline', rounds: number, baseRounds?: number): Readiness {
  if (mode === 'base' && rounds < MIN_TIMING_ROUNDS) {
    return { ok: false, line: `--rounds ${rounds} cannot reach a timing verdict: timing needs ≥ ${MIN_TIMING_ROUNDS} rounds per side (the variation between processes is estimated from the rounds; one process per side cannot measure it). Use --rounds ${MIN_TIMING_ROUNDS} or more (6 detects ~10% changes at a few % noise), or pass --allow-inconclusive` }
  }
  if (mode === 'baseline' && baseRounds !== undefined && baseRounds >= MIN_TIMING_ROUNDS && rounds < MIN_TIMING_ROUNDS) {
    return { ok: false, line: `--rounds ${rounds} cannot reach a timing verdict against a baseline of ${baseRounds} rounds: the head side needs ≥ ${MIN_TIMING_ROUNDS} rounds too. Use --rounds ${baseRounds}, or pass --allow-inconclusive` }
  }
  return { ok: true }
}

/** "3 min 20 s" */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`
}
