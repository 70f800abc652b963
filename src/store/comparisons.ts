// The diff each run got when it ran, kept in the history beside the run: what the trends mark as regressions,
// and (through the base each run was compared with) when the baseline was promoted. Stored as the
// Comparison's JSON, the same object the terminal, Markdown and gate rendered, so no verdict is recomputed.
import type { Comparison } from '../compare/types.ts'
import { comparisonOf, type Row } from './rows.ts'
import type { RunMeta } from '../schema/baseline.ts'
import { withHistoryErrors, type History } from './history.ts'
import type { StoredChanges, StoredComparison } from './store.ts'

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

/** A changed row of a stored comparison: what trends mark (a regression or an improvement at that run). */
export interface StoredChange { runId: number; id: string; metric: string; verdict: 'regressed' | 'improved'; gating: boolean }

/**
 * What trends need from many runs' comparisons, without parsing each whole comparison in JavaScript: the base
 * each run was compared with, and only the rows that changed (SQLite's JSON functions pick them out).
 */
export function loadChanges(history: History, runIds: readonly number[]): StoredChanges {
  const bases = new Map<number, StoredComparison['base']>()
  const changes: StoredChange[] = []
  if (runIds.length === 0 || !hasComparisons(history)) return { bases, changes }
  return withHistoryErrors(history, 'reading the verdicts', () => {
    const ids = JSON.stringify(runIds)
    for (const r of history.db.prepare(`SELECT run_id, base_created_at, base_sha, base_branch, base_run_id FROM comparisons
        WHERE run_id IN (SELECT value FROM json_each(?))`).all(ids) as Array<Record<string, string | number | null>>) {
      bases.set(Number(r.run_id), {
        createdAt: String(r.base_created_at), sha: r.base_sha === null ? null : String(r.base_sha),
        branch: r.base_branch === null ? null : String(r.base_branch), runId: r.base_run_id === null ? null : Number(r.base_run_id),
      })
    }
    let rows: Array<Record<string, string | number | null>>
    try {
      rows = history.db.prepare(`SELECT c.run_id, json_extract(j.value, '$.id') AS id, json_extract(j.value, '$.metric') AS metric,
          json_extract(j.value, '$.verdict') AS verdict, json_extract(j.value, '$.gating') AS gating
        FROM comparisons c, json_each(c.comparison_json, '$.rows') j
        WHERE c.run_id IN (SELECT value FROM json_each(?)) AND json_extract(j.value, '$.verdict') IN ('regressed', 'improved')`).all(ids) as typeof rows
    } catch (e) {
      // A comparison that is not JSON: loadComparisons names the run and the fix.
      if (/malformed JSON/i.test((e as Error).message)) loadComparisons(history, runIds)
      throw e
    }
    for (const r of rows) {
      changes.push({ runId: Number(r.run_id), id: String(r.id), metric: String(r.metric), verdict: r.verdict as StoredChange['verdict'], gating: Boolean(r.gating) })
    }
    return { bases, changes }
  })
}
