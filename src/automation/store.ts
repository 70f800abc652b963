// Durable checkpoints in SQLite (node:sqlite). One row per batch task / pipeline stage / workflow step,
// written in its own transaction the moment the item finishes, so a SIGKILL loses at most the items in flight.
// Tables are prefixed `automation_` so the store can live in the history database file or beside it.
import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import { openDatabase } from '../env/sqlite.ts'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

export type RunKind = 'batch' | 'pipeline' | 'workflow'
export type RunStatus = 'running' | 'done' | 'failed'
export type ItemStatus = 'pending' | 'running' | 'done' | 'failed'

export interface RunRow { runId: string; kind: RunKind; spec: unknown; status: RunStatus; resumes: number; createdAt: number; updatedAt: number }
export interface ItemRow {
  itemId: string; seq: number; kind: string; input: unknown; status: ItemStatus
  attempts: number; starts: number; completions: number; output: unknown; error: SerializedError | null
}
export interface SerializedError { name: string; message: string; retryable?: boolean }
export interface NewItem { id: string; kind?: string; input?: unknown }

export interface CheckpointStore {
  readonly path: string
  getRun(runId: string): RunRow | undefined
  /** Creates the run and its items in one transaction. */
  createRun(runId: string, kind: RunKind, spec: unknown, items: readonly NewItem[]): void
  /** Counts a resume and puts the run back to running. */
  markResumed(runId: string): void
  setRunStatus(runId: string, status: RunStatus): void
  items(runId: string): ItemRow[]
  item(runId: string, itemId: string): ItemRow | undefined
  /** Adds items to an existing run (a workflow's plan steps); ids already present are left as they are. */
  addItems(runId: string, items: readonly NewItem[]): void
  markRunning(runId: string, itemId: string): void
  /** Checkpoints a finished item. `completions` counts calls, so a repeated completion is visible, never hidden. */
  complete(runId: string, itemId: string, output: unknown, attempts: number): void
  fail(runId: string, itemId: string, error: unknown, attempts: number): void
  close(): void
}

