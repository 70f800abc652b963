// The SQLite history: every run, kept so that trends can be read and any past run can serve as a baseline.
// node:sqlite (built into Node ≥ 22.13) needs no native build. WAL lets readers run beside a writer;
// busy_timeout makes a second writer wait instead of failing; each run is one IMMEDIATE transaction.
import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { SwarmbenchError } from '../errors/index.ts'
import type { Baseline, Entry, Metric, Round } from '../schema/baseline.ts'
import { RunMetaSchema } from '../schema/baseline.ts'
import { decodeSamples, encodeSamples } from '../compare/samples.ts'
import { HISTORY_SCHEMA_VERSION, MIGRATIONS } from './history-schema.ts'

export interface History {
  readonly file: string
  readonly db: DatabaseSync
  close(): void
}

const BUSY_TIMEOUT_MS = 15_000

export function openHistory(file: string, opts: { readOnly?: boolean } = {}): History {
  if (opts.readOnly && !existsSync(file)) {
    throw new SwarmbenchError('no history database here', { file, fix: 'run `vitest bench --run` with the swarmbench plugin first' })
  }
  let db: DatabaseSync
  try {
    if (!opts.readOnly) mkdirSync(dirname(file), { recursive: true })
    db = new DatabaseSync(file, { readOnly: opts.readOnly ?? false, timeout: BUSY_TIMEOUT_MS, enableForeignKeyConstraints: true })
  } catch (e) {
    throw describeOpenError(e, file)
  }
  try {
    if (!opts.readOnly) db.exec('PRAGMA journal_mode = WAL')
    migrate(db, file, opts.readOnly ?? false)
  } catch (e) {
    db.close()
    throw describeOpenError(e, file)
  }
  return { file, db, close: () => { if (db.isOpen) db.close() } }
}

function describeOpenError(e: unknown, file: string): unknown {
  if (e instanceof SwarmbenchError) return e
  const msg = (e as Error).message ?? String(e)
  if (/not a database|file is encrypted/i.test(msg)) {
    return new SwarmbenchError('this file is not a SQLite database, so it cannot hold the history', {
      file, fix: 'move it aside (nothing was changed), or set historyFile to another path', cause: e,
    })
  }
  if (/readonly|read-only|unable to open|permission|EACCES/i.test(msg)) {
    return new SwarmbenchError(`cannot open the history for writing (${msg}); nothing was changed`, {
      file, fix: 'make the file and its directory writable, or set outDir in the swarmbench options', cause: e,
    })
  }
  return e
}

function migrate(db: DatabaseSync, file: string, readOnly: boolean): void {
  const current = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version)
  if (current > HISTORY_SCHEMA_VERSION) {
    throw new SwarmbenchError(`history written by a newer swarmbench (schema ${current}; this version knows up to ${HISTORY_SCHEMA_VERSION})`, {
      file, fix: 'upgrade swarmbench',
    })
  }
  if (current === HISTORY_SCHEMA_VERSION) return
  // Migrations only add tables, so a reader can use an older schema as it is; what it lacks reads as absent.
  if (readOnly && current >= 1) return
  if (readOnly) {
    throw new SwarmbenchError(`history schema ${current} is older than ${HISTORY_SCHEMA_VERSION}`, { file, fix: 'run any writing command once (e.g. a bench run) to migrate it' })
  }
  db.exec('BEGIN IMMEDIATE')
  try {
    // Re-read inside the lock: another process may have migrated meanwhile.
    const locked = Number((db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version)
    for (let v = locked; v < HISTORY_SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!)
    db.exec(`PRAGMA user_version = ${HISTORY_SCHEMA_VERSION}`)
    db.exec('COMMIT')
  } catch (e) {
    db.exec('ROLLBACK')
    throw e
  }
}

