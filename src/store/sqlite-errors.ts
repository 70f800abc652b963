// SQLite's failures, told as one line each: a locked, damaged, full or read-only database is the user's
// environment, not a bug. Kept apart from the queries so that another backend (PostgreSQL) can map its own
// driver's errors the same way: storeError(e, file, doing) → SwarmbenchError, or the error itself for a bug.
import type { DatabaseSync } from 'node:sqlite'
import { SwarmbenchError, isSwarmbenchError, systemError } from '../errors/index.ts'

export const BUSY_TIMEOUT_ENV = 'SWARMBENCH_BUSY_TIMEOUT_MS'
const DEFAULT_BUSY_TIMEOUT_MS = 15_000

/** How long a writer waits for another process's lock: 15 s, or SWARMBENCH_BUSY_TIMEOUT_MS. */
export function busyTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env[BUSY_TIMEOUT_ENV])
  return env[BUSY_TIMEOUT_ENV] && Number.isSafeInteger(v) && v >= 0 ? v : DEFAULT_BUSY_TIMEOUT_MS
}

// Primary result codes (https://sqlite.org/rescode.html); node:sqlite reports the extended code in errcode.
const SQLITE = { ERROR: 1, PERM: 3, BUSY: 5, LOCKED: 6, NOMEM: 7, READONLY: 8, IOERR: 10, CORRUPT: 11, FULL: 13, CANTOPEN: 14, AUTH: 23, NOTADB: 26 } as const

const MOVE_ASIDE = 'move it aside (or set historyFile / --history to another path); the next run starts a new history'

/**
 * Maps an error met while `doing` something with the history at `file` to a one-line SwarmbenchError.
 * Errors that are not the environment's doing (a constraint we broke, a misuse) come back unchanged: bugs.
 */
export function sqliteError(e: unknown, file: string, doing: string, timeoutMs = busyTimeoutMs()): unknown {
  if (isSwarmbenchError(e)) return e
  const sys = systemError(e, file, 'write')
  if (sys) return sys
  const err = e as { code?: unknown; errcode?: unknown; message?: unknown }
  if (err?.code !== 'ERR_SQLITE_ERROR' || typeof err.errcode !== 'number') return e
  const msg = String(err.message)
  const at = (problem: string, fix: string) => new SwarmbenchError(problem, { file, fix, cause: e })
  switch (err.errcode & 0xff) {
    case SQLITE.BUSY:
    case SQLITE.LOCKED:
      return at(`the history is locked by another process (waited ${formatWait(timeoutMs)} while ${doing}); nothing was changed`,
        `let the other run finish, then run again; if none is running, find the holder with \`fuser ${file}\`. ${BUSY_TIMEOUT_ENV} sets the wait`)
    case SQLITE.READONLY:
    case SQLITE.PERM:
    case SQLITE.AUTH:
      return at(`cannot open the history for writing (${msg}); nothing was changed`, 'make the file and its directory writable, or set outDir in the swarmbench options')
    case SQLITE.CANTOPEN:
      return at(`cannot open the history (${msg})`, 'check that the path exists and that its folder is readable and writable by this user')
    case SQLITE.FULL:
      return at(`the disk is full (${msg}) while ${doing}; nothing was saved`, 'free some space on that disk, then run again')
    case SQLITE.IOERR:
      return at(`the disk reported an I/O error (${msg}) while ${doing}; nothing was saved`, 'check the disk (dmesg) and the free space, then run again')
    case SQLITE.CORRUPT:
      return at(`the history database is damaged (${msg})`, `${MOVE_ASIDE}; \`sqlite3 ${file} .recover\` can often save its rows`)
    case SQLITE.NOTADB:
      return at('this file is not a SQLite database, so it cannot hold the history; nothing was changed', MOVE_ASIDE)
    case SQLITE.NOMEM:
      return at(`SQLite ran out of memory while ${doing}`, 'free some memory, then run again')
    case SQLITE.ERROR:
      if (/no such (table|column)|has no column/i.test(msg)) {
        return at(`the history is missing part of its schema (${msg}): it was damaged or changed by another program`, MOVE_ASIDE)
      }
      return e
    default:
      return e
  }
}

function formatWait(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`
}

/**
 * Runs fn in one write transaction. When it fails, SQLite may already have rolled back (it does after a
 * full disk); then our ROLLBACK fails too, and that failure must not replace the error that matters.
 */
export function inTransaction<T>(db: DatabaseSync, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = fn()
    db.exec('COMMIT')
    return result
  } catch (e) {
    // isTransaction is missing before Node 22.16: then try, and ignore a "no transaction is active".
    if ((db as { isTransaction?: boolean }).isTransaction !== false) {
      try { db.exec('ROLLBACK') } catch { /* already rolled back by SQLite */ }
    }
    throw e
  }
}
