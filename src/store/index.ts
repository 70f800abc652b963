// The files swarmbench keeps: baseline JSON (atomic, validated) and the history of runs, behind one
// HistoryStore interface (SQLite here; see open.ts for how a location picks its backend).
export { parseBaseline, readBaselineFile, removeStaleTemps, serializeBaseline, writeBaselineFile, writeFileAtomic } from './baseline-file.ts'
export { openStore, withStore } from './open.ts'
export type { StoreOptions } from './open.ts'
export { SqliteHistoryStore } from './sqlite-store.ts'
export type { HistoryStore, ListOptions, OpenMode, PruneOptions, RunSelector, RunSummary, StoredComparison } from './store.ts'
export { HISTORY_LIMITS } from './store.ts'
export { openHistory, saveRun, loadRun, listRuns, pruneRuns, findRunId } from './history.ts'
export type { History } from './history.ts'
export { saveComparison, loadComparisons } from './comparisons.ts'
export { HISTORY_SCHEMA_VERSION } from './history-schema.ts'
