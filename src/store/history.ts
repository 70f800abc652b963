// The SQLite history: every run, kept so that trends can be read and any past run can serve as a baseline.
// node:sqlite (built into Node ≥ 22.13) needs no native build. WAL lets readers run beside a writer;
// busy_timeout makes a second writer wait instead of failing; each run is one IMMEDIATE transaction.
import { existsSync, mkdirSync, statSync, type Stats } from 'node:fs'
import { dirname } from 'node:path'
import type { DatabaseSync } from 'node:sqlite'
import { openDatabase } from '../env/sqlite.ts'
import { pathToFileURL } from 'node:url'
import { SwarmbenchError } from '../errors/index.ts'
import type { Baseline } from '../schema/baseline.ts'
import { encodeSamples } from '../compare/samples.ts'
import { buildRun, checkedRun, noSuchRun, provenanceColumns, summaryOf, type Row } from './rows.ts'
import { HISTORY_SCHEMA_VERSION, MIGRATIONS } from './history-schema.ts'
import { busyTimeoutMs, inTransaction, sqliteError } from './sqlite-errors.ts'
import { checkCount, type OpenMode, type RunSelector, type RunSummary } from './store.ts'

export { HISTORY_LIMITS } from './store.ts'
export type { OpenMode, RunSelector, RunSummary } from './store.ts'

export interface History {
  readonly file: string
  readonly db: DatabaseSync
  /** How long a statement waits for another writer's lock. */
  readonly busyTimeoutMs: number
  close(): void
}

export interface OpenOptions {
  mode?: OpenMode
  /** Shorthand for mode 'read'. */
  readOnly?: boolean
  /** How long to wait for another writer's lock (default 15 s, or SWARMBENCH_BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number
}

/**
 * Opens the history. Before anything is changed, the file is read read-only (without leaving SQLite's side
 * files next to it) and must be a swarmbench history or an empty database: another application's
 * database is refused with one line, its bytes untouched.
 */
export function openHistory(file: string, opts: OpenOptions = {}): History {
  const mode: OpenMode = opts.mode ?? (opts.readOnly ? 'read' : 'create')
  const timeout = opts.busyTimeoutMs ?? busyTimeoutMs()
  try {
    const stat = statOrUndefined(file)
    if (stat?.isDirectory()) throw new SwarmbenchError('this path is a folder, not a history database', { file, fix: 'point historyFile / --history at a file path, or remove the folder' })
    if (stat && !stat.isFile()) {
      throw new SwarmbenchError('this path is not a regular file (a device or a pipe), so it cannot hold the history; nothing was changed', {
        file, fix: 'point historyFile / --history at a file, or set history: false in the swarmbench options to keep no history',
      })
    }
    if (!stat && mode !== 'create') {
      throw new SwarmbenchError('no history database here; nothing was created', { file, fix: 'check the path, or run `vitest bench --run` with the swarmbench plugin first' })
    }
    if (stat) {
      const found = identify(file, timeout)
      if (found.kind === 'foreign') {
        throw new SwarmbenchError(`this SQLite database belongs to another application (${found.why}), not to swarmbench; nothing was changed`, {
          file, fix: 'set historyFile (or --history) to another path',
        })
      }
      if (found.kind === 'ours' && found.version > HISTORY_SCHEMA_VERSION) throw newerError(file, found.version)
      // Reading or pruning an empty database creates nothing in it: only a run turns a file into a history.
      if (mode !== 'create' && found.kind === 'empty') {
        throw new SwarmbenchError('this database is empty: it holds no swarmbench history yet; nothing was changed', { file, fix: 'check the path, or run `vitest bench --run` with the swarmbench plugin first' })
      }
      if (mode === 'read') {
        // Migrations add tables and columns, so a reader can use an older schema as it is; what it lacks reads as
        // absent (and the `estimate` column of schemas 1–2 as provenance 'estimate', see provenanceOf).
        return wrap(file, openReadOnly(file, timeout), timeout)
      }
      if (found.kind === 'ours' && found.tagged && found.version === HISTORY_SCHEMA_VERSION) {
        return wrap(file, openDatabase(file, { timeout, enableForeignKeyConstraints: true }), timeout)
      }
    } else {
      mkdirSync(dirname(file), { recursive: true })
    }
    const db = openDatabase(file, { timeout, enableForeignKeyConstraints: true })
    try {
      migrate(db, file)
      if ((db.prepare('PRAGMA journal_mode').get() as { journal_mode: string }).journal_mode !== 'wal') db.exec('PRAGMA journal_mode = WAL')
    } catch (e) {
      db.close()
      throw e
    }
    return wrap(file, db, timeout)
  } catch (e) {
    throw sqliteError(e, file, 'opening the history', timeout)
  }
}

function wrap(file: string, db: DatabaseSync, busyTimeoutMs: number): History {
  return { file, db, busyTimeoutMs, close: () => { if (db.isOpen) db.close() } }
}

function statOrUndefined(file: string): Stats | undefined {
  try { return statSync(file) } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}

/** Written in the database header (PRAGMA application_id) by every swarmbench history: "swbh". */
export const HISTORY_APPLICATION_ID = 0x73776268
/** The tables of schema 1: a history made before the application id was written is known by them. */
const CORE_TABLES = ['runs', 'benchmarks', 'run_benchmarks', 'results', 'samples', 'metrics']

type Identity = { kind: 'empty'; version: 0 } | { kind: 'ours'; version: number; tagged: boolean } | { kind: 'foreign'; why: string }

function inspectSchema(db: DatabaseSync): Identity {
  const appId = Number((db.prepare('PRAGMA application_id').get() as { application_id: number }).application_id)
  const version = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version)
  const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as Array<{ name: string }>).map(t => t.name)
  if (appId === HISTORY_APPLICATION_ID) return { kind: 'ours', version, tagged: true }
  if (appId !== 0) return { kind: 'foreign', why: `its application id is ${appId}` }
  if (tables.length === 0 && version === 0) return { kind: 'empty', version: 0 }
  if (version >= 1 && CORE_TABLES.every(t => tables.includes(t))) return { kind: 'ours', version, tagged: false }
  const listed = tables.length ? `tables ${tables.slice(0, 5).join(', ')}${tables.length > 5 ? ', …' : ''}` : 'no tables'
  return { kind: 'foreign', why: `${listed}; user_version ${version}` }
}

