// Each branch's shared baseline in the SQLite history: one row per branch naming a run, changed only by a
// compare-and-set on its version inside one write transaction. SQLite serializes writers, so "at once" means
// one after the other here; the rule is the PostgreSQL history's (postgres-store.ts): the newer run wins.
import { inTransaction } from './sqlite-errors.ts'
import { withHistoryErrors, type History } from './history.ts'
import { baselineOf, noSuchRun, type Row } from './rows.ts'
import { newerRun, type BranchBaseline, type PromoteResult } from './store.ts'

export function promoteBaseline(history: History, branch: string, runId: number, now = new Date()): PromoteResult {
  const { db } = history
  return withHistoryErrors(history, `promoting run ${runId} to the baseline of ${branch}`, () => inTransaction(db, () => {
    const run = db.prepare('SELECT created_at FROM runs WHERE id = ?').get(runId) as { created_at: string } | undefined
    if (!run) throw noSuchRun(history.file, { id: runId })
    const candidate = { runId, createdAt: run.created_at }
    const current = readBaseline(history, branch)
    if (current && !newerRun(candidate, current)) return { promoted: false, baseline: current }
    const version = (current?.version ?? 0) + 1
    const changed = current
      ? db.prepare('UPDATE baselines SET run_id = ?, version = ?, promoted_at = ? WHERE branch = ? AND version = ?').run(runId, version, now.toISOString(), branch, current.version).changes
      : db.prepare('INSERT INTO baselines (branch, run_id, version, promoted_at) VALUES (?, ?, ?, ?)').run(branch, runId, version, now.toISOString()).changes
    if (Number(changed) !== 1) throw new Error(`baseline of ${branch} changed inside a write transaction`) // cannot happen: we hold the write lock
    return { promoted: true, baseline: { branch, ...candidate, version, promotedAt: now.toISOString() } }
  }))
}

export function branchBaseline(history: History, branch: string): BranchBaseline | null {
  return withHistoryErrors(history, `reading the baseline of ${branch}`, () => readBaseline(history, branch))
}

function readBaseline(history: History, branch: string): BranchBaseline | null {
  // a history opened read-only at a schema before 5
  if (history.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'baselines'").get() === undefined) return null
  const row = history.db.prepare(`SELECT b.branch, b.run_id, b.version, b.promoted_at, r.created_at FROM baselines b JOIN runs r ON r.id = b.run_id
    WHERE b.branch = ?`).get(branch) as Row | undefined
  return row ? baselineOf(row) : null
}
