// The PostgreSQL history against a real server: a throwaway cluster of Debian's postgresql package, started
// once for this file (see test/helpers/postgres-cluster.ts). Every test works in its own schema (?schema=).
// Without PostgreSQL these tests are skipped with one line saying why, except in CI, where .ci/run installs it.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/index.ts'
import { outputPaths, parseOptions } from '../../src/plugin/options.ts'
import { loadReportData } from '../../src/report/html/index.ts'
import { finishRun } from '../../src/run/finish.ts'
import { writeBaselineFile, readBaselineFile } from '../../src/store/baseline-file.ts'
import { MIGRATIONS, HISTORY_SCHEMA_VERSION } from '../../src/store/history-schema.ts'
import { displayLocation, parsePgLocation } from '../../src/store/location.ts'
import { openStore } from '../../src/store/open.ts'
import { PG_MIGRATIONS } from '../../src/store/postgres-schema.ts'
import { copyInto, copyRow } from '../../src/store/pg-copy.ts'
import { PostgresHistoryStore } from '../../src/store/postgres-store.ts'
import { createRng } from '../../src/random/index.ts'
import { sampleBaseline } from '../helpers/baselines.ts'
import { writeFixtureHistory } from '../helpers/report-history.ts'
import { postgresMissing, startCluster, type Cluster } from '../helpers/postgres-cluster.ts'
import { historyContract } from './contract.ts'
import { syntheticRun } from './synthetic.ts'

const missing = postgresMissing()
if (missing && process.env.CI) throw new Error(`${missing}. CI must have it: .ci/run installs it`)
if (missing) console.warn(`swarmbench: PostgreSQL tests skipped: ${missing}`)

let cluster: Cluster
let n = 0
const fresh = (name = 't') => `${cluster.url}?schema=${name}_${++n}`
beforeAll(async () => {
  if (missing) return
  cluster = await startCluster({ fsync: false })
  console.warn(`swarmbench: PostgreSQL test cluster ready in ${Math.round(cluster.setupMs)} ms`)
}, 300_000)
afterAll(() => cluster?.stop())

async function rejection(p: Promise<unknown>): Promise<string> {
  try { await p } catch (e) { return (e as Error).message }
  throw new Error('expected a rejection')
}

async function sqlOf(url: string) {
  const store = await openStore(url)
  return { store: store as PostgresHistoryStore, sql: (store as PostgresHistoryStore).sql }
}

