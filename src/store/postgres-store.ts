// The PostgreSQL history: the same tables and queries as the SQLite history, for many CI runners writing at
// once. Client: `postgres` (porsager/postgres.js): no dependencies, its own TypeScript types, and queries only
// as tagged templates, so every value travels as a bound parameter. Loaded on first use, so a SQLite-only
// user never loads it.
//
// Each run is one transaction (all rows or none: a writer killed mid-run leaves nothing behind, the server
// rolls it back). Benchmarks are upserted in key order, so concurrent writers take their row locks in the same
// order and cannot deadlock each other; a serialization failure or deadlock is retried a few times anyway.
// Migrations run under an advisory lock, so runners that start together migrate once.
import type { Sql, TransactionSql } from 'postgres'
import type { Comparison } from '../compare/types.ts'
import { encodeSamples } from '../compare/samples.ts'
import { SwarmbenchError, isSwarmbenchError } from '../errors/index.ts'
import type { Baseline, RunMeta } from '../schema/baseline.ts'
import { HISTORY_SCHEMA_VERSION } from './history-schema.ts'
import type { PgLocation } from './location.ts'
import { connectNoDelay } from './pg-socket.ts'
import { copyInto, type CopyValue } from './pg-copy.ts'
import { PG_META_DDL, PG_MIGRATIONS } from './postgres-schema.ts'
import { baselineOf, buildRun, checkedRun, comparisonOf, noSuchRun, provenanceColumns, summaryOf, type Row } from './rows.ts'
import { checkCount, newerRun, type BranchBaseline, type HistoryStore, type ListOptions, type OpenMode, type PromoteResult, type PruneOptions, type RunSelector, type RunSummary, type StoredChanges, type StoredComparison } from './store.ts'
import type { StoredChange } from './comparisons.ts'
import { benchLike, DEFAULT_TREND_RUNS, latencyValueOf, metricValueOf, trendRunOf, type TrendQuery, type TrendRun, type TrendValue } from './trends.ts'

type Db = Sql | TransactionSql
/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement. */
const ROWS_PER_INSERT = 4000
const RETRIES = 5

export interface PgStoreOptions {
  mode?: OpenMode
  /** Seconds to wait for a connection (default 10). */
  connectTimeoutS?: number
  /** Connections in the pool (default 4). */
  max?: number
}

export async function openPostgresStore(loc: PgLocation, opts: PgStoreOptions = {}): Promise<PostgresHistoryStore> {
  const mode = opts.mode ?? 'create'
  const { default: postgres } = await import('postgres')
  const sql = postgres(loc.url, {
    max: opts.max ?? 4,
    connect_timeout: opts.connectTimeoutS ?? 10,
    onnotice: () => {},
    // TCP_NODELAY: without it each COPY waits ~40 ms for the server's delayed ACK (pg-socket.ts). A documented
    // option (README, "socket: fn returning custom socket to use") that the package's types leave out.
    ...{ socket: (o: { host: string[]; port: number[]; path?: string | false }) => connectNoDelay(o, (opts.connectTimeoutS ?? 10) * 1000) } as object,
    // Unquoted identifiers resolve in our schema only; pg_catalog is always searched first.
    connection: { application_name: 'swarmbench', search_path: loc.schema },
    // Ids and counts are bigint; they stay far below 2^53, so plain numbers.
    types: { int8: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } },
  }) as unknown as Sql
  try {
    const found = await schemaVersion(sql, loc.schema)
    if (found > HISTORY_SCHEMA_VERSION) throw newerError(loc.display, found)
    if (found === 0 && mode !== 'create') {
      throw new SwarmbenchError(`this PostgreSQL database holds no swarmbench history yet (schema ${loc.schema})`, {
        file: loc.display, fix: 'check the URL, or run `vitest bench --run` with the swarmbench plugin first',
      })
    }
    if (mode === 'create' && found < HISTORY_SCHEMA_VERSION) await migrate(sql, loc)
  } catch (e) {
    await sql.end({ timeout: 1 })
    throw pgError(e, loc.display, 'opening the history')
  }
  return new PostgresHistoryStore(sql, loc)
}