/**
 * Reads what the file holds without changing anything. With no write-ahead log or journal beside it the
 * file is complete on its own, and it is opened `immutable`, which creates no -wal/-shm files next to it.
 */
function identify(file: string, timeout: number): Identity {
  const quiescent = !existsSync(`${file}-wal`) && !existsSync(`${file}-journal`)
  const db = quiescent ? openImmutable(file) ?? openDatabase(file, { readOnly: true, timeout }) : openDatabase(file, { readOnly: true, timeout })
  try { return inspectSchema(db) } finally { db.close() }
}

function openImmutable(file: string): DatabaseSync | undefined {
  const url = pathToFileURL(file)
  url.searchParams.set('immutable', '1')
  try {
    return openDatabase(url, { readOnly: true })
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_INVALID_ARG_TYPE') return undefined // a Node without URL paths
    throw e
  }
}

/** A reader; on read-only media a history without a write-ahead log is still readable (immutable). */
function openReadOnly(file: string, timeout: number): DatabaseSync {
  try {
    return openDatabase(file, { readOnly: true, timeout })
  } catch (e) {
    const immutable = existsSync(`${file}-wal`) ? undefined : openImmutable(file)
    if (immutable) return immutable
    throw e
  }
}

function newerError(file: string, version: number): SwarmbenchError {
  return new SwarmbenchError(`history written by a newer swarmbench (schema ${version}; this version knows up to ${HISTORY_SCHEMA_VERSION})`, {
    file, fix: 'upgrade swarmbench',
  })
}

function migrate(db: DatabaseSync, file: string): void {
  inTransaction(db, () => {
    // Checked again inside the lock: another process may have created or migrated it meanwhile.
    const found = inspectSchema(db)
    if (found.kind === 'foreign') {
      throw new SwarmbenchError(`this SQLite database belongs to another application (${found.why}), not to swarmbench; nothing was changed`, { file, fix: 'set historyFile (or --history) to another path' })
    }
    if (found.version > HISTORY_SCHEMA_VERSION) throw newerError(file, found.version)
    for (let v = found.version; v < HISTORY_SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!)
    if (found.version < HISTORY_SCHEMA_VERSION) db.exec(`PRAGMA user_version = ${HISTORY_SCHEMA_VERSION}`)
    if (found.kind !== 'ours' || !found.tagged) db.exec(`PRAGMA application_id = ${HISTORY_APPLICATION_ID}`)
  })
}

