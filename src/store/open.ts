// Opens the history a location names: a postgres:// URL opens the PostgreSQL history, anything else is a
// SQLite file. Every caller (the run's finish, the CLI, the gate) goes through here, so the backend is chosen
// in one place.
import { isDatabaseUrl, parsePgLocation } from './location.ts'
import { SqliteHistoryStore } from './sqlite-store.ts'
import type { HistoryStore, OpenMode } from './store.ts'

export interface StoreOptions {
  mode?: OpenMode
  /** How long a writer waits for another's lock (SQLite; default 15 s, or SWARMBENCH_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number
}

/**
 * A URL reaching here has passed its source's check (a password only from the environment: see location.ts,
 * plugin/options.ts and the CLI's --history), so its password is used and never shown.
 */
export async function openStore(location: string, opts: StoreOptions = {}): Promise<HistoryStore> {
  const mode = opts.mode ?? 'create'
  if (isDatabaseUrl(location)) {
    const { openPostgresStore } = await import('./postgres-store.ts')
    return openPostgresStore(parsePgLocation(location, 'env'), { mode })
  }
  return new SqliteHistoryStore(location, { mode, ...(opts.busyTimeoutMs !== undefined ? { busyTimeoutMs: opts.busyTimeoutMs } : {}) })
}

/** Opens the history, runs fn with it, and closes it whatever happens. */
export async function withStore<T>(location: string, opts: StoreOptions, fn: (store: HistoryStore) => Promise<T>): Promise<T> {
  const store = await openStore(location, opts)
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}
