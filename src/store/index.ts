// The files swarmbench keeps: baseline JSON (atomic, validated) and the SQLite history.
export { parseBaseline, readBaselineFile, removeStaleTemps, serializeBaseline, writeBaselineFile, writeFileAtomic } from './baseline-file.ts'
export { openHistory, saveRun, loadRun, listRuns, pruneRuns, findRunId } from './history.ts'
export type { History, RunSelector, RunSummary } from './history.ts'
export { saveComparison, loadComparisons } from './comparisons.ts'
export type { StoredComparison } from './comparisons.ts'
export { HISTORY_SCHEMA_VERSION } from './history-schema.ts'