/** 0 when the schema holds no swarmbench history. */
async function schemaVersion(db: Db, schema: string): Promise<number> {
  const [meta] = await db`SELECT to_regclass(${`${schema}.swarmbench_meta`}) IS NOT NULL AS present`
  if (!meta?.present) return 0
  const [row] = await db`SELECT value FROM swarmbench_meta WHERE key = 'schema_version'`
  return row ? Number(row.value) : 0
}

async function migrate(sql: Sql, loc: PgLocation): Promise<void> {
  await sql.begin(async tx => {
    // One migrator at a time per schema; the others wait here, then find the work done.
    await tx`SELECT pg_advisory_xact_lock(hashtext(${`swarmbench migrate ${loc.schema}`}))`
    await tx`CREATE SCHEMA IF NOT EXISTS ${tx(loc.schema)}`
    const found = await schemaVersion(tx, loc.schema)
    if (found > HISTORY_SCHEMA_VERSION) throw newerError(loc.display, found)
    if (found === 0) {
      const tables = await tx`SELECT table_name FROM information_schema.tables WHERE table_schema = ${loc.schema} ORDER BY table_name`
      if (tables.length > 0) {
        throw new SwarmbenchError(`the PostgreSQL schema ${loc.schema} holds another application's tables (${tables.slice(0, 5).map(t => String(t.table_name)).join(', ')}), not a swarmbench history; nothing was changed`, {
          file: loc.display, fix: 'add ?schema=<another name> to the history URL',
        })
      }
    }
    await tx.unsafe(PG_META_DDL)
    // Our own constant DDL, no values in it: simple protocol, several statements at once.
    for (let v = found; v < HISTORY_SCHEMA_VERSION; v++) await tx.unsafe(PG_MIGRATIONS[v]!)
    await tx`INSERT INTO swarmbench_meta (key, value) VALUES ('application', 'swarmbench'), ('schema_version', ${String(HISTORY_SCHEMA_VERSION)})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value`
  })
}

function newerError(display: string, version: number): SwarmbenchError {
  return new SwarmbenchError(`history written by a newer swarmbench (schema ${version}; this version knows up to ${HISTORY_SCHEMA_VERSION})`, { file: display, fix: 'upgrade swarmbench' })
}

export class PostgresHistoryStore implements HistoryStore {
  readonly backend = 'postgres' as const
  readonly location: string
  readonly schema: string
  readonly sql: Sql

  constructor(sql: Sql, loc: PgLocation) {
    this.sql = sql
    this.location = loc.display
    this.schema = loc.schema
  }

  private run<T>(doing: string, fn: () => Promise<T>): Promise<T> {
    return fn().catch((e: unknown) => { throw pgError(e, this.location, doing) })
  }

