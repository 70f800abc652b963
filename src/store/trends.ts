// What trends read from the history: every run's per-round central values, for many runs at once, without
// rebuilding (and validating) each run as a Baseline. Two queries, one for latency and one for metrics;
// the grouping into series is the reader's (src/report/html/trends-data.ts).
import type { Better, MetricKind, Provenance } from '../schema/baseline.ts'
import { withHistoryErrors, type History } from './history.ts'
import { provenanceOf, type Row } from './rows.ts'

export interface TrendRun {
  id: number
  createdAt: string
  sha: string | null
  branch: string | null
  dirty: boolean | null
  node: string
  os: string
  cpuModel: string
}

/** Which figure a trend follows: one benchmark's latency or one of its metrics, with what it is. */
export interface TrendFigure {
  key: string
  file: string
  /** 'latency' or the metric's name. */
  metric: string
  unit: string
  better: Better
  kind: MetricKind
  provenance?: Provenance
}

/** One round's figure of one benchmark in one run; latency is the round's median (ms), a metric its value. */
export interface TrendValue extends TrendFigure {
  runId: number
  round: number
  value: number
  /** Latency only: the round's relative margin of error (%, 95%) and mean, for a single round's interval. */
  rme?: number
  mean?: number
}

export const DEFAULT_TREND_RUNS = 50

export interface TrendQuery {
  /** Only runs on this branch. */
  branch?: string
  /** Only benchmarks whose id contains this text. */
  bench?: string
  /** The newest this many runs (default DEFAULT_TREND_RUNS). */
  runs?: number
}

/** The selected runs, oldest first. */
export function trendRuns(history: History, q: TrendQuery = {}): TrendRun[] {
  return withHistoryErrors(history, 'reading the runs for trends', () => {
    const params: Array<string | number> = []
    const where = q.branch !== undefined ? (params.push(q.branch), 'WHERE git_branch = ?') : ''
    params.push(q.runs ?? DEFAULT_TREND_RUNS)
    const rows = history.db.prepare(`SELECT id, created_at, git_sha, git_branch, git_dirty, node, os, cpu_model FROM runs ${where}
      ORDER BY id DESC LIMIT ?`).all(...params) as Row[]
    return rows.reverse().map(trendRunOf)
  })
}

/** Every round's latency and metric values of these runs, for benchmarks matching `bench`. */
export function trendValues(history: History, runIds: readonly number[], bench?: string): TrendValue[] {
  if (runIds.length === 0) return []
  return withHistoryErrors(history, 'reading the trends', () => {
    const { db } = history
    const ids = JSON.stringify(runIds)
    const like = benchLike(bench)
    // The provenance columns came with schema 3; an older history opened read-only reads as measured.
    const prov = (table: string, alias: string) => hasColumn(history, table, 'provenance_kind')
      ? `${alias}.provenance_kind, ${alias}.provenance_how` : 'NULL AS provenance_kind, NULL AS provenance_how'
    const latency = db.prepare(`SELECT r.run_id, b.key, b.file, r.round, r.p50_ms, r.mean_ms, r.rme_pct, ${prov('run_benchmarks', 'rb')} FROM results r
      JOIN benchmarks b ON b.id = r.benchmark_id JOIN run_benchmarks rb ON rb.run_id = r.run_id AND rb.benchmark_id = r.benchmark_id
      WHERE r.run_id IN (SELECT value FROM json_each(?)) AND b.key LIKE ? ESCAPE '\\'`).all(ids, like) as Row[]
    const metrics = db.prepare(`SELECT m.run_id, m.name, m.round, m.value, m.unit, m.better, m.kind, ${prov('metrics', 'm')}, ${hasColumn(history, 'metrics', 'estimate') ? 'm.estimate' : 'NULL AS estimate'}, b.key, b.file FROM metrics m JOIN benchmarks b ON b.id = m.benchmark_id
      WHERE m.run_id IN (SELECT value FROM json_each(?)) AND b.key LIKE ? ESCAPE '\\'`).all(ids, like) as Row[]
    return [...latency.map(latencyValueOf), ...metrics.map(metricValueOf)]
  })
}

// The rows both backends' queries return, as the report reads them (SQLite's 0/1 and PostgreSQL's booleans alike).

/** The LIKE pattern for "the benchmark id contains `bench`" (its wildcards literal, escaped with a backslash). */
export function benchLike(bench: string | undefined): string {
  return bench ? `%${bench.replace(/[\\%_]/g, c => `\\${c}`)}%` : '%'
}

export function trendRunOf(r: Row): TrendRun {
  return {
    id: Number(r.id), createdAt: String(r.created_at), sha: r.git_sha === null ? null : String(r.git_sha),
    branch: r.git_branch === null ? null : String(r.git_branch), dirty: r.git_dirty === null ? null : Boolean(r.git_dirty),
    node: String(r.node), os: String(r.os), cpuModel: String(r.cpu_model),
  }
}

export function latencyValueOf(r: Row): TrendValue {
  return {
    runId: Number(r.run_id), key: String(r.key), file: String(r.file), metric: 'latency', unit: 'ms', better: 'lower', kind: 'timing',
    ...(r.provenance_kind === null ? {} : provenanceOf(r)), round: Number(r.round), value: Number(r.p50_ms), rme: Number(r.rme_pct), mean: Number(r.mean_ms),
  }
}

export function metricValueOf(m: Row): TrendValue {
  return {
    runId: Number(m.run_id), key: String(m.key), file: String(m.file), metric: String(m.name), unit: String(m.unit),
    better: m.better as Better, kind: m.kind as MetricKind, ...(m.provenance_kind === null && (m.estimate ?? null) === null ? {} : provenanceOf(m)),
    round: Number(m.round), value: Number(m.value),
  }
}

function hasColumn(history: History, table: string, column: string): boolean {
  return (history.db.prepare(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`).get(table, column)) !== undefined
}
