// One interface for the history, whatever keeps it: a SQLite file (one machine) or a PostgreSQL database
// (many CI runners at once). Every command, the run's finish and the gate read and write through it, so
// each works on both. Async because a server is; the SQLite implementation answers at once.
import type { Comparison } from '../compare/types.ts'
import { SwarmbenchError } from '../errors/index.ts'
import type { Baseline, RunMeta } from '../schema/baseline.ts'
import type { StoredChange } from './comparisons.ts'
import type { TrendQuery, TrendRun, TrendValue } from './trends.ts'

export type RunSelector = { id: number } | { branch: string } | 'latest'

export interface RunSummary {
  id: number
  createdAt: string
  sha: string | null
  branch: string | null
  dirty: boolean | null
  rounds: number
  node: string
  benchmarks: number
  metrics: number
}

export interface ListOptions { bench?: string; branch?: string; limit?: number }
export interface PruneOptions { keep?: number; olderThanDays?: number; now?: Date }

export interface StoredComparison {
  runId: number
  /** The run the comparison was made against; runId is null when that run is not (or no longer) in this history. */
  base: { createdAt: string; sha: string | null; branch: string | null; runId: number | null }
  comparison: Comparison
}

export interface StoredChanges { bases: Map<number, StoredComparison['base']>; changes: StoredChange[] }

/** A branch's shared baseline: the run promoted last, and how many times the branch's baseline changed. */
export interface BranchBaseline {
  branch: string
  runId: number
  /** The promoted run's start time: a promotion keeps the newer of two runs by this (then by id). */
  createdAt: string
  /** 1 at the first promotion, +1 at each change: the compare-and-set token. */
  version: number
  promotedAt: string
}

export interface PromoteResult {
  /** Whether this run is the branch's baseline now because of this call. */
  promoted: boolean
  /** The branch's baseline after the call: this run, or the newer run that was already there (or came first). */
  baseline: BranchBaseline
}

/**
 * - 'read': an existing history, never changed (list, show, gate --branch);
 * - 'write': an existing history, changed (prune): a mistyped path creates nothing;
 * - 'create': written, created with its folder when missing (every run).
 */
export type OpenMode = 'read' | 'write' | 'create'

export interface HistoryStore {
  readonly backend: 'sqlite' | 'postgres'
  /** Where the history is, as messages show it: the file, or the URL without its password. */
  readonly location: string
  /** Stores a whole run atomically (all of it or nothing) and returns its id. */
  saveRun(run: Baseline): Promise<number>
  findRunId(selector: RunSelector): Promise<number | null>
  /** Rebuilds a run as a Baseline; `samples: false` leaves the raw samples out. */
  loadRun(selector: RunSelector, opts?: { samples?: boolean }): Promise<Baseline>
  /** Newest first. */
  listRuns(opts?: ListOptions): Promise<RunSummary[]>
  /** Deletes old runs; returns how many went. */
  pruneRuns(opts: PruneOptions): Promise<number>
  /** Records the comparison of run `runId` against `base` (replacing an earlier one for the same run). */
  saveComparison(runId: number, base: RunMeta, comparison: Comparison): Promise<void>
  loadComparisons(runIds: readonly number[]): Promise<Map<number, StoredComparison>>
  // What trends (the HTML report, the PR comment's charts) read over many runs, without rebuilding each run:
  /** The newest `q.runs` runs (of `q.branch`), oldest first. */
  trendRuns(q?: TrendQuery): Promise<TrendRun[]>
  /** Every round's latency median and metric value of these runs, for benchmarks whose id contains `bench`. */
  trendValues(runIds: readonly number[], bench?: string): Promise<TrendValue[]>
  /** The base each of these runs was compared with, and only the rows of their comparisons that changed. */
  loadChanges(runIds: readonly number[]): Promise<StoredChanges>
  /**
   * Makes run `runId` the shared baseline of `branch`, in one transaction with a compare-and-set on the branch's
   * row: when runners promote at once, the baseline ends as the newest of their runs (start time, then id),
   * whichever transaction commits first; an older run never replaces a newer one.
   */
  promoteBaseline(branch: string, runId: number, now?: Date): Promise<PromoteResult>
  /** The branch's shared baseline, or null when none was promoted (or the history predates baselines). */
  branchBaseline(branch: string): Promise<BranchBaseline | null>
  close(): Promise<void>
}

/** Whether run a comes after run b: later start, or the same start and a larger id. */
export function newerRun(a: { createdAt: string; runId: number }, b: { createdAt: string; runId: number }): boolean {
  return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.runId > b.runId)
}

/** Upper bounds of the query options: beyond them a value cannot be meant (and SQLite takes 64-bit integers only). */
export const HISTORY_LIMITS = { limit: 1_000_000, keep: 1_000_000_000, olderThanDays: 36_500 } as const

/** Refuses a query option outside HISTORY_LIMITS with one line, before anything is opened or changed. */
export function checkCount(value: number | undefined, name: keyof typeof HISTORY_LIMITS, min: number): void {
  if (value === undefined) return
  if (!Number.isSafeInteger(value) || value < min || value > HISTORY_LIMITS[name]) {
    throw new SwarmbenchError(`${name} must be a whole number from ${min} to ${HISTORY_LIMITS[name].toLocaleString('en-US')}, got ${value}`, { fix: `pass a ${name} in that range` })
  }
}
