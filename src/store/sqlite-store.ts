// The SQLite history behind the HistoryStore interface: the synchronous functions of history.ts and
// comparisons.ts, answered at once. One file, one machine; WAL and busy_timeout let a few local writers share it.
import type { Comparison } from '../compare/types.ts'
import type { Baseline, RunMeta } from '../schema/baseline.ts'
import { branchBaseline, promoteBaseline } from './baselines.ts'
import { loadChanges, loadComparisons, saveComparison } from './comparisons.ts'
import { findRunId, listRuns, loadRun, openHistory, pruneRuns, saveRun, type History, type OpenOptions } from './history.ts'
import type { BranchBaseline, HistoryStore, ListOptions, PromoteResult, PruneOptions, RunSelector, RunSummary, StoredChanges, StoredComparison } from './store.ts'
import { trendRuns, trendValues, type TrendQuery, type TrendRun, type TrendValue } from './trends.ts'

export class SqliteHistoryStore implements HistoryStore {
  readonly backend = 'sqlite' as const
  readonly location: string
  /** The open database, for tests and tools that read it directly. */
  readonly history: History

  constructor(file: string, opts: OpenOptions = {}) {
    this.history = openHistory(file, opts)
    this.location = file
  }

  async saveRun(run: Baseline): Promise<number> { return saveRun(this.history, run) }
  async findRunId(selector: RunSelector): Promise<number | null> { return findRunId(this.history, selector) }
  async loadRun(selector: RunSelector, opts: { samples?: boolean } = {}): Promise<Baseline> { return loadRun(this.history, selector, opts) }
  async listRuns(opts: ListOptions = {}): Promise<RunSummary[]> { return listRuns(this.history, opts) }
  async pruneRuns(opts: PruneOptions): Promise<number> { return pruneRuns(this.history, opts) }
  async saveComparison(runId: number, base: RunMeta, comparison: Comparison): Promise<void> { saveComparison(this.history, runId, base, comparison) }
  async loadComparisons(runIds: readonly number[]): Promise<Map<number, StoredComparison>> { return loadComparisons(this.history, runIds) }
  async trendRuns(q: TrendQuery = {}): Promise<TrendRun[]> { return trendRuns(this.history, q) }
  async trendValues(runIds: readonly number[], bench?: string): Promise<TrendValue[]> { return trendValues(this.history, runIds, bench) }
  async loadChanges(runIds: readonly number[]): Promise<StoredChanges> { return loadChanges(this.history, runIds) }
  async promoteBaseline(branch: string, runId: number, now?: Date): Promise<PromoteResult> { return promoteBaseline(this.history, branch, runId, now) }
  async branchBaseline(branch: string): Promise<BranchBaseline | null> { return branchBaseline(this.history, branch) }
  async close(): Promise<void> { this.history.close() }
}
