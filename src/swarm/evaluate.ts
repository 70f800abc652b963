// The programmatic entry: run a matrix, get per-cell figures, a baseline of them, and (given a base) the
// verdicts of the same engine the CLI and the gate use. Issue 18's CLAUDE.md optimizer builds on this.
import { compareBaselines, type Comparison, type CompareOptionsInput } from '../compare/index.ts'
import { environment, gitInfo } from '../env/index.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline } from '../schema/baseline.ts'
import type { CellFigures } from './figures.ts'
import { runSwarm, type SwarmRunOptions, type SwarmRunResult } from './run.ts'

export interface EvaluateOptions extends SwarmRunOptions {
  /** Compare against this earlier evaluation or baseline (its swarm entries). */
  against?: Evaluation | Baseline
  compare?: CompareOptionsInput
  /** For the baseline's git fields (default the current directory). */
  cwd?: string
}

export interface CellVerdict {
  cell: string
  figures: CellFigures
  /** The success rate's verdict (exact test, Holm over the run), when a base was given. */
  verdict?: 'regressed' | 'improved' | 'unchanged' | 'inconclusive' | 'new' | 'missing'
  pAdjusted?: number
}

export interface Evaluation {
  result: SwarmRunResult
  baseline: Baseline
  comparison?: Comparison
  cells: CellVerdict[]
}

/** Wraps a run's entries in a baseline (run metadata: git, environment, time). */
export function swarmBaseline(result: SwarmRunResult, cwd = process.cwd()): Baseline {
  return { schemaVersion: BASELINE_SCHEMA_VERSION, run: { createdAt: new Date().toISOString(), rounds: 1, git: gitInfo(cwd), env: environment('n/a (swarm run)', false) }, entries: result.entries }
}

export async function evaluate(o: EvaluateOptions): Promise<Evaluation> {
  const result = await runSwarm(o)
  const baseline = swarmBaseline(result, o.cwd)
  const base = o.against && 'baseline' in o.against ? o.against.baseline : o.against
  const comparison = base ? compareBaselines(base, baseline, o.compare) : undefined
  const cells = result.cells.map(figures => {
    const row = comparison?.rows.find(r => r.metric === 'success_rate' && r.id.endsWith(` › ${figures.cell}`) && r.id.startsWith(`swarm › ${result.suite} › `))
    return { cell: figures.cell, figures, ...(row ? { verdict: row.verdict, ...(row.pAdjusted !== undefined ? { pAdjusted: row.pAdjusted } : {}) } : {}) }
  })
  return { result, baseline, ...(comparison ? { comparison } : {}), cells }
}
