// The diff each run got when it ran, kept in the history beside the run: what the trends mark as regressions,
// and (through the base each run was compared with) when the baseline was promoted. Stored as the
// Comparison's JSON, the same object the terminal, Markdown and gate rendered, so no verdict is recomputed.
import type { Comparison } from '../compare/types.ts'
import { comparisonOf, type Row } from './rows.ts'
import type { RunMeta } from '../schema/baseline.ts'
import { withHistoryErrors, type History } from './history.ts'
import type { StoredComparison } from './store.ts'

export type { StoredComparison } from './store.ts'

/** Records the comparison of run `runId` against `base` (replacing an earlier one for the same run). */
export function saveComparison(history: History, runId: number, base: RunMeta, comparison: Comparison): void {
  withHistoryErrors(history, 'keeping the verdicts', () => insertComparison(history, runId, base, comparison))
}

function insertComparison(history: History, runId: number, base: RunMeta, comparison: Comparison): void {
  const { db } = history
  const baseRow = db.prepare('SELECT id FROM runs WHERE created_at = ? AND git_sha IS ? AND id <> ? ORDER BY id DESC LIMIT 1')
    .get(base.createdAt, base.git.sha, runId) as { id: number } | undefined
  db.prepare(`INSERT INTO comparisons (run_id, base_created_at, base_sha, base_branch, base_run_id, comparison_json) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (run_id) DO UPDATE SET base_created_at = excluded.base_created_at, base_sha = excluded.base_sha,
      base_branch = excluded.base_branch, base_run_id = excluded.base_run_id, comparison_json = excluded.comparison_json`)
    .run(runId, base.createdAt, base.git.sha, base.git.branch, baseRow ? Number(baseRow.id) : null, JSON.stringify(comparison))
}

/** The stored comparisons of these runs; a run that was never compared (the first one, or an older history) is absent. */
export function loadComparisons(history: History, runIds: readonly number[]): Map<number, StoredComparison> {
  return withHistoryErrors(history, 'reading the verdicts', () => readComparisons(history, runIds))
}

function readComparisons(history: History, runIds: readonly number[]): Map<number, StoredComparison> {
  const out = new Map<number, StoredComparison>()
  if (runIds.length === 0 || !hasComparisons(history)) return out
  const select = history.db.prepare(`SELECT run_id, base_created_at, base_sha, base_branch, base_run_id, comparison_json FROM comparisons
    WHERE run_id IN (SELECT value FROM json_each(?))`)
  for (const r of select.all(JSON.stringify(runIds)) as Row[]) {
    out.set(Number(r.run_id), comparisonOf(r, history.file,
      runId => `delete it with \`sqlite3 ${history.file} "DELETE FROM comparisons WHERE run_id = ${runId}"\`; the run itself is kept`))
  }
  return out
}

/** False for a history opened read-only at schema 1, from before comparisons were kept. */
function hasComparisons(history: History): boolean {
  return history.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'comparisons'").get() !== undefined
}