/** Stores a whole run in one transaction and returns its id. */
export function saveRun(history: History, baseline: Baseline): number {
  return withHistoryErrors(history, 'storing the run', () => {
    const { db } = history
    const run = baseline.run
    const insertRun = db.prepare(`INSERT INTO runs (created_at, git_sha, git_branch, git_dirty, rounds, node, os, cpu_model, module_runner, meta_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    const upsertBench = db.prepare(`INSERT INTO benchmarks (key, project, file, test, grp, bench) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id`)
    const insertMember = db.prepare('INSERT INTO run_benchmarks (run_id, benchmark_id, thresholds_json, provenance_kind, provenance_how) VALUES (?, ?, ?, ?, ?)')
    const insertResult = db.prepare(`INSERT INTO results (run_id, benchmark_id, round, n, mean_ms, min_ms, max_ms, p50_ms, p75_ms, p99_ms, sd_ms, rme_pct, throughput_mean)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    const insertSamples = db.prepare('INSERT INTO samples (result_id, count, total, data) VALUES (?, ?, ?, ?)')
    const insertMetric = db.prepare(`INSERT INTO metrics (run_id, benchmark_id, round, name, value, unit, better, kind, provenance_kind, provenance_how, samples, successes, trials)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)

    return inTransaction(db, () => {
      const runId = Number(insertRun.run(run.createdAt, run.git.sha, run.git.branch, run.git.dirty === null ? null : Number(run.git.dirty),
        run.rounds, run.env.node, run.env.os, run.env.cpuModel, Number(run.env.moduleRunner), JSON.stringify(run)).lastInsertRowid)
      for (const entry of Object.values(baseline.entries)) {
        const benchId = Number((upsertBench.get(entry.id, entry.project, entry.file, entry.test, entry.group ?? null, entry.bench ?? null) as { id: number }).id)
        insertMember.run(runId, benchId, entry.thresholds ? JSON.stringify(entry.thresholds) : null, ...provenanceColumns(entry.provenance))
        entry.rounds.forEach((r, round) => {
          const l = r.latency
          const resultId = insertResult.run(runId, benchId, round, l.n, l.mean, l.min, l.max, l.p50, l.p75, l.p99, l.sd, l.rme, r.throughputMean).lastInsertRowid
          if (r.samples) insertSamples.run(resultId, r.samples.count, r.samples.total, Buffer.from(r.samples.data, 'base64'))
        })
        for (const [name, m] of Object.entries(entry.metrics)) {
          m.rounds.forEach((v, round) => {
            insertMetric.run(runId, benchId, round, name, v.value, m.unit, m.better, m.kind, ...provenanceColumns(m.provenance),
              v.samples ? Buffer.from(encodeSamples(v.samples).data, 'base64') : null, v.counts?.successes ?? null, v.counts?.trials ?? null)
          })
        }
      }
      return runId
    })
  })
}

/**
 * Runs a query of the history; the environment's failures (locked, damaged, full) become one line. Every
 * query of the history, in any module, goes through this.
 */
export function withHistoryErrors<T>(history: History, doing: string, fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    throw sqliteError(e, history.file, doing, history.busyTimeoutMs)
  }
}

export function findRunId(history: History, selector: RunSelector): number | null {
  return withHistoryErrors(history, 'finding a run', () => {
    const { db } = history
    const row = selector === 'latest'
      ? db.prepare('SELECT id FROM runs ORDER BY id DESC LIMIT 1').get()
      : 'id' in selector
        ? db.prepare('SELECT id FROM runs WHERE id = ?').get(selector.id)
        : db.prepare('SELECT id FROM runs WHERE git_branch = ? ORDER BY id DESC LIMIT 1').get(selector.branch)
    return row ? Number((row as { id: number }).id) : null
  })
}

/**
 * Rebuilds a run as a Baseline, so any past run can be compared or promoted; rows changed by hand are refused.
 * `samples: false` leaves the raw samples out (per-round summaries and metric values stay), for readers of
 * many runs such as trends.
 */
export function loadRun(history: History, selector: RunSelector, opts: { samples?: boolean } = {}): Baseline {
  const runId = findRunId(history, selector)
  if (runId === null) throw noSuchRun(history.file, selector)
  return checkedRun(() => withHistoryErrors(history, `reading run ${runId}`, () => readRun(history.db, runId, opts.samples ?? true)), history.file, runId)
}

function readRun(db: DatabaseSync, runId: number, samples: boolean): Baseline {
  const runRow = db.prepare('SELECT meta_json FROM runs WHERE id = ?').get(runId) as { meta_json: string }
  const benchmarks = db.prepare(`SELECT b.id, b.key, b.project, b.file, b.test, b.grp, b.bench, rb.* FROM run_benchmarks rb
    JOIN benchmarks b ON b.id = rb.benchmark_id WHERE rb.run_id = ? ORDER BY b.key`).all(runId) as Row[]
  const results = db.prepare(samples
    ? `SELECT r.*, s.count AS s_count, s.total AS s_total, s.data AS s_data FROM results r
      LEFT JOIN samples s ON s.result_id = r.id WHERE r.run_id = ? ORDER BY r.benchmark_id, r.round`
    : 'SELECT r.*, NULL AS s_data FROM results r WHERE r.run_id = ? ORDER BY r.benchmark_id, r.round').all(runId) as Row[]
  const metrics = db.prepare('SELECT * FROM metrics WHERE run_id = ? ORDER BY benchmark_id, name, round').all(runId) as Row[]
  return buildRun(runRow.meta_json, benchmarks, results, metrics, samples)
}






export function listRuns(history: History, opts: { bench?: string; branch?: string; limit?: number } = {}): RunSummary[] {
  checkCount(opts.limit, 'limit', 1)
  return withHistoryErrors(history, 'listing runs', () => {
    const where: string[] = []
    const params: Array<string | number> = []
    if (opts.bench) {
      where.push(`r.id IN (SELECT rb.run_id FROM run_benchmarks rb JOIN benchmarks b ON b.id = rb.benchmark_id WHERE b.key LIKE ? ESCAPE '\\')`)
      params.push(`%${opts.bench.replace(/[\\%_]/g, c => `\\${c}`)}%`)
    }
    if (opts.branch) { where.push('r.git_branch = ?'); params.push(opts.branch) }
    params.push(opts.limit ?? 20)
    const rows = history.db.prepare(`SELECT r.id, r.created_at, r.git_sha, r.git_branch, r.git_dirty, r.rounds, r.node,
        (SELECT COUNT(*) FROM run_benchmarks rb WHERE rb.run_id = r.id) AS benchmarks,
        (SELECT COUNT(DISTINCT benchmark_id || ' ' || name) FROM metrics m WHERE m.run_id = r.id) AS metrics
      FROM runs r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id DESC LIMIT ?`).all(...params) as Array<Record<string, string | number | null>>
    return rows.map(summaryOf)
  })
}

/** A branch's shared baseline is never pruned: it is what the branch's runs are judged against. */
const NOT_A_BASELINE = 'id NOT IN (SELECT run_id FROM baselines)'

/** Deletes old runs (never a branch's baseline); returns how many went. Benchmarks no run refers to any more go too. */
export function pruneRuns(history: History, opts: { keep?: number; olderThanDays?: number; now?: Date }): number {
  checkCount(opts.keep, 'keep', 0)
  checkCount(opts.olderThanDays, 'olderThanDays', 0)
  const { db } = history
  return withHistoryErrors(history, 'pruning runs', () => inTransaction(db, () => {
    let deleted = 0
    if (opts.keep !== undefined) {
      deleted += Number(db.prepare(`DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?) AND ${NOT_A_BASELINE}`).run(opts.keep).changes)
    }
    if (opts.olderThanDays !== undefined) {
      const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.olderThanDays * 86_400_000).toISOString()
      deleted += Number(db.prepare(`DELETE FROM runs WHERE created_at < ? AND ${NOT_A_BASELINE}`).run(cutoff).changes)
    }
    db.exec('DELETE FROM benchmarks WHERE id NOT IN (SELECT benchmark_id FROM run_benchmarks)')
    return deleted
  }))
}

