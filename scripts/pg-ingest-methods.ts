// How to send a run's samples to PostgreSQL: four ways side by side, rotated (A B C D, B C D A, …), each a
// committed transaction into a fresh table shaped as `samples`. A measurement, not a test; it chose the
// binary COPY that src/store/postgres-store.ts uses.
//   npx node scripts/pg-ingest-methods.ts [--rows 1000] [--samples 1000] [--rounds 3]
// PostgreSQL: a throwaway cluster of Debian's postgresql package with its default settings (fsync on), or the
// server in SWARMBENCH_HISTORY_URL (a schema swarmbench_methods_<pid> is made there and dropped).
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { median } from '../src/compare/stats/describe.ts'
import { encodeSamples } from '../src/compare/samples.ts'
import { createRng } from '../src/random/index.ts'
import { copyHeader, copyRow, copyTrailer } from '../src/store/pg-copy.ts'
import { startCluster } from '../test/helpers/postgres-cluster.ts'

const { values } = parseArgs({ options: {
  rows: { type: 'string', default: '1000' }, samples: { type: 'string', default: '1000' }, rounds: { type: 'string', default: '3' },
} })
const rowCount = Number(values.rows), sampleCount = Number(values.samples), rounds = Number(values.rounds)
const rng = createRng(21)
const rows = Array.from({ length: rowCount }, (_, i) => {
  const s = Array.from({ length: sampleCount }, () => 1 + 0.05 * rng.normal()).sort((a, b) => a - b)
  const enc = encodeSamples(s)
  return { result_id: i + 1, count: enc.count, total: enc.total, data: Buffer.from(enc.data, 'base64') }
})
const bytes = rows.reduce((n, r) => n + r.data.length, 0)

const cluster = process.env.SWARMBENCH_HISTORY_URL ? undefined : await startCluster()
if (cluster) console.log(`PostgreSQL cluster (Debian package, default settings) ready in ${Math.round(cluster.setupMs)} ms`)
const schema = `swarmbench_methods_${process.pid}`
const sql = postgres(process.env.SWARMBENCH_HISTORY_URL ?? cluster!.url, { max: 1, onnotice: () => {}, connection: { search_path: schema } })

type Method = (tx: postgres.TransactionSql, table: string) => Promise<unknown>
const methods: Record<string, Method> = {
  // What the store did before: one multi-row INSERT, each bytea a bound parameter (sent as hex text).
  'insert (bound parameters)': (tx, table) => tx`INSERT INTO ${tx(table)} ${tx(rows)}`,
  // Four array parameters, unnested server-side: one parse, four parameters (the bytea array still hex text).
  'insert … unnest(arrays)': (tx, table) => tx`INSERT INTO ${tx(table)} (result_id, count, total, data)
    SELECT * FROM unnest(${tx.array(rows.map(r => r.result_id))}::bigint[], ${tx.array(rows.map(r => r.count))}::int[],
      ${tx.array(rows.map(r => r.total))}::int[], ${tx.array(rows.map(r => r.data), 17)}::bytea[])`,
  // COPY text format: tab-separated lines, bytea as \\x<hex> (the backslash doubled for COPY's escaping).
  'COPY text': async (tx, table) => {
    const stream = await tx`COPY ${tx(table)} (result_id, count, total, data) FROM STDIN`.writable()
    await pipeline(Readable.from(rows.map(r => `${r.result_id}\t${r.count}\t${r.total}\t\\\\x${r.data.toString('hex')}\n`)), stream)
  },
  // COPY binary format: the bytes as they are.
  'COPY binary': async (tx, table) => {
    const stream = await tx`COPY ${tx(table)} (result_id, count, total, data) FROM STDIN (FORMAT binary)`.writable()
    await pipeline(Readable.from([copyHeader(), ...rows.map(r => copyRow(['int8', 'int4', 'int4', 'bytea'], [r.result_id, r.count, r.total, r.data])), copyTrailer()]), stream)
  },
}

try {
  await sql.unsafe(`CREATE SCHEMA ${schema}`)
  const names = Object.keys(methods)
  const times: Record<string, number[]> = Object.fromEntries(names.map(n => [n, []]))
  let t = 0
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(k + round) % names.length]!
      const table = `samples_${++t}`
      await sql.unsafe(`CREATE TABLE ${table} (result_id BIGINT PRIMARY KEY, count INTEGER NOT NULL, total INTEGER NOT NULL, data BYTEA NOT NULL);
        ALTER TABLE ${table} ALTER COLUMN data SET STORAGE EXTERNAL`)
      const began = performance.now()
      await sql.begin(tx => methods[name]!(tx, table))
      times[name]!.push(performance.now() - began)
      const [check] = await sql`SELECT COUNT(*)::int AS n, SUM(length(data))::bigint AS bytes FROM ${sql(table)}`
      if (check!.n !== rowCount || Number(check!.bytes) !== bytes) throw new Error(`${name}: stored ${check!.n} rows, ${check!.bytes} bytes`)
    }
  }
  console.log(`\n${rowCount.toLocaleString('en-US')} sample rows of ${sampleCount} float64 (${(bytes / 1e6).toFixed(1)} MB), one committed transaction each, ${rounds} rotated rounds (measured)`)
  const fastest = Math.min(...names.map(n => median(times[n]!)))
  for (const n of names) {
    const ms = median(times[n]!)
    console.log(`  ${n.padEnd(28)} median ${String(Math.round(ms)).padStart(6)} ms (${times[n]!.map(Math.round).join(', ')} ms) · ${(ms / fastest).toFixed(2)}× the fastest`)
  }
} finally {
  await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {})
  await sql.end({ timeout: 5 })
  cluster?.stop()
}