if (missing) describe.skip('PostgreSQL history (skipped: PostgreSQL is not installed)', () => { test('skipped', () => {}) })
else {
  historyContract('PostgreSQL', () => ({
    fresh: () => openStore(fresh('contract')),
    reopen: (store, mode) => openStore(store.location, { mode }),
  }))

  describe('PostgreSQL history', () => {
    test('its migrations pair with the SQLite ones; the version is recorded; runners opening at once migrate once', async () => {
      expect(PG_MIGRATIONS).toHaveLength(MIGRATIONS.length)
      const url = fresh('migrate')
      const stores = await Promise.all(Array.from({ length: 6 }, () => openStore(url)))
      try {
        const { sql } = stores[0] as PostgresHistoryStore
        expect(await sql`SELECT key, value FROM swarmbench_meta ORDER BY key`).toEqual([
          { key: 'application', value: 'swarmbench' }, { key: 'schema_version', value: String(HISTORY_SCHEMA_VERSION) }])
        const tables = await sql`SELECT table_name FROM information_schema.tables WHERE table_schema = ${'migrate_' + n} ORDER BY table_name`
        expect(tables.map(t => t.table_name)).toEqual(['baselines', 'benchmarks', 'comparisons', 'metrics', 'results', 'run_benchmarks', 'runs', 'samples', 'swarmbench_meta'])
      } finally { await Promise.all(stores.map(s => s.close())) }
    })

    test('refused with one line: an empty schema for reading, a newer schema, another application\'s tables, a closed port', async () => {
      expect(await rejection(openStore(fresh('empty'), { mode: 'read' }))).toMatch(/\?schema=empty_\d+: this PostgreSQL database holds no swarmbench history yet \(schema empty_\d+\)\. Fix: check the URL/)
      const newer = fresh('newer')
      const { store, sql } = await sqlOf(newer)
      await sql`UPDATE swarmbench_meta SET value = '99' WHERE key = 'schema_version'`
      await store.close()
      expect(await rejection(openStore(newer))).toMatch(/history written by a newer swarmbench \(schema 99; this version knows up to \d+\)\. Fix: upgrade swarmbench/)
      const foreignUrl = fresh('foreign')
      const other = await sqlOf(`${cluster.url}?schema=public`)
      await other.sql`CREATE SCHEMA ${other.sql(`foreign_${n}`)}`
      await other.sql`CREATE TABLE ${other.sql(`foreign_${n}`)}.orders (id int)`
      await other.store.close()
      expect(await rejection(openStore(foreignUrl))).toMatch(/the PostgreSQL schema foreign_\d+ holds another application's tables \(orders\), not a swarmbench history; nothing was changed\. Fix: add \?schema=/)
      const closed = 'postgres://someone:s3cret-pw@127.0.0.1:1/db'
      const message = await rejection(openStore(closed))
      expect(message).toMatch(/^postgres:\/\/someone@127\.0\.0\.1:1\/db: cannot reach the PostgreSQL server \(ECONNREFUSED\) while opening the history; nothing was changed\. Fix: check the host and port/)
      expect(message).not.toContain('s3cret')
    })

    test('a password is taken from the environment only, and never shown', () => {
      const url = 'postgres://ci:hunter2@db.example:5432/bench?schema=team_a'
      expect(parsePgLocation(url, 'env')).toEqual({ url: 'postgres://ci:hunter2@db.example:5432/bench', schema: 'team_a', display: 'postgres://ci@db.example:5432/bench?schema=team_a' })
      expect(() => parsePgLocation(url, 'option')).toThrow(/the history URL in the plugin option `history` holds a password.*Fix: remove the password from the URL and set PGPASSWORD, or put the whole URL in SWARMBENCH_HISTORY_URL/)
      expect(() => parsePgLocation(url, 'flag')).toThrow(/in --history holds a password/)
      expect(() => parsePgLocation('postgres://h/db?schema=Robert%27);DROP', 'env')).toThrow(/schema 'Robert'\);DROP' is not a plain PostgreSQL name/)
      expect(displayLocation(url)).toBe('postgres://ci@db.example:5432/bench?schema=team_a')
      expect(displayLocation('/tmp/h.sqlite')).toBe('/tmp/h.sqlite')
    })

    test('16 concurrent writers × 20 runs each lose no row; shared benchmarks are stored once', async () => {
      const url = fresh('writers')
      const writers = await Promise.all(Array.from({ length: 16 }, () => openStore(url)))
      try {
        const ids = await Promise.all(writers.map(async (store, w) => {
          const mine: number[] = []
          for (let i = 0; i < 20; i++) mine.push(await store.saveRun(syntheticRun({ writer: w, index: i, benchmarks: 12, samples: 50 })))
          return mine
        }))
        expect(new Set(ids.flat()).size).toBe(320)
        const { sql } = writers[0] as PostgresHistoryStore
        expect(await sql`SELECT (SELECT COUNT(*) FROM runs) AS runs, (SELECT COUNT(*) FROM results) AS results, (SELECT COUNT(*) FROM samples) AS samples,
          (SELECT COUNT(*) FROM metrics) AS metrics, (SELECT COUNT(*) FROM benchmarks) AS benchmarks`).toEqual([{ runs: 320, results: 320 * 12, samples: 320 * 12, metrics: 320 * 3, benchmarks: 12 }])
        // every writer's every run is there, whole
        for (let w = 0; w < 16; w++) {
          const runs = await writers[0]!.listRuns({ branch: `writer-${w}`, limit: 100 })
          expect(runs.map(r => r.createdAt).toSorted()).toEqual(Array.from({ length: 20 }, (_, i) => syntheticRun({ writer: w, index: i, benchmarks: 0, samples: 2 }).run.createdAt))
          expect(runs.every(r => r.benchmarks === 12 && r.metrics === 3)).toBe(true)
        }
        const one = await writers[3]!.loadRun({ id: ids[5]![7]! })
        expect(one).toEqual(syntheticRun({ writer: 5, index: 7, benchmarks: 12, samples: 50 }))
      } finally { await Promise.all(writers.map(s => s.close())) }
    })

    test('a writer killed with SIGKILL in the middle of its transaction leaves no partial run', async () => {
      const url = fresh('killed')
      const { store, sql } = await sqlOf(url)
      try {
        await store.saveRun(syntheticRun({ writer: 0, index: 0, benchmarks: 5, samples: 20 }))
        const child = spawn(process.execPath, [join(import.meta.dirname, 'pg-writer.ts'), url, '1', '1', '3000'], { stdio: ['ignore', 'pipe', 'pipe'] })
        let stderr = ''
        child.stderr.on('data', d => { stderr += String(d) })
        const exited = new Promise<NodeJS.Signals | null>(resolve => child.once('exit', (_code, signal) => resolve(signal)))
        // Wait until its transaction has written rows (it holds a transaction id), then kill it.
        let inTransaction = false
        for (let i = 0; i < 6000 && !inTransaction && child.exitCode === null; i++) {
          const [row] = await sql`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = 'swarmbench' AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`
          inTransaction = Number(row!.n) > 0
          if (!inTransaction) await new Promise(r => setTimeout(r, 10))
        }
        expect(inTransaction, `the writer never began its transaction: ${stderr}`).toBe(true)
        child.kill('SIGKILL')
        expect(await exited).toBe('SIGKILL')
        // The server notices the closed socket and rolls the transaction back.
        for (let i = 0; i < 500; i++) {
          const [row] = await sql`SELECT COUNT(*) AS n FROM pg_stat_activity WHERE application_name = 'swarmbench' AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`
          if (Number(row!.n) === 0) break
          await new Promise(r => setTimeout(r, 20))
        }
        expect(await sql`SELECT (SELECT COUNT(*) FROM runs) AS runs, (SELECT COUNT(*) FROM results) AS results, (SELECT COUNT(*) FROM run_benchmarks) AS members,
          (SELECT COUNT(*) FROM metrics) AS metrics, (SELECT COUNT(*) FROM samples) AS samples`).toEqual([{ runs: 1, results: 5, members: 5, metrics: 2, samples: 5 }])
        // and the history takes the next run at once (no lock left behind)
        expect(await store.saveRun(syntheticRun({ writer: 2, index: 0, benchmarks: 5, samples: 20 }))).toBeGreaterThan(1)
      } finally { await store.close() }
    })

    test('binary COPY: every column type round-trips; a COPY the server rejects after its last row, or mid-stream, throws its own error and never hangs', async () => {
      const { store, sql } = await sqlOf(fresh('copy'))
      try {
        await sql`CREATE TABLE parent (id BIGINT PRIMARY KEY)`
        await sql`CREATE TABLE copied (a BIGINT, b INTEGER, c DOUBLE PRECISION, d BOOLEAN, e TEXT, f BYTEA, p BIGINT REFERENCES parent (id))`
        await sql`INSERT INTO parent VALUES (1)`
        const types = ['int8', 'int4', 'float8', 'bool', 'text', 'bytea', 'int8'] as const
        const big = Buffer.alloc(300_000, 7) // more than one CopyData batch
        await sql.begin(tx => copyInto(tx, 'copied', ['a', 'b', 'c', 'd', 'e', 'f', 'p'], types, [
          [-(2 ** 53) + 1, -2_147_483_648, -0.125, true, 'naïve ✓ \t\n', Buffer.from([0, 255, 10]), 1],
          [2 ** 53 - 1, 2_147_483_647, Number.MAX_VALUE, false, '', Buffer.alloc(0), null],
          [null, null, null, null, null, null, null],
          [0, 0, Infinity, true, 'x', big, 1],
        ]))
        const rows = await sql`SELECT a, b, c, d, e, f, p FROM copied ORDER BY a NULLS LAST, e`
        expect(rows.map(r => ({ ...r }))).toEqual([
          { a: -(2 ** 53) + 1, b: -2_147_483_648, c: -0.125, d: true, e: 'naïve ✓ \t\n', f: Buffer.from([0, 255, 10]), p: 1 },
          { a: 0, b: 0, c: Infinity, d: true, e: 'x', f: big, p: 1 },
          { a: 2 ** 53 - 1, b: 2_147_483_647, c: Number.MAX_VALUE, d: false, e: '', f: Buffer.alloc(0), p: null },
          { a: null, b: null, c: null, d: null, e: null, f: null, p: null },
        ])
        // A foreign key is checked at the statement's end, after the last row: the case postgres.js leaves hanging.
        const late = await rejection(sql.begin(tx => copyInto(tx, 'copied', ['a', 'p'], ['int8', 'int8'], [[1, 1], [2, 42]])))
        expect(late).toMatch(/violates foreign key constraint/)
        // A malformed row is refused while rows are still being sent (a text value into a bigint column).
        const rowsOfWrongType = function* () { for (let i = 0; i < 20_000; i++) yield [`not a number ${i}`] }
        expect(await rejection(sql.begin(tx => copyInto(tx, 'copied', ['a'], ['text'], rowsOfWrongType())))).toMatch(/incorrect binary data format/)
        expect(() => copyRow(['int4'], [2 ** 31])).toThrow(RangeError)
        expect(() => copyRow(['int8'], [1.5])).toThrow(/safe integer/)
        expect(() => copyRow(['bytea'], ['text'])).toThrow(/Buffer/)
        expect(() => copyRow(['int4', 'int4'], [1])).toThrow(/2 types for 1 values/)
        // nothing of the failed COPYs stayed, and the connections still work
        expect(await sql`SELECT COUNT(*) AS n FROM copied`).toEqual([{ n: 4 }])
        expect(await store.saveRun(syntheticRun({ writer: 1, index: 0, benchmarks: 3, samples: 10 }))).toBe(1)
      } finally { await store.close() }
    })

    test("12 runners promoting their runs to one branch's baseline at the same moment leave one consistent baseline: the newest run", async () => {
      const url = fresh('promote')
      const runners = await Promise.all(Array.from({ length: 12 }, () => openStore(url)))
      const rng = createRng(21)
      try {
        let version = 0
        for (let round = 0; round < 8; round++) {
          // Each runner stores its run; which runner measured last changes from round to round (seeded).
          const order = rng.shuffle(Array.from({ length: 12 }, (_, i) => i))
          const runs = await Promise.all(runners.map((store, w) => store.saveRun(syntheticRun({ writer: order[w]!, index: round * 100, benchmarks: 2, samples: 5 }))))
          const newest = runs[order.indexOf(11)]! // writer 11's createdAt is the latest of the round
          // All promote at once: 12 transactions on 12 connections.
          const results = await Promise.all(runners.map((store, w) => store.promoteBaseline('main', runs[w]!)))
          const { sql } = runners[0] as unknown as PostgresHistoryStore
          const rows = await sql`SELECT run_id, version FROM baselines WHERE branch = 'main'`
          expect(rows).toEqual([{ run_id: newest, version: expect.any(Number) }])
          const won = results.filter(r => r.promoted)
          // each change took the next version, one at a time; the last is the table's; the newest run always got in
          expect(won.map(r => r.baseline.version).toSorted((a, b) => a - b)).toEqual(Array.from({ length: won.length }, (_, i) => version + 1 + i))
          version += won.length
          expect(rows[0]!.version).toBe(version)
          expect(won.some(r => r.baseline.runId === newest)).toBe(true)
          // a runner told "not promoted" was shown a baseline newer than its own run
          for (const [w, r] of results.entries()) if (!r.promoted) expect(r.baseline.createdAt >= syntheticRun({ writer: order[w]!, index: round * 100, benchmarks: 0, samples: 2 }).run.createdAt).toBe(true)
          expect(await runners[5]!.branchBaseline('main')).toMatchObject({ runId: newest, version })
        }
      } finally { await Promise.all(runners.map(s => s.close())) }
    })

    test('the CLI on a PostgreSQL history: history list/show/prune, baseline save --branch, gate --branch', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'swarmbench-pgcli-'))
      const url = fresh('cli')
      const cli = async (...argv: string[]) => {
        let out = '', err = ''
        const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: { SWARMBENCH_HISTORY_URL: url }, cwd: dir })
        return { code, out, err }
      }
      try {
        const store = await openStore(url)
        try {
          for (let i = 0; i < 3; i++) await store.saveRun(sampleBaseline({ seed: i + 1, createdAt: `2026-11-1${i}T00:00:00.000Z`, tokens: 1000 + i }))
        } finally { await store.close() }
        const list = await cli('history', 'list', '--format', 'json')
        expect(list.err).toBe('')
        expect(JSON.parse(list.out).map((r: { id: number }) => r.id)).toEqual([3, 2, 1])
        expect((await cli('history', 'show', 'latest')).out).toMatch(/^run latest · 2026-11-12T00:00:00.000Z/)
        const saved = await cli('baseline', 'save', '--branch', 'main')
        expect(saved.code).toBe(0)
        expect(saved.out).toMatch(/^baseline of main in postgres:\/\/swarmbench@127\.0\.0\.1:\d+\/postgres\?schema=cli_\d+ ← run 3 \(version 1\)\n/)
        expect(readBaselineFile(join(dir, '.swarmbench/baseline.json')).run.createdAt).toBe('2026-11-12T00:00:00.000Z')
        // A later-stored run measured earlier (a slow runner) is the branch's latest run but not newer than its baseline.
        const late = await openStore(url)
        try { await late.saveRun(sampleBaseline({ seed: 4, createdAt: '2026-11-05T00:00:00.000Z', tokens: 5000 })) } finally { await late.close() }
        expect((await cli('baseline', 'save', '--branch', 'main')).out).toMatch(/ stays run 3: a newer run than run 4 \(version 1\); the newer run always wins\n/)
        expect(readBaselineFile(join(dir, '.swarmbench/baseline.json')).run.createdAt).toBe('2026-11-12T00:00:00.000Z')
        // Timing from one process per side is not gated without a history of such runs; the token count is.
        writeBaselineFile(join(dir, 'slow.json'), sampleBaseline({ scale: 2, seed: 9, tokens: 2000 }))
        // judged against the branch's baseline (run 3, 1,002 tokens), not its latest run (run 4, 5,000 tokens)
        const gate = await cli('gate', '--branch', 'main', '--history', url, '--current', 'slow.json')
        expect(gate.code).toBe(1)
        expect(gate.err + gate.out).toMatch(/FAIL: \d+ regression/)
        // A PostgreSQL history judges a single run's timing too (--history is a URL, not a path to resolve).
        const noisy = await openStore(url)
        try {
          for (let i = 0; i < 10; i++) await noisy.saveRun(sampleBaseline({ seed: 11 + 2 * i, createdAt: `2026-11-15T10:0${i}:00.000Z` }))
        } finally { await noisy.close() }
        writeBaselineFile(join(dir, 'base.json'), sampleBaseline({ seed: 1, createdAt: '2026-11-15T11:00:00.000Z' }))
        writeBaselineFile(join(dir, 'slow2.json'), sampleBaseline({ scale: 2, seed: 9, createdAt: '2026-11-21T00:00:00.000Z' }))
        const judged = await cli('compare', 'base.json', 'slow2.json', '--history', url, '--format', 'json')
        expect(judged.err).toBe('')
        expect(JSON.parse(judged.out).rows.find((r: { metric: string; id: string }) => r.metric === 'latency' && r.id.endsWith('quick')))
          .toMatchObject({ verdict: 'regressed', method: 'history', judgedOn: expect.stringMatching(/^history: \d+ earlier single-process runs$/) })
        // gate --baseline reads the same history (SWARMBENCH_HISTORY_URL): the single run's timing is judged from it,
        // and gate.md draws the regression's trend from it, the head (not stored) last.
        const gated = await cli('gate', '--baseline', 'base.json', '--current', 'slow2.json')
        expect(gated.err).toBe('')
        expect(gated.code).toBe(1)
        const gateMd = readFileSync(join(dir, '.swarmbench/gate.md'), 'utf8')
        expect(gateMd.match(/```mermaid/g)).toHaveLength(1)
        expect(gateMd).toMatch(/title "a\.bench\.ts › sorting › quick · latency"\n {4}x-axis \[("#\d+", ){14}"head"\]/)
        // its note column names the history once, then how far the head lies from it
        expect(gateMd).toMatch(/; judged on history: 14 earlier single-process runs; \\?[+-][\d.]+% from the history's mean \\\(between-run sd [\d.]+%\\\) \|/)
        expect(gateMd).not.toMatch(/judged on history[^|]*judged on history/)
        expect((await cli('history', 'prune', '--keep', '1')).out).toBe('deleted 12 run(s)\n')
        expect((await cli('history', 'list', '--history', `${cluster.url.replace('swarmbench@', 'swarmbench:pw@')}`)).err).toMatch(/--history holds a password/)
      } finally { rmSync(dir, { recursive: true, force: true }) }
    })

    test('swarmbench ingest stores into a PostgreSQL history and gates the 2× slower go runs (3 vs 3 rounds)', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'swarmbench-pgingest-'))
      const url = fresh('ingest')
      const go = (name: string) => [1, 2, 3].map(i => join(import.meta.dirname, `../fixtures/ingest/go/${name}${i === 1 ? '' : `-${i}`}.txt`))
      const cli = async (...argv: string[]) => {
        let out = '', err = ''
        const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: { SWARMBENCH_HISTORY_URL: url }, cwd: dir })
        return { code, out, err }
      }
      try {
        expect(await cli('ingest', '--format', 'go-bench', ...go('base'))).toMatchObject({ code: 0, err: '' })
        const slow = await cli('ingest', '--format', 'go-bench', ...go('slow'), '--gate')
        expect(slow.code).toBe(1)
        expect(slow.err).toContain('BenchmarkFib/n=15 latency +')
        const { store, sql } = await sqlOf(url)
        try {
          expect(await sql`SELECT COUNT(*)::int AS n FROM runs`).toEqual([{ n: 2 }])
          const latest = await store.loadRun('latest')
          expect(latest.run.env.runner).toBe('swarmbench ingest: go test -bench')
          expect(latest.entries['go-bench › example.com/swarmbench/ingestfixture › BenchmarkFib › BenchmarkFib/n=15']!.rounds).toHaveLength(3)
        } finally { await store.close() }
      } finally { rmSync(dir, { recursive: true, force: true }) }
    })

    test('the HTML report on a PostgreSQL history: every run\'s report.html and Mermaid chart, swarmbench report, a damaged comparison', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'swarmbench-pgreport-'))
      const url = fresh('report')
      try {
        // The reporter's finish step, with the history in PostgreSQL (the URL from the environment, as in CI).
        const env = { SWARMBENCH_HISTORY_URL: url }
        const o = parseOptions({ print: false })
        const paths = outputPaths(dir, o, 'test', env)
        expect(paths.history).toBe(url)
        const logger = { log: () => {}, error: (s: string) => { throw new Error(`unexpected error line: ${s}`) } }
        await finishRun(sampleBaseline(), paths, o, logger, env)
        await finishRun(sampleBaseline({ seed: 2, createdAt: '2026-11-21T00:00:00.000Z' }), paths, o, logger, env)
        const worse = await finishRun(sampleBaseline({ seed: 9, tokens: 1100, createdAt: '2026-11-22T00:00:00.000Z' }), paths, o, logger, env)
        expect(worse).toMatchObject({ failures: [], exitCode: 0, html: paths.report })
        expect(readFileSync(paths.markdown, 'utf8')).toMatch(/```mermaid\nxychart-beta\n {4}title "a\.bench\.ts › sorting › merge · tokens"\n {4}x-axis \["#1", "#2", "#3"\]/)
        const page = readFileSync(paths.report!, 'utf8')
        expect(page).toContain('<strong>FAIL</strong> · gating: 1 regression')
        expect(page.match(/<svg class="chart trend"/g)).toHaveLength(4)
        expect(page).toContain(`from ${displayLocation(url)}`)

        // swarmbench report over the same kind of history.
        const other = fresh('report_cli')
        await writeFixtureHistory(other, 6)
        let out = '', err = ''
        const code = await main(['report', '--out', 'r.html', '--branch', 'feature/<b>x</b>'], { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: { SWARMBENCH_HISTORY_URL: other }, cwd: dir })
        expect({ code, err }).toEqual({ code: 0, err: '' })
        expect(out).toMatch(/^swarmbench: report → .*r\.html \(\d+ KiB; 3 run\(s\), 20 trend\(s\), 20 diff row\(s\)\)\n$/)
        expect(readFileSync(join(dir, 'r.html'), 'utf8')).toContain('<strong>FAIL</strong> · gating: 2 regressions')

        // A comparison damaged in the database: one line naming the run and how to delete it; nothing written.
        const { store, sql } = await sqlOf(other)
        try {
          await sql`UPDATE comparisons SET comparison_json = '{not json' WHERE run_id = 6`
          expect(await rejection(loadReportData(store))).toMatch(/stored comparison of run 6 is not valid JSON.*Fix: delete it with `psql/)
        } finally { await store.close() }
        const bad = await main(['report', '--out', 'bad.html'], { out: () => {}, err: s => { err += s }, isTTY: false, env: { SWARMBENCH_HISTORY_URL: other }, cwd: dir })
        expect(bad).toBe(2)
        expect(err.trim().split('\n')).toEqual([expect.stringMatching(/stored comparison of run 6 is not valid JSON/)])
        expect(existsSync(join(dir, 'bad.html'))).toBe(false)
      } finally { rmSync(dir, { recursive: true, force: true }) }
    })
  })
}
