import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { sampleBaseline } from '../../test/helpers/baselines.ts'
import { findRunId, HISTORY_APPLICATION_ID, listRuns, loadRun, openHistory, pruneRuns, saveRun } from './history.ts'
import { inTransaction } from './sqlite-errors.ts'
import { HISTORY_SCHEMA_VERSION } from './history-schema.ts'
import { compareBaselines } from '../compare/index.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-h-')) })
afterEach(() => { chmodSync(dir, 0o755); rmSync(dir, { recursive: true, force: true }) })

function thrown(fn: () => unknown): string {
  try { fn() } catch (e) { return (e as Error).message }
  throw new Error('expected a throw')
}

describe('history store', () => {
  test('a saved run loads back as the same baseline', () => {
    const h = openHistory(join(dir, 'h.sqlite'))
    const b = sampleBaseline()
    const id = saveRun(h, b)
    expect(loadRun(h, { id })).toEqual(b)
    expect(loadRun(h, 'latest')).toEqual(b)
    expect(loadRun(h, { branch: 'main' })).toEqual(b)
    h.close()
  })

  test("a rate's counts survive the round trip, so a run re-read from the history is still judged by the exact test", () => {
    const file = join(dir, 'h.sqlite')
    const rated = (k: number) => {
      const b = sampleBaseline()
      b.entries['bench › a.bench.ts › sorting › merge']!.metrics['success_rate'] = {
        unit: 'ratio', better: 'higher', kind: 'quality', provenance: { kind: 'stand-in' },
        rounds: [{ value: k / 30, counts: { successes: k, trials: 30 } }, { value: 1, counts: { successes: 5, trials: 5 } }],
      }
      return b
    }
    const h = openHistory(file)
    const id = saveRun(h, rated(27))
    const back = loadRun(h, { id })
    expect(back).toEqual(rated(27))
    const row = compareBaselines(back, rated(9)).rows.find(r => r.metric === 'success_rate')!
    expect(row.note).toMatch(/14\/35 vs 32\/35.*Barnard exact p/)
    expect(row.verdict).toBe('regressed')
    // a history of schema 3 (before counts) opens read-only as it is, and its rates read without counts
    h.db.exec('DROP TABLE baselines; ALTER TABLE metrics DROP COLUMN successes; ALTER TABLE metrics DROP COLUMN trials; PRAGMA user_version = 3')
    h.close()
    const old = openHistory(file, { readOnly: true })
    expect(loadRun(old, { id }).entries['bench › a.bench.ts › sorting › merge']!.metrics['success_rate']!.rounds).toEqual([{ value: 0.9 }, { value: 1 }])
    old.close()
    // a writer migrates it and keeps its rows; counts stored from then on come back
    const w = openHistory(file)
    expect(loadRun(w, { id }).entries['bench › a.bench.ts › sorting › merge']!.metrics['success_rate']!.rounds).toEqual([{ value: 0.9 }, { value: 1 }])
    expect(loadRun(w, { id: saveRun(w, rated(9)) })).toEqual(rated(9))
    w.close()
  })

  test('uses WAL, a busy timeout and a schema version', () => {
    const file = join(dir, 'h.sqlite')
    openHistory(file).close()
    const db = new DatabaseSync(file)
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' })
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: HISTORY_SCHEMA_VERSION })
    db.close()
    // reopening does not migrate twice
    const h = openHistory(file)
    expect(Number((h.db.prepare('PRAGMA busy_timeout').get() as { timeout: number }).timeout)).toBeGreaterThanOrEqual(5000)
    h.close()
  })

  test('lists runs newest first, filtered by benchmark and branch, and prunes', () => {
    const h = openHistory(join(dir, 'h.sqlite'))
    for (let i = 0; i < 5; i++) saveRun(h, sampleBaseline({ createdAt: `2026-11-0${i + 1}T00:00:00.000Z` }))
    const feature = sampleBaseline({ createdAt: '2026-11-10T00:00:00.000Z' })
    feature.run.git.branch = 'feature/x'
    delete feature.entries['bench › a.bench.ts › sorting › quick']
    saveRun(h, feature)
    expect(listRuns(h).map(r => r.id)).toEqual([6, 5, 4, 3, 2, 1])
    expect(listRuns(h, { limit: 2 })).toMatchObject([{ id: 6, branch: 'feature/x', benchmarks: 1, metrics: 2 }, { id: 5, benchmarks: 2 }])
    expect(listRuns(h, { bench: 'sorting › quick' }).map(r => r.id)).toEqual([5, 4, 3, 2, 1])
    expect(listRuns(h, { bench: '%' })).toEqual([]) // LIKE wildcards are literal
    expect(listRuns(h, { branch: 'feature/x' }).map(r => r.id)).toEqual([6])
    expect(pruneRuns(h, { olderThanDays: 10, now: new Date('2026-11-13T12:00:00Z') })).toBe(3)
    expect(pruneRuns(h, { keep: 2 })).toBe(1)
    expect(listRuns(h).map(r => r.id)).toEqual([6, 5])
    expect(h.db.prepare('SELECT COUNT(*) AS n FROM results').get()).toEqual({ n: 3 })
    expect(findRunId(h, { id: 1 })).toBeNull()
    expect(thrown(() => loadRun(h, { id: 1 }))).toMatch(/no run with id 1.*Fix: list the runs/)
    expect(thrown(() => loadRun(h, { branch: 'nope' }))).toMatch(/no run on branch nope/)
    h.close()
  })

  test('an empty history says so', () => {
    const h = openHistory(join(dir, 'h.sqlite'))
    expect(thrown(() => loadRun(h, 'latest'))).toMatch(/history has no runs yet/)
    h.close()
    expect(thrown(() => openHistory(join(dir, 'missing.sqlite'), { readOnly: true }))).toMatch(/no history database here/)
  })

  test('a file that is not SQLite is refused and left untouched', () => {
    const file = join(dir, 'h.sqlite')
    const text = 'these are my notes, not a database\n'.repeat(200)
    writeFileSync(file, text)
    expect(thrown(() => openHistory(file))).toMatch(/h\.sqlite: this file is not a SQLite database.*Fix: move it aside/)
    expect(readFileSync(file, 'utf8')).toBe(text)
  })

  test('a history from a newer swarmbench is refused, its rows kept', () => {
    const file = join(dir, 'h.sqlite')
    const h = openHistory(file)
    saveRun(h, sampleBaseline())
    h.db.exec('PRAGMA user_version = 99')
    h.close()
    expect(thrown(() => openHistory(file))).toMatch(/newer swarmbench \(schema 99.*Fix: upgrade swarmbench/)
    const db = new DatabaseSync(file)
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 1 })
    db.close()
  })

  test('a read-only directory gives one clear line and loses no row', async () => {
    chmodSync(dir, 0o755) // mkdtemp makes it owner-only; the unprivileged writer must reach ro/
    const ro = join(dir, 'ro')
    mkdirSync(ro)
    const file = join(ro, 'h.sqlite')
    const h = openHistory(file)
    saveRun(h, sampleBaseline())
    h.close()
    chmodSync(ro, 0o555)
    chmodSync(file, 0o444)
    // root ignores permissions, so the attempt runs as an unprivileged user when we are root
    const script = `import { openHistory, saveRun } from ${JSON.stringify(resolve(import.meta.dirname, 'history.ts'))}
import { sampleBaseline } from ${JSON.stringify(resolve(import.meta.dirname, '../../test/helpers/baselines.ts'))}
try { const h = openHistory(${JSON.stringify(file)}); saveRun(h, sampleBaseline()); h.close(); console.log('wrote') } catch (e) { console.log(e.message) }`
    const out = await runNode(['--input-type=module', '-e', script], process.getuid?.() === 0 ? 65534 : undefined)
    expect(out.trim()).toMatch(/h\.sqlite: cannot open the history for writing \(.*\); nothing was changed\. Fix: make the file and its directory writable/)
    chmodSync(ro, 0o755)
    const db = new DatabaseSync(file, { readOnly: true })
    expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 1 })
    db.close()
  })

  test('two processes writing at once both land, each run whole', async () => {
    const file = join(dir, 'h.sqlite')
    openHistory(file).close()
    const script = (tag: number) => `import { openHistory, saveRun } from ${JSON.stringify(resolve(import.meta.dirname, 'history.ts'))}
import { sampleBaseline } from ${JSON.stringify(resolve(import.meta.dirname, '../../test/helpers/baselines.ts'))}
const h = openHistory(${JSON.stringify(file)})
for (let i = 0; i < 15; i++) saveRun(h, sampleBaseline({ seed: ${tag} * 100 + i }))
h.close(); console.log('done')`
    const outs = await Promise.all([runNode(['--input-type=module', '-e', script(1)]), runNode(['--input-type=module', '-e', script(2)])])
    expect(outs.map(o => o.trim())).toEqual(['done', 'done'])
    const h = openHistory(file)
    expect(listRuns(h, { limit: 100 })).toHaveLength(30)
    expect(h.db.prepare('SELECT COUNT(*) AS n FROM results').get()).toEqual({ n: 60 })
    expect(h.db.prepare('SELECT COUNT(*) AS n FROM metrics').get()).toEqual({ n: 60 })
    h.close()
  })
})