/** Stores a whole run in one transaction and returns its id. */
export function saveRun(history: History, baseline: Baseline): number {
  const { db } = history
  const run = baseline.run
  const insertRun = db.prepare(`INSERT INTO runs (created_at, git_sha, git_branch, git_dirty, rounds, node, os, cpu_model, module_runner, meta_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const upsertBench = db.prepare(`INSERT INTO benchmarks (key, project, file, test, grp, bench) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id`)
  const insertMember = db.prepare('INSERT INTO run_benchmarks (run_id, benchmark_id, thresholds_json) VALUES (?, ?, ?)')
  const insertResult = db.prepare(`INSERT INTO results (run_id, benchmark_id, round, n, mean_ms, min_ms, max_ms, p50_ms, p75_ms, p99_ms, sd_ms, rme_pct, throughput_mean)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertSamples = db.prepare('INSERT INTO samples (result_id, count, total, data) VALUES (?, ?, ?, ?)')
  const insertMetric = db.prepare(`INSERT INTO metrics (run_id, benchmark_id, round, name, value, unit, better, kind, estimate, samples)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)

  db.exec('BEGIN IMMEDIATE')
  try {
    const runId = Number(insertRun.run(run.createdAt, run.git.sha, run.git.branch, run.git.dirty === null ? null : Number(run.git.dirty),
      run.rounds, run.env.node, run.env.os, run.env.cpuModel, Number(run.env.moduleRunner), JSON.stringify(run)).lastInsertRowid)
    for (const entry of Object.values(baseline.entries)) {
      const benchId = Number((upsertBench.get(entry.id, entry.project, entry.file, entry.test, entry.group ?? null, entry.bench ?? null) as { id: number }).id)
      insertMember.run(runId, benchId, entry.thresholds ? JSON.stringify(entry.thresholds) : null)
      entry.rounds.forEach((r, round) => {
        const l = r.latency
        const resultId = insertResult.run(runId, benchId, round, l.n, l.mean, l.min, l.max, l.p50, l.p75, l.p99, l.sd, l.rme, r.throughputMean).lastInsertRowid
        if (r.samples) insertSamples.run(resultId, r.samples.count, r.samples.total, Buffer.from(r.samples.data, 'base64'))
      })
      for (const [name, m] of Object.entries(entry.metrics)) {
        m.rounds.forEach((v, round) => {
          insertMetric.run(runId, benchId, round, name, v.value, m.unit, m.better, m.kind, m.estimate ?? null,
            v.samples ? Buffer.from(encodeSamples(v.samples).data, 'base64') : null)
        })
      }
    }
    db.exec('COMMIT')
    return runId
  } catch (e) {
    db.exec('ROLLBACK')
    throw e
  }
}

export type RunSelector = { id: number } | { branch: string } | 'latest'

export function findRunId(history: History, selector: RunSelector): number | null {
  const { db } = history
  const row = selector === 'latest'
    ? db.prepare('SELECT id FROM runs ORDER BY id DESC LIMIT 1').get()
    : 'id' in selector
      ? db.prepare('SELECT id FROM runs WHERE id = ?').get(selector.id)
      : db.prepare('SELECT id FROM runs WHERE git_branch = ? ORDER BY id DESC LIMIT 1').get(selector.branch)
  return row ? Number((row as { id: number }).id) : null
}

/**
 * Rebuilds a run as a Baseline, so any past run can be compared or promoted. `samples: false` leaves the raw
 * samples out (per-round summaries and metric values stay), for readers of many runs such as trends.
 */
export function loadRun(history: History, selector: RunSelector, opts: { samples?: boolean } = {}): Baseline {
  const { db } = history
  const runId = findRunId(history, selector)
  if (runId === null) {
    const what = selector === 'latest' ? 'no runs yet' : 'id' in selector ? `no run with id ${selector.id}` : `no run on branch ${selector.branch}`
    throw new SwarmbenchError(`history has ${what}`, { file: history.file, fix: 'list the runs with `swarmbench history list`' })
  }
  const runRow = db.prepare('SELECT meta_json FROM runs WHERE id = ?').get(runId) as { meta_json: string }
  const run = RunMetaSchema.parse(JSON.parse(runRow.meta_json))
  const entries: Record<string, Entry> = {}
  const byBenchId = new Map<number, Entry>()
  for (const b of db.prepare(`SELECT b.id, b.key, b.project, b.file, b.test, b.grp, b.bench, rb.thresholds_json FROM run_benchmarks rb
      JOIN benchmarks b ON b.id = rb.benchmark_id WHERE rb.run_id = ? ORDER BY b.key`).all(runId) as Array<Record<string, string | number | null>>) {
    const entry: Entry = {
      id: String(b.key), project: String(b.project), file: String(b.file), test: String(b.test),
      ...(b.grp !== null ? { group: String(b.grp) } : {}), ...(b.bench !== null ? { bench: String(b.bench) } : {}),
      rounds: [], metrics: {},
      ...(b.thresholds_json !== null ? { thresholds: JSON.parse(String(b.thresholds_json)) as Record<string, number> } : {}),
    }
    entries[entry.id] = entry
    byBenchId.set(Number(b.id), entry)
  }
  const samples = opts.samples ?? true
  for (const r of db.prepare(samples
    ? `SELECT r.*, s.count AS s_count, s.total AS s_total, s.data AS s_data FROM results r
      LEFT JOIN samples s ON s.result_id = r.id WHERE r.run_id = ? ORDER BY r.benchmark_id, r.round`
    : 'SELECT r.*, NULL AS s_data FROM results r WHERE r.run_id = ? ORDER BY r.benchmark_id, r.round').all(runId) as Array<Record<string, number | Uint8Array | null>>) {
    const entry = byBenchId.get(Number(r.benchmark_id))!
    const round: Round = {
      latency: { n: Number(r.n), mean: Number(r.mean_ms), min: Number(r.min_ms), max: Number(r.max_ms), p50: Number(r.p50_ms),
        p75: Number(r.p75_ms), p99: Number(r.p99_ms), sd: Number(r.sd_ms), rme: Number(r.rme_pct) },
      throughputMean: Number(r.throughput_mean),
      ...(r.s_data ? { samples: { encoding: 'f64le-base64' as const, count: Number(r.s_count), total: Number(r.s_total), data: Buffer.from(r.s_data as Uint8Array).toString('base64') } } : {}),
    }
    entry.rounds[Number(r.round)] = round
  }
  for (const m of db.prepare('SELECT * FROM metrics WHERE run_id = ? ORDER BY benchmark_id, name, round').all(runId) as Array<Record<string, string | number | Uint8Array | null>>) {
    const entry = byBenchId.get(Number(m.benchmark_id))!
    const name = String(m.name)
    const metric: Metric = entry.metrics[name] ??= {
      unit: String(m.unit), better: m.better as Metric['better'], kind: m.kind as Metric['kind'],
      ...(m.estimate !== null ? { estimate: String(m.estimate) } : {}), rounds: [],
    }
    metric.rounds[Number(m.round)] = { value: Number(m.value), ...(samples && m.samples ? { samples: blobToSamples(m.samples as Uint8Array) } : {}) }
  }
  return { schemaVersion: 1, run, entries }
}

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

export function listRuns(history: History, opts: { bench?: string; branch?: string; limit?: number } = {}): RunSummary[] {
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
  return rows.map(r => ({
    id: Number(r.id), createdAt: String(r.created_at), sha: r.git_sha === null ? null : String(r.git_sha),
    branch: r.git_branch === null ? null : String(r.git_branch), dirty: r.git_dirty === null ? null : Boolean(r.git_dirty),
    rounds: Number(r.rounds), node: String(r.node), benchmarks: Number(r.benchmarks), metrics: Number(r.metrics),
  }))
}

/** Deletes old runs; returns how many went. Benchmarks no run refers to any more go too. */
export function pruneRuns(history: History, opts: { keep?: number; olderThanDays?: number; now?: Date }): number {
  const { db } = history
  db.exec('BEGIN IMMEDIATE')
  try {
    let deleted = 0
    if (opts.keep !== undefined) {
      deleted += Number(db.prepare('DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ?)').run(opts.keep).changes)
    }
    if (opts.olderThanDays !== undefined) {
      const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.olderThanDays * 86_400_000).toISOString()
      deleted += Number(db.prepare('DELETE FROM runs WHERE created_at < ?').run(cutoff).changes)
    }
    db.exec('DELETE FROM benchmarks WHERE id NOT IN (SELECT benchmark_id FROM run_benchmarks)')
    db.exec('COMMIT')
    return deleted
  } catch (e) {
    db.exec('ROLLBACK')
    throw e
  }
}

function blobToSamples(blob: Uint8Array): number[] {
  return decodeSamples({ encoding: 'f64le-base64', count: blob.byteLength / 8, total: blob.byteLength / 8, data: Buffer.from(blob).toString('base64') })
}
