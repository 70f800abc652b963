// Opens the history a location names. Every caller (the run's finish, the CLI, the gate) goes through here,
// so a new backend is chosen in one place.
import { SqliteHistoryStore } from './sqlite-store.ts'
import type { HistoryStore, OpenMode } from './store.ts'

export interface StoreOptions {
  mode?: OpenMode
  /** How long a writer waits for another's lock (SQLite; default 15 s, or SWARMBENCH_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number
}

export async function openStore(location: string, opts: StoreOptions = {}): Promise<HistoryStore> {
  return new SqliteHistoryStore(location, { mode: opts.mode ?? 'create', ...(opts.busyTimeoutMs !== undefined ? { busyTimeoutMs: opts.busyTimeoutMs } : {}) })
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