function runNode(args: string[], uid?: number): Promise<string> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, args, { cwd: import.meta.dirname, ...(uid !== undefined ? { uid, gid: uid } : {}), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', d => { out += d })
    child.stderr.on('data', d => { out += d })
    child.on('error', rej)
    child.on('close', () => res(out))
  })
}

const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex')

function foreignApp(file: string, sql: string, wal = false): void {
  const db = new DatabaseSync(file)
  if (wal) db.exec('PRAGMA journal_mode = WAL')
  db.exec(sql)
  db.close()
}

describe('history store: what is ours, and what is not', () => {
  const apps = {
    'notes app (user_version 0)': 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'keep me\')',
    'an app with its own runs table': 'CREATE TABLE runs (id INTEGER PRIMARY KEY, lap REAL); INSERT INTO runs (lap) VALUES (61.2)',
    'an app at user_version 1': 'CREATE TABLE t (x); PRAGMA user_version = 1',
    'an app with an application id': 'PRAGMA application_id = 1234; CREATE TABLE t (x)',
  }
  for (const [name, sql] of Object.entries(apps)) {
    test(`${name}: refused with one line by every mode, its bytes unchanged, no side files`, () => {
      const file = join(dir, 'app.db')
      foreignApp(file, sql, name.includes('runs'))
      const before = hashOf(file)
      const listing = readdirSync(dir).sort()
      for (const mode of ['read', 'write', 'create'] as const) {
        expect(thrown(() => openHistory(file, { mode }))).toMatch(/app\.db: this SQLite database belongs to another application \(.*\), not to swarmbench; nothing was changed\. Fix: set historyFile/)
      }
      expect(hashOf(file)).toBe(before)
      expect(readdirSync(dir).sort()).toEqual(listing)
    })
  }

  test('a history made before the application id was written is still ours, and gets tagged', () => {
    const file = join(dir, 'h.sqlite')
    const h = openHistory(file)
    saveRun(h, sampleBaseline())
    h.db.exec('PRAGMA application_id = 0') // as every history written before this version
    h.close()
    const again = openHistory(file)
    expect(again.db.prepare('PRAGMA application_id').get()).toEqual({ application_id: HISTORY_APPLICATION_ID })
    expect(listRuns(again)).toHaveLength(1)
    again.close()
  })

  test('an empty file: reading says so and leaves it empty; a run initializes it', () => {
    const file = join(dir, 'h.sqlite')
    writeFileSync(file, '')
    expect(thrown(() => openHistory(file, { readOnly: true }))).toMatch(/this database is empty: it holds no swarmbench history yet/)
    expect(readFileSync(file)).toHaveLength(0)
    const h = openHistory(file)
    expect(saveRun(h, sampleBaseline())).toBe(1)
    h.close()
  })

  test('read and prune on a mistyped path create nothing', () => {
    const file = join(dir, 'typo', 'histroy.sqlite')
    for (const mode of ['read', 'write'] as const) expect(thrown(() => openHistory(file, { mode }))).toMatch(/histroy\.sqlite: no history database here; nothing was created/)
    expect(readdirSync(dir)).toEqual([])
  })

  test('a folder at the history path is one line', () => {
    mkdirSync(join(dir, 'h.sqlite'))
    expect(thrown(() => openHistory(join(dir, 'h.sqlite')))).toMatch(/h\.sqlite: this path is a folder, not a history database/)
  })
})