export interface StoreOptions {
  /** 'full' fsyncs every checkpoint (survives power loss); 'normal' survives process crashes only, and is faster. */
  durability?: 'full' | 'normal'
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS automation_runs (
  run_id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  spec TEXT NOT NULL,
  status TEXT NOT NULL,
  resumes INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS automation_items (
  run_id TEXT NOT NULL REFERENCES automation_runs(run_id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  input TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  starts INTEGER NOT NULL DEFAULT 0,
  completions INTEGER NOT NULL DEFAULT 0,
  output TEXT,
  error TEXT,
  finished_at INTEGER,
  PRIMARY KEY (run_id, item_id)
);`

export function openCheckpointStore(path: string, options: StoreOptions = {}): CheckpointStore {
  if (typeof path !== 'string' || path === '') throw new TypeError('openCheckpointStore: path must be a file path or ":memory:"')
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = openDatabase(path)
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA busy_timeout = 5000')
  const full = options.durability !== 'normal'
  db.exec(`PRAGMA synchronous = ${full ? 'FULL' : 'NORMAL'}`)
  db.exec('PRAGMA foreign_keys = ON')
  db.exec(SCHEMA)

  const q = {
    getRun: db.prepare('SELECT * FROM automation_runs WHERE run_id = ?'),
    insertRun: db.prepare('INSERT INTO automation_runs (run_id, kind, spec, status, created_at, updated_at) VALUES (?, ?, ?, \'running\', ?, ?)'),
    resumed: db.prepare('UPDATE automation_runs SET resumes = resumes + 1, status = \'running\', updated_at = ? WHERE run_id = ?'),
    runStatus: db.prepare('UPDATE automation_runs SET status = ?, updated_at = ? WHERE run_id = ?'),
    insertItem: db.prepare('INSERT OR IGNORE INTO automation_items (run_id, item_id, seq, kind, input) VALUES (?, ?, ?, ?, ?)'),
    maxSeq: db.prepare('SELECT COALESCE(MAX(seq), -1) AS m FROM automation_items WHERE run_id = ?'),
    items: db.prepare('SELECT * FROM automation_items WHERE run_id = ? ORDER BY seq'),
    item: db.prepare('SELECT * FROM automation_items WHERE run_id = ? AND item_id = ?'),
    running: db.prepare('UPDATE automation_items SET status = \'running\', starts = starts + 1 WHERE run_id = ? AND item_id = ?'),
    complete: db.prepare('UPDATE automation_items SET status = \'done\', output = ?, error = NULL, attempts = ?, completions = completions + 1, finished_at = ? WHERE run_id = ? AND item_id = ?'),
    fail: db.prepare('UPDATE automation_items SET status = \'failed\', error = ?, attempts = ?, finished_at = ? WHERE run_id = ? AND item_id = ?'),
  }

  const tx = (fn: () => void): void => {
    db.exec('BEGIN IMMEDIATE')
    try { fn(); db.exec('COMMIT') } catch (e) { db.exec('ROLLBACK'); throw e }
  }
  const mustChange = (changes: number | bigint, runId: string, itemId: string): void => {
    if (Number(changes) !== 1) throw new Error(`checkpoint store ${path}: run '${runId}' has no item '${itemId}'`)
  }
  const insertItems = (runId: string, items: readonly NewItem[], from: number): void => {
    let seq = from
    for (const it of items) {
      if (Number(q.insertItem.run(runId, it.id, seq, it.kind ?? 'default', toJson(it.input ?? null, `item '${it.id}' input`)).changes) === 1) seq++
    }
  }

  return {
    path,
    getRun: (runId) => {
      const r = q.getRun.get(runId) as Record<string, SQLInputValue> | undefined
      return r && {
        runId: String(r.run_id), kind: r.kind as RunKind, spec: JSON.parse(String(r.spec)), status: r.status as RunStatus,
        resumes: Number(r.resumes), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
      }
    },
    createRun: (runId, kind, spec, items) => {
      const now = Date.now()
      tx(() => { q.insertRun.run(runId, kind, toJson(spec, 'run spec'), now, now); insertItems(runId, items, 0) })
    },
    markResumed: (runId) => { q.resumed.run(Date.now(), runId) },
    setRunStatus: (runId, status) => { q.runStatus.run(status, Date.now(), runId) },
    items: (runId) => (q.items.all(runId) as Record<string, SQLInputValue>[]).map(toItem),
    item: (runId, itemId) => {
      const r = q.item.get(runId, itemId) as Record<string, SQLInputValue> | undefined
      return r && toItem(r)
    },
    addItems: (runId, items) => {
      tx(() => insertItems(runId, items, Number((q.maxSeq.get(runId) as { m: number }).m) + 1))
    },
    markRunning: (runId, itemId) => {
      // A lost 'running' mark only turns "in flight" into "pending": both rerun. So it skips the fsync.
      if (!full) return mustChange(q.running.run(runId, itemId).changes, runId, itemId)
      db.exec('PRAGMA synchronous = NORMAL')
      try { mustChange(q.running.run(runId, itemId).changes, runId, itemId) } finally { db.exec('PRAGMA synchronous = FULL') }
    },
    complete: (runId, itemId, output, attempts) =>
      mustChange(q.complete.run(toJson(output ?? null, `output of '${itemId}'`), attempts, Date.now(), runId, itemId).changes, runId, itemId),
    fail: (runId, itemId, error, attempts) =>
      mustChange(q.fail.run(JSON.stringify(serializeError(error)), attempts, Date.now(), runId, itemId).changes, runId, itemId),
    close: () => { if (db.isOpen) db.close() },
  }
}

function toItem(r: Record<string, SQLInputValue>): ItemRow {
  return {
    itemId: String(r.item_id), seq: Number(r.seq), kind: String(r.kind), input: JSON.parse(String(r.input)),
    status: r.status as ItemStatus, attempts: Number(r.attempts), starts: Number(r.starts), completions: Number(r.completions),
    output: r.output === null ? undefined : JSON.parse(String(r.output)),
    error: r.error === null ? null : (JSON.parse(String(r.error)) as SerializedError),
  }
}

function toJson(value: unknown, what: string): string {
  let s: string | undefined
  try { s = JSON.stringify(value) } catch (e) {
    throw new TypeError(`checkpoint: ${what} is not JSON-serializable (${(e as Error).message}); return plain data from the task`)
  }
  if (s === undefined) throw new TypeError(`checkpoint: ${what} is not JSON-serializable (got ${typeof value}); return plain data from the task`)
  return s
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const r = (error as { retryable?: unknown }).retryable
    return { name: error.name, message: error.message, ...(typeof r === 'boolean' ? { retryable: r } : {}) }
  }
  return { name: 'Error', message: String(error) }
}
