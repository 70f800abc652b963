// Persistence overhead of a state object: how long it takes to write and read back, and how many bytes it
// takes, as JSON text, V8 serialization (the structured-clone wire format), structuredClone and a SQLite row.
import v8 from 'node:v8'
import { openDatabase } from '../env/sqlite.ts'
import { z } from 'zod'
import { parseOption } from '../errors/index.ts'

export const PersistenceOptionsSchema = z.strictObject({
  /** Timed repetitions of each write and read. */
  iterations: z.number().int().min(3).max(100_000).default(50),
  /** SQLite database to write the row to; ':memory:' keeps disk speed out of the figure. */
  sqlitePath: z.string().min(1).default(':memory:'),
  formats: z.array(z.enum(['json', 'v8', 'structuredClone', 'sqlite'])).min(1).default(['json', 'v8', 'structuredClone', 'sqlite']),
})
export type PersistenceOptions = z.input<typeof PersistenceOptionsSchema>
export type PersistenceFormat = z.infer<typeof PersistenceOptionsSchema>['formats'][number]

export interface FormatCost {
  format: PersistenceFormat
  /** Bytes as stored; undefined for structuredClone, which has no stored form. */
  bytes?: number
  /** Per-repetition times, ms. For structuredClone the round trip is in `writeMs` and `readMs` is empty. */
  writeMs: number[]
  readMs: number[]
}

function time(iterations: number, f: () => void): number[] {
  const out: number[] = []
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now()
    f()
    out.push(performance.now() - t0)
  }
  return out
}

/** Measures each format; throws naming the format when the state cannot take that route (e.g. a function inside). */
export function measurePersistence(state: unknown, options: PersistenceOptions = {}): FormatCost[] {
  const { iterations, sqlitePath, formats } = parseOption(PersistenceOptionsSchema, options, 'measurePersistence')
  const out: FormatCost[] = []
  const guard = <T>(format: string, f: () => T): T => {
    try { return f() } catch (e) {
      throw new TypeError(`measurePersistence: state cannot be persisted as ${format}: ${(e as Error).message}`, { cause: e })
    }
  }
  for (const format of formats) {
    if (format === 'json') {
      const text = guard('json', () => JSON.stringify(state))
      if (text === undefined) throw new TypeError('measurePersistence: state cannot be persisted as json: JSON.stringify returned undefined')
      out.push({ format, bytes: Buffer.byteLength(text, 'utf8'), writeMs: time(iterations, () => JSON.stringify(state)), readMs: time(iterations, () => JSON.parse(text)) })
    } else if (format === 'v8') {
      const buf = guard('v8', () => v8.serialize(state))
      out.push({ format, bytes: buf.byteLength, writeMs: time(iterations, () => v8.serialize(state)), readMs: time(iterations, () => v8.deserialize(buf)) })
    } else if (format === 'structuredClone') {
      guard('structuredClone', () => structuredClone(state))
      out.push({ format, writeMs: time(iterations, () => structuredClone(state)), readMs: [] })
    } else {
      out.push(measureSqlite(state, iterations, sqlitePath, guard))
    }
  }
  return out
}

// One row per state, as JSON text: the common way an agent framework keeps a session. Parameterized SQL only.
function measureSqlite(state: unknown, iterations: number, path: string, guard: <T>(f: string, g: () => T) => T): FormatCost {
  const text = guard('sqlite', () => JSON.stringify(state))
  const db = openDatabase(path)
  try {
    db.exec('CREATE TABLE IF NOT EXISTS swarmbench_state (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
    const put = db.prepare('INSERT OR REPLACE INTO swarmbench_state (id, body) VALUES (?, ?)')
    const get = db.prepare('SELECT body FROM swarmbench_state WHERE id = ?')
    const size = db.prepare('SELECT length(CAST(body AS BLOB)) AS n FROM swarmbench_state WHERE id = ?')
    const writeMs = time(iterations, () => { put.run(1, JSON.stringify(state)) })
    const readMs = time(iterations, () => { JSON.parse((get.get(1) as { body: string }).body) })
    const bytes = Number((size.get(1) as { n: number }).n)
    if (Buffer.byteLength(text, 'utf8') !== bytes) throw new Error(`sqlite row holds ${bytes} bytes, expected ${Buffer.byteLength(text, 'utf8')}`)
    db.prepare('DELETE FROM swarmbench_state WHERE id = ?').run(1)
    return { format: 'sqlite', bytes, writeMs, readMs }
  } finally {
    db.close()
  }
}