describe('history store: SQLite failures are one line', () => {
  test('locked by another writer: the wait, then one line; nothing half-written', () => {
    const file = join(dir, 'h.sqlite')
    openHistory(file).close()
    const holder = new DatabaseSync(file)
    holder.exec('BEGIN EXCLUSIVE')
    try {
      const h = openHistory(file, { busyTimeoutMs: 50 })
      expect(thrown(() => saveRun(h, sampleBaseline()))).toMatch(/h\.sqlite: the history is locked by another process \(waited 50 ms while storing the run\); nothing was changed\. Fix: let the other run finish/)
      h.close()
    } finally { holder.exec('ROLLBACK'); holder.close() }
    const h = openHistory(file)
    expect(listRuns(h)).toEqual([])
    h.close()
  })

  test('a full disk inside the transaction: the disk-full message, not a failed ROLLBACK; earlier runs intact', () => {
    const file = join(dir, 'h.sqlite')
    const h = openHistory(file)
    saveRun(h, sampleBaseline())
    const pages = Number((h.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count)
    h.db.exec(`PRAGMA max_page_count = ${pages + 1}`) // the database may not grow: SQLite reports SQLITE_FULL
    const big = sampleBaseline({ seed: 2 })
    for (let i = 0; i < 30; i++) big.entries[`bench › big.bench.ts › t › b${i}`] = { ...Object.values(big.entries)[0]!, id: `bench › big.bench.ts › t › b${i}` }
    expect(thrown(() => saveRun(h, big))).toMatch(/h\.sqlite: the disk is full \(database or disk is full\) while storing the run; nothing was saved\. Fix: free some space/)
    expect(h.db.isTransaction).toBe(false)
    expect(listRuns(h)).toHaveLength(1)
    h.close()
  })

  test('ROLLBACK after SQLite already rolled back never replaces the first error', () => {
    const db = new DatabaseSync(':memory:')
    expect(thrown(() => inTransaction(db, () => { db.exec('ROLLBACK'); throw new Error('the error that matters') }))).toBe('the error that matters')
    // a Node without isTransaction: ROLLBACK is tried, and its own failure swallowed
    const old = { exec: (sql: string) => { if (sql === 'ROLLBACK') throw new Error('cannot rollback - no transaction is active') } }
    expect(thrown(() => inTransaction(old as unknown as DatabaseSync, () => { throw new Error('first') }))).toBe('first')
  })

  test('a damaged database and a missing table are one line each, with the way out', () => {
    const file = join(dir, 'h.sqlite')
    const h = openHistory(file)
    for (let i = 0; i < 20; i++) saveRun(h, sampleBaseline({ seed: i + 1 }))
    h.db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
    h.close()
    const bytes = readFileSync(file)
    bytes.fill(0xa5, 4096 * 3, 4096 * 9) // pages of rows, not the schema
    writeFileSync(file, bytes)
    const r = openHistory(file, { readOnly: true })
    const messages = [thrown(() => listRuns(r, { limit: 100 })), thrown(() => loadRun(r, { id: 1 }))]
    expect(messages.some(m => /h\.sqlite: the history database is damaged \(database disk image is malformed\)\. Fix: move it aside .*\.recover/.test(m))).toBe(true)
    for (const m of messages) expect(m).toMatch(/^\S*h\.sqlite: /)
    r.close()

    const other = join(dir, 'h2.sqlite')
    const h2 = openHistory(other)
    saveRun(h2, sampleBaseline())
    h2.db.exec('DROP TABLE metrics')
    expect(thrown(() => loadRun(h2, 'latest'))).toMatch(/h2\.sqlite: the history is missing part of its schema \(no such table: metrics\).*Fix: move it aside/)
    h2.close()
  })

  test('a run row edited by another program is refused with the field named', () => {
    const h = openHistory(join(dir, 'h.sqlite'))
    saveRun(h, sampleBaseline())
    h.db.exec('UPDATE results SET mean_ms = -1')
    expect(thrown(() => loadRun(h, 'latest'))).toMatch(/run 1 in the history is damaged \(field entries\[".*"\]\.rounds\[0\]\.latency\.mean: .*\).*Fix: delete it/)
    h.db.exec("UPDATE runs SET meta_json = '{'")
    expect(thrown(() => loadRun(h, 'latest'))).toMatch(/run 1 in the history is damaged \(.*JSON/)
    h.close()
  })

  test('query bounds: a limit or keep beyond what can be meant is one line, not a SQLite crash', () => {
    const h = openHistory(join(dir, 'h.sqlite'))
    expect(thrown(() => listRuns(h, { limit: 1e20 }))).toMatch(/limit must be a whole number from 1 to 1,000,000, got 100000000000000000000/)
    expect(thrown(() => pruneRuns(h, { keep: 1e20 }))).toMatch(/keep must be a whole number/)
    expect(thrown(() => pruneRuns(h, { olderThanDays: 1e9 }))).toMatch(/olderThanDays must be a whole number from 0 to 36,500/)
    h.close()
  })
})
