import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { sampleBaseline } from '../../test/helpers/baselines.ts'
import { findRunId, listRuns, loadRun, openHistory, pruneRuns, saveRun } from './history.ts'
import { HISTORY_SCHEMA_VERSION } from './history-schema.ts'

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