  /** A write transaction, retried when the server chose it as a deadlock victim or could not serialize it. */
  private async transaction<T>(doing: string, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sql.begin(fn) as T
      } catch (e) {
        const code = (e as { code?: string }).code
        if ((code === '40001' || code === '40P01') && attempt < RETRIES) continue
        throw pgError(e, this.location, doing)
      }
    }
  }

  saveRun(baseline: Baseline): Promise<number> {
    const run = baseline.run
    // Key order: concurrent writers lock shared benchmark rows in the same order.
    const entries = Object.values(baseline.entries).toSorted((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    return this.transaction('storing the run', async tx => {
      const [row] = await tx`INSERT INTO runs (created_at, git_sha, git_branch, git_dirty, rounds, node, os, cpu_model, module_runner, meta_json)
        VALUES (${run.createdAt}, ${run.git.sha}, ${run.git.branch}, ${run.git.dirty}, ${run.rounds}, ${run.env.node}, ${run.env.os},
          ${run.env.cpuModel}, ${run.env.moduleRunner}, ${JSON.stringify(run)}) RETURNING id`
      const runId = Number(row!.id)
      const benchIds = new Map<string, number>()
      for (const chunk of chunks(entries.map(e => ({ key: e.id, project: e.project, file: e.file, test: e.test, grp: e.group ?? null, bench: e.bench ?? null })))) {
        for (const b of await tx`INSERT INTO benchmarks ${tx(chunk)} ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id, key`) benchIds.set(String(b.key), Number(b.id))
      }
      // The bulk of a run goes by binary COPY (scripts/pg-ingest-methods.ts: 3.5× faster than a multi-row
      // INSERT for a 1,000 × 1,000 run's samples, which bound parameters double into hex). Result ids are taken
      // from the sequence first, so samples can name their result without reading anything back.
      await copyInto(tx, 'run_benchmarks', ['run_id', 'benchmark_id', 'thresholds_json', 'provenance_kind', 'provenance_how'],
        ['int8', 'int8', 'text', 'text', 'text'], entries.map(e => {
          const [kind, how] = provenanceColumns(e.provenance)
          return [runId, benchIds.get(e.id)!, e.thresholds ? JSON.stringify(e.thresholds) : null, kind, how]
        }))
      const resultCount = entries.reduce((n, e) => n + e.rounds.length, 0)
      const ids = resultCount === 0 ? [] : (await tx`SELECT nextval(pg_get_serial_sequence('results', 'id')) AS id FROM generate_series(1, ${resultCount})`).map(r => Number(r.id))
      const results: CopyValue[][] = []
      const samples: CopyValue[][] = []
      for (const e of entries) {
        const benchmarkId = benchIds.get(e.id)!
        e.rounds.forEach((r, round) => {
          const l = r.latency
          const id = ids[results.length]!
          results.push([id, runId, benchmarkId, round, l.n, l.mean, l.min, l.max, l.p50, l.p75, l.p99, l.sd, l.rme, r.throughputMean])
          if (r.samples) samples.push([id, r.samples.count, r.samples.total, Buffer.from(r.samples.data, 'base64')])
        })
      }
      await copyInto(tx, 'results', ['id', 'run_id', 'benchmark_id', 'round', 'n', 'mean_ms', 'min_ms', 'max_ms', 'p50_ms', 'p75_ms', 'p99_ms', 'sd_ms', 'rme_pct', 'throughput_mean'],
        ['int8', 'int8', 'int8', 'int4', 'int4', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8', 'float8'], results)
      if (samples.length > 0) await copyInto(tx, 'samples', ['result_id', 'count', 'total', 'data'], ['int8', 'int4', 'int4', 'bytea'], samples)
      const metrics: CopyValue[][] = []
      for (const e of entries) {
        for (const [name, m] of Object.entries(e.metrics)) {
          const [kind, how] = provenanceColumns(m.provenance)
          m.rounds.forEach((v, round) => {
            metrics.push([runId, benchIds.get(e.id)!, round, name, v.value, m.unit, m.better, m.kind, kind, how,
              v.samples ? Buffer.from(encodeSamples(v.samples).data, 'base64') : null, v.counts?.successes ?? null, v.counts?.trials ?? null])
          })
        }
      }
      if (metrics.length > 0) {
        await copyInto(tx, 'metrics', ['run_id', 'benchmark_id', 'round', 'name', 'value', 'unit', 'better', 'kind', 'provenance_kind', 'provenance_how', 'samples', 'successes', 'trials'],
          ['int8', 'int8', 'int4', 'text', 'float8', 'text', 'text', 'text', 'text', 'text', 'bytea', 'int4', 'int4'], metrics)
      }
      return runId
    })
  }

  findRunId(selector: RunSelector): Promise<number | null> {
    return this.run('finding a run', async () => {
      const [row] = selector === 'latest'
        ? await this.sql`SELECT id FROM runs ORDER BY id DESC LIMIT 1`
        : 'id' in selector
          ? await this.sql`SELECT id FROM runs WHERE id = ${selector.id}`
          : await this.sql`SELECT id FROM runs WHERE git_branch = ${selector.branch} ORDER BY id DESC LIMIT 1`
      return row ? Number(row.id) : null
    })
  }

  async loadRun(selector: RunSelector, opts: { samples?: boolean } = {}): Promise<Baseline> {
    const runId = await this.findRunId(selector)
    if (runId === null) throw noSuchRun(this.location, selector)
    const samples = opts.samples ?? true
    // One snapshot for the four reads: a concurrent prune cannot leave half a run.
    const rows = await this.run(`reading run ${runId}`, () => this.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async tx => {
      const [run] = await tx`SELECT meta_json FROM runs WHERE id = ${runId}`
      // COLLATE "C": byte order, as SQLite sorts, whatever the database's locale.
      const benchmarks = await tx`SELECT b.id, b.key, b.project, b.file, b.test, b.grp, b.bench, rb.* FROM run_benchmarks rb
        JOIN benchmarks b ON b.id = rb.benchmark_id WHERE rb.run_id = ${runId} ORDER BY b.key COLLATE "C"`
      const results = samples
        ? await tx`SELECT r.*, s.count AS s_count, s.total AS s_total, s.data AS s_data FROM results r
            LEFT JOIN samples s ON s.result_id = r.id WHERE r.run_id = ${runId} ORDER BY r.benchmark_id, r.round`
        : await tx`SELECT r.*, NULL AS s_data FROM results r WHERE r.run_id = ${runId} ORDER BY r.benchmark_id, r.round`
      const metrics = await tx`SELECT * FROM metrics WHERE run_id = ${runId} ORDER BY benchmark_id, name COLLATE "C", round`
      return { run, benchmarks: [...benchmarks], results: [...results], metrics: [...metrics] }
    }))
    if (!rows.run) throw noSuchRun(this.location, { id: runId }) // pruned between the two reads
    return checkedRun(() => buildRun(String(rows.run!.meta_json), rows.benchmarks, rows.results, rows.metrics, samples), this.location, runId)
  }

  async listRuns(opts: ListOptions = {}): Promise<RunSummary[]> {
    checkCount(opts.limit, 'limit', 1)
    const sql = this.sql
    const bench = opts.bench ? sql`AND r.id IN (SELECT rb.run_id FROM run_benchmarks rb JOIN benchmarks b ON b.id = rb.benchmark_id
      WHERE b.key LIKE ${`%${opts.bench.replace(/[\\%_]/g, c => `\\${c}`)}%`} ESCAPE '\\')` : sql``
    const branch = opts.branch ? sql`AND r.git_branch = ${opts.branch}` : sql``
    return this.run('listing runs', async () => {
      const rows = await sql`SELECT r.id, r.created_at, r.git_sha, r.git_branch, r.git_dirty, r.rounds, r.node,
          (SELECT COUNT(*) FROM run_benchmarks rb WHERE rb.run_id = r.id) AS benchmarks,
          (SELECT COUNT(DISTINCT (m.benchmark_id, m.name)) FROM metrics m WHERE m.run_id = r.id) AS metrics
        FROM runs r WHERE TRUE ${bench} ${branch} ORDER BY r.id DESC LIMIT ${opts.limit ?? 20}`
      return rows.map(summaryOf)
    })
  }

  async pruneRuns(opts: PruneOptions): Promise<number> {
    checkCount(opts.keep, 'keep', 0)
    checkCount(opts.olderThanDays, 'olderThanDays', 0)
    return this.transaction('pruning runs', async tx => {
      let deleted = 0
      if (opts.keep !== undefined) {
        deleted += (await tx`DELETE FROM runs WHERE id NOT IN (SELECT id FROM runs ORDER BY id DESC LIMIT ${opts.keep}) AND id NOT IN (SELECT run_id FROM baselines)`).count
      }
      if (opts.olderThanDays !== undefined) {
        const cutoff = new Date((opts.now ?? new Date()).getTime() - opts.olderThanDays * 86_400_000).toISOString()
        deleted += (await tx`DELETE FROM runs WHERE created_at < ${cutoff} AND id NOT IN (SELECT run_id FROM baselines)`).count
      }
      await tx`DELETE FROM benchmarks b WHERE NOT EXISTS (SELECT 1 FROM run_benchmarks rb WHERE rb.benchmark_id = b.id)`
      return deleted
    })
  }

  saveComparison(runId: number, base: RunMeta, comparison: Comparison): Promise<void> {
    return this.run('keeping the verdicts', async () => {
      const [baseRow] = await this.sql`SELECT id FROM runs WHERE created_at = ${base.createdAt} AND git_sha IS NOT DISTINCT FROM ${base.git.sha}
        AND id <> ${runId} ORDER BY id DESC LIMIT 1`
      await this.sql`INSERT INTO comparisons (run_id, base_created_at, base_sha, base_branch, base_run_id, comparison_json)
        VALUES (${runId}, ${base.createdAt}, ${base.git.sha}, ${base.git.branch}, ${baseRow ? Number(baseRow.id) : null}, ${JSON.stringify(comparison)})
        ON CONFLICT (run_id) DO UPDATE SET base_created_at = excluded.base_created_at, base_sha = excluded.base_sha,
          base_branch = excluded.base_branch, base_run_id = excluded.base_run_id, comparison_json = excluded.comparison_json`
    })
  }

  loadComparisons(runIds: readonly number[]): Promise<Map<number, StoredComparison>> {
    return this.run('reading the verdicts', async () => {
      const out = new Map<number, StoredComparison>()
      if (runIds.length === 0) return out
      const rows = await this.sql`SELECT run_id, base_created_at, base_sha, base_branch, base_run_id, comparison_json FROM comparisons
        WHERE run_id = ANY(${this.sql.array([...runIds])}::bigint[])`
      for (const r of rows) {
        out.set(Number(r.run_id), comparisonOf(r, this.location,
          id => `delete it with \`psql "$SWARMBENCH_HISTORY_URL" -c "DELETE FROM ${this.schema}.comparisons WHERE run_id = ${id}"\`; the run itself is kept`))
      }
      return out
    })
  }

  trendRuns(q: TrendQuery = {}): Promise<TrendRun[]> {
    checkCount(q.runs, 'limit', 1)
    const sql = this.sql
    const branch = q.branch !== undefined ? sql`WHERE git_branch = ${q.branch}` : sql``
    return this.run('reading the runs for trends', async () => {
      const rows = await sql`SELECT id, created_at, git_sha, git_branch, git_dirty, node, os, cpu_model FROM runs ${branch}
        ORDER BY id DESC LIMIT ${q.runs ?? DEFAULT_TREND_RUNS}`
      return [...rows].reverse().map(trendRunOf)
    })
  }

  async trendValues(runIds: readonly number[], bench?: string): Promise<TrendValue[]> {
    if (runIds.length === 0) return []
    const like = benchLike(bench)
    // One snapshot for both reads: a run stored or pruned meanwhile is in both or in neither.
    return this.run('reading the trends', () => this.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async tx => {
      const ids = tx.array([...runIds])
      const latency = await tx`SELECT r.run_id, b.key, b.file, r.round, r.p50_ms, r.mean_ms, r.rme_pct, rb.provenance_kind, rb.provenance_how FROM results r
        JOIN benchmarks b ON b.id = r.benchmark_id JOIN run_benchmarks rb ON rb.run_id = r.run_id AND rb.benchmark_id = r.benchmark_id
        WHERE r.run_id = ANY(${ids}::bigint[]) AND b.key LIKE ${like} ESCAPE '\\'`
      const metrics = await tx`SELECT m.run_id, m.name, m.round, m.value, m.unit, m.better, m.kind, m.provenance_kind, m.provenance_how, b.key, b.file
        FROM metrics m JOIN benchmarks b ON b.id = m.benchmark_id
        WHERE m.run_id = ANY(${ids}::bigint[]) AND b.key LIKE ${like} ESCAPE '\\'`
      return [...latency.map(latencyValueOf), ...metrics.map(metricValueOf)]
    }) as Promise<TrendValue[]>)
  }

  async loadChanges(runIds: readonly number[]): Promise<StoredChanges> {
    const bases: StoredChanges['bases'] = new Map()
    const changes: StoredChange[] = []
    if (runIds.length === 0) return { bases, changes }
    let rows
    try {
      rows = await this.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async tx => {
        const ids = tx.array([...runIds])
        const b = await tx`SELECT run_id, base_created_at, base_sha, base_branch, base_run_id FROM comparisons WHERE run_id = ANY(${ids}::bigint[])`
        // Only the rows that changed, picked out by the server (as SQLite's JSON functions do for the SQLite history).
        // json, not jsonb: each comparison is read once, and building jsonb of 200 whole comparisons (24 MB) took
        // 7.9–9.2 s against 1.3–2.0 s (scripts/report-bench.ts's history, 3 fresh connections each).
        const c = await tx`SELECT c.run_id, j.value ->> 'id' AS id, j.value ->> 'metric' AS metric, j.value ->> 'verdict' AS verdict,
            (j.value ->> 'gating')::boolean AS gating
          FROM comparisons c CROSS JOIN LATERAL json_array_elements(c.comparison_json::json -> 'rows') AS j(value)
          WHERE c.run_id = ANY(${ids}::bigint[]) AND j.value ->> 'verdict' IN ('regressed', 'improved')`
        return { bases: [...b], changes: [...c] }
      })
    } catch (e) {
      // A comparison that is not JSON (22P02): loadComparisons names the run and the fix.
      if ((e as { code?: string }).code === '22P02') await this.loadComparisons(runIds)
      throw pgError(e, this.location, 'reading the verdicts')
    }
    for (const r of rows.bases) {
      bases.set(Number(r.run_id), {
        createdAt: String(r.base_created_at), sha: r.base_sha === null ? null : String(r.base_sha),
        branch: r.base_branch === null ? null : String(r.base_branch), runId: r.base_run_id === null ? null : Number(r.base_run_id),
      })
    }
    for (const r of rows.changes) {
      changes.push({ runId: Number(r.run_id), id: String(r.id), metric: String(r.metric), verdict: r.verdict as StoredChange['verdict'], gating: r.gating === true })
    }
    return { bases, changes }
  }

  /**
   * One transaction: the branch's row is created if missing (ON CONFLICT DO NOTHING: of runners creating it at
   * once, one does, the others wait for its commit and find it), then locked (FOR UPDATE: the others wait for
   * this commit and then read what it wrote), then replaced only if this run is newer, by a compare-and-set on
   * its version. So whichever order the transactions commit in, the baseline ends as the newest run.
   */
  promoteBaseline(branch: string, runId: number, now = new Date()): Promise<PromoteResult> {
    const at = now.toISOString()
    return this.transaction(`promoting run ${runId} to the baseline of ${branch}`, async tx => {
      const [run] = await tx`SELECT created_at FROM runs WHERE id = ${runId} FOR KEY SHARE`
      if (!run) throw noSuchRun(this.location, { id: runId })
      const candidate = { runId, createdAt: String(run.created_at) }
      const [created] = await tx`INSERT INTO baselines (branch, run_id, version, promoted_at) VALUES (${branch}, ${runId}, 1, ${at})
        ON CONFLICT (branch) DO NOTHING RETURNING version`
      if (created) return { promoted: true, baseline: { branch, ...candidate, version: 1, promotedAt: at } }
      // The lock on the row alone, then its run: a join here would be re-checked against the old run row after
      // waiting for another promoter (READ COMMITTED re-reads only the locked row) and find nothing.
      const [locked] = await tx`SELECT branch, run_id, version, promoted_at FROM baselines WHERE branch = ${branch} FOR UPDATE`
      const [base] = await tx`SELECT created_at FROM runs WHERE id = ${locked!.run_id}`
      const current = baselineOf({ ...locked!, created_at: base!.created_at })
      if (!newerRun(candidate, current)) return { promoted: false, baseline: current }
      const changed = await tx`UPDATE baselines SET run_id = ${runId}, version = ${current.version + 1}, promoted_at = ${at}
        WHERE branch = ${branch} AND version = ${current.version}`
      if (changed.count !== 1) throw new Error(`baseline of ${branch} changed under its row lock`) // cannot happen: FOR UPDATE above
      return { promoted: true, baseline: { branch, ...candidate, version: current.version + 1, promotedAt: at } }
    })
  }

  branchBaseline(branch: string): Promise<BranchBaseline | null> {
    return this.run(`reading the baseline of ${branch}`, async () => {
      // a history at a schema before 5, opened for reading as it is
      const [table] = await this.sql`SELECT to_regclass(${`${this.schema}.baselines`}) IS NOT NULL AS present`
      if (!table?.present) return null
      const [row] = await this.sql`SELECT b.branch, b.run_id, b.version, b.promoted_at, r.created_at FROM baselines b JOIN runs r ON r.id = b.run_id
        WHERE b.branch = ${branch}`
      return row ? baselineOf(row) : null
    })
  }

  async close(): Promise<void> {
    await this.sql.end({ timeout: 5 })
  }
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) out.push(rows.slice(i, i + ROWS_PER_INSERT))
  return out
}

