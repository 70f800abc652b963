// Hostile inputs, made for real: baselines edited by hand, histories damaged, other applications' databases,
// held locks, a project whose vitest.config uses the plugin.
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { pathToFileURL } from 'node:url'
import { serializeBaseline } from '../../src/store/baseline-file.ts'
import { openHistory, saveRun } from '../../src/store/history.ts'
import { sampleBaseline } from '../helpers/baselines.ts'
import { REPO, type CaseDir } from './harness.ts'

export type Json = Record<string, any>

/** A valid baseline as a JSON object, to be edited by a case. */
export function baselineJson(seed = 1, scale = 1): Json {
  return JSON.parse(serializeBaseline(sampleBaseline({ seed, scale }))) as Json
}

export function write(c: CaseDir, rel: string, content: string | Buffer | Json): string {
  const path = c.at(rel)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : `${JSON.stringify(content, null, 2)}\n`)
  return path
}

/** The first round of the first entry, for edits. */
export function firstRound(b: Json): Json {
  return (Object.values(b.entries)[0] as Json).rounds[0]
}

/** Samples encoded as little-endian float64, sorted or not as given. */
export function rawSamples(values: number[]): Json {
  const buf = Buffer.alloc(values.length * 8)
  values.forEach((v, i) => buf.writeDoubleLE(v, i * 8))
  return { encoding: 'f64le-base64', count: values.length, total: values.length, data: buf.toString('base64') }
}

/** A real history with `runs` runs in it. */
export function history(c: CaseDir, rel: string, runs = 1): string {
  const path = c.at(rel)
  const h = openHistory(path)
  try { for (let i = 0; i < runs; i++) saveRun(h, sampleBaseline({ seed: i + 1, createdAt: `2026-11-2${i}T10:00:00.000Z` })) } finally { h.close() }
  return path
}

export function runCount(path: string): number {
  const db = new DatabaseSync(path, { readOnly: true })
  try { return Number((db.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n) } finally { db.close() }
}

export function integrity(path: string): string {
  const db = new DatabaseSync(path, { readOnly: true })
  try { return String((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check) } finally { db.close() }
}

/** Changes a history behind our back, as another program (or a person with sqlite3) would. */
export function tamper(path: string, sql: string): void {
  const db = new DatabaseSync(path)
  try { db.exec(sql) } finally { db.close() }
}

/** Another application's SQLite database, in its own (rollback journal) mode. */
export function foreignDatabase(c: CaseDir, rel: string, kind: 'notes' | 'app-id' | 'runs-table' | 'user-version'): string {
  const path = c.at(rel)
  mkdirSync(dirname(path), { recursive: true })
  const db = new DatabaseSync(path)
  try {
    if (kind === 'app-id') db.exec('PRAGMA application_id = 1234')
    if (kind === 'user-version') db.exec('PRAGMA user_version = 7')
    if (kind === 'runs-table') db.exec('CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO runs (name) VALUES (\'marathon\'), (\'sprint\')')
    else db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES (\'groceries\'), (\'dentist\')')
  } finally { db.close() }
  return path
}

/** Overwrites bytes in the middle of a file with a fixed pattern: what a bad disk or a torn copy leaves. */
export function damage(path: string, offset: number, length: number): void {
  const fd = openSync(path, 'r+')
  try { writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset) } finally { closeSync(fd) }
}

/** Holds a write lock on a database until released: another swarmbench run in the middle of its transaction. */
export function holdLock(path: string): { release(): void } {
  const db = new DatabaseSync(path, { timeout: 0 })
  db.exec('BEGIN EXCLUSIVE')
  return { release: () => { try { db.exec('ROLLBACK') } catch { /* released */ } db.close() } }
}

export interface ProjectOptions {
  /** swarmbench(options) as TypeScript source (an object literal). */
  options?: string
  /** Registers the reporter alone (reporters: [...]) instead of the plugin. */
  reporterOnly?: boolean
  /** The bench file's body; the default has one timed benchmark and one metric. */
  bench?: string
}

/** A project using swarmbench from this repository: vitest.config.ts, one bench file, node_modules linked. */
export function project(c: CaseDir, o: ProjectOptions = {}): void {
  const src = (p: string) => JSON.stringify(pathToFileURL(join(REPO, p)).href)
  write(c, 'package.json', { name: 'bad-inputs-project', private: true, type: 'module' })
  symlinkSync(join(REPO, 'node_modules'), c.at('node_modules'), 'dir')
  const options = o.options ?? '{}'
  write(c, 'vitest.config.ts', o.reporterOnly
    ? `import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { benchmark: { include: ['*.bench.ts'], retainSamples: true },
  reporters: ['default', [${src('reporters/swarmbench.ts')}, ${options}]] } })\n`
    : `import { defineConfig } from 'vitest/config'
import { swarmbench } from ${src('src/plugin/index.ts')}
export default defineConfig({ plugins: [swarmbench({ progressIntervalMs: 0, ...${options} })], test: { benchmark: { include: ['*.bench.ts'] } } })\n`)
  write(c, 'work.bench.ts', `import { test } from ${src('src/index.ts')}
${o.bench ?? `test('work', async ({ bench, metric }) => {
  await bench('sum', () => { let s = 0; for (let i = 0; i < 200; i++) s += i * i; return s }).run({ time: 30, warmupTime: 5 })
  await metric('messages', 42, { unit: 'msgs', better: 'lower', kind: 'deterministic' })
})`}\n`)
}
