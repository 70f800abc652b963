// A DurableStore on SQLite (node:sqlite, Node ≥ 22.13): every persist is an UPSERT, every restore a SELECT,
// all parameterized. Reopening the same file in a new process recovers every node's state.
import type { DatabaseSync } from 'node:sqlite'
import { openDatabase } from '../../env/sqlite.ts'
import type { DurableStore } from '../sim/durable.ts'

export interface SqliteDurable extends DurableStore {
  /** Rows currently stored (all nodes). */
  rows(): number
  close(): void
}

/** Open (or create) a durable store at `path` (':memory:' for a throwaway database). */
export function sqliteDurable(path: string, opts: { synchronous?: 'OFF' | 'NORMAL' | 'FULL' } = {}): SqliteDurable {
  let db: DatabaseSync
  try { db = openDatabase(path) } catch (e) { throw new Error(`sqliteDurable: cannot open '${path}': ${(e as Error).message}`) }
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = ${opts.synchronous ?? 'NORMAL'};
    CREATE TABLE IF NOT EXISTS durable (node INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (node, key)) WITHOUT ROWID`)
  const put = db.prepare('INSERT INTO durable (node, key, value) VALUES (?, ?, ?) ON CONFLICT (node, key) DO UPDATE SET value = excluded.value')
  const get = db.prepare('SELECT value FROM durable WHERE node = ? AND key = ?')
  const clear = db.prepare('DELETE FROM durable WHERE node = ?')
  const count = db.prepare('SELECT COUNT(*) AS c FROM durable')
  return {
    set(node, key, value) { put.run(node, key, JSON.stringify(value)) },
    get(node, key) {
      const row = get.get(node, key) as { value: string } | undefined
      return row === undefined ? undefined : JSON.parse(row.value)
    },
    clear(node) { clear.run(node) },
    rows() { return Number((count.get() as { c: number | bigint }).c) },
    close() { db.close() },
  }
}