// SQLSTATE classes and codes (PostgreSQL, Appendix A) that are the environment's doing, not a bug.
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'CONNECT_TIMEOUT'])
const LOST = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'EPIPE'])

/**
 * The client's and the server's failures as one line naming the history (its URL without the password).
 * Anything else (a query we got wrong) comes back unchanged: a bug.
 */
export function pgError(e: unknown, display: string, doing: string): unknown {
  if (isSwarmbenchError(e)) return e
  const err = e as { code?: unknown; message?: unknown; name?: unknown }
  const code = typeof err?.code === 'string' ? err.code : ''
  const msg = String(err?.message ?? e)
  const at = (problem: string, fix: string) => new SwarmbenchError(problem, { file: display, fix, cause: e })
  if (UNREACHABLE.has(code)) {
    return at(`cannot reach the PostgreSQL server (${code}) while ${doing}; nothing was changed`, 'check the host and port in the history URL and that the server is running')
  }
  if (LOST.has(code)) return at(`the connection to the PostgreSQL server was lost while ${doing}; the open transaction was rolled back`, 'run again; check the server\'s log if it keeps happening')
  if (err?.name !== 'PostgresError') return e
  switch (code) {
    case '28P01': case '28000':
      return at(`PostgreSQL refused the login (${msg})`, 'set the right password in PGPASSWORD (or the whole URL in SWARMBENCH_HISTORY_URL)')
    case '3D000':
      return at(`the database does not exist (${msg})`, 'create it (createdb) or correct the database name in the history URL')
    case '42501':
      return at(`PostgreSQL denied ${doing} (${msg})`, 'grant this user CREATE and USAGE on the database (or the schema), or use another user')
    case '53100':
      return at(`the PostgreSQL server's disk is full (${msg}) while ${doing}; nothing was saved`, 'free space on the server, then run again')
    case '53300': case '57P03':
      return at(`the PostgreSQL server takes no more connections now (${msg})`, 'run again later, or raise max_connections on the server')
    case '57P01': case '57P02':
      return at(`the PostgreSQL server shut down while ${doing} (${msg}); the open transaction was rolled back`, 'run again once the server is back')
    case '40001': case '40P01':
      return at(`the history was too busy: ${doing} conflicted with other writers ${RETRIES} times (${msg}); nothing was saved`, 'run again')
    case '42P01': case '42703':
      return at(`the history is missing part of its schema (${msg}): it was damaged or changed by another program`, 'restore it from a backup, or point the URL at a new ?schema=')
    default:
      return e
  }
}
