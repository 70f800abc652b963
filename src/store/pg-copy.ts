// PostgreSQL's binary COPY format (the server's "COPY ... FROM STDIN (FORMAT binary)", documented under COPY,
// "Binary Format"): a fixed header, then per row a 16-bit field count and each field as a 32-bit length (-1 for
// NULL) and its bytes in the type's binary send format, then a -1 trailer. We write it because bytea values go
// over the wire as they are (8 MB of samples stay 8 MB), where a bound parameter or text COPY doubles them into
// hex; and numbers are not printed and parsed back. Only the few types our tables use are encoded.

import { once } from 'node:events'
import type { TransactionSql } from 'postgres'

export type CopyType = 'int8' | 'int4' | 'float8' | 'bool' | 'text' | 'bytea'

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')

/** The header: signature, flags (no OIDs), no header extension. */
export function copyHeader(): Buffer {
  const b = Buffer.alloc(SIGNATURE.length + 8)
  SIGNATURE.copy(b, 0)
  return b
}

/** The file trailer: a field count of -1. */
export function copyTrailer(): Buffer {
  const b = Buffer.alloc(2)
  b.writeInt16BE(-1, 0)
  return b
}

export type CopyValue = number | boolean | string | Buffer | null | undefined

/** One row in binary COPY format; `types[i]` says how `values[i]` is sent. */
export function copyRow(types: readonly CopyType[], values: readonly CopyValue[]): Buffer {
  if (types.length !== values.length) throw new Error(`copyRow: ${types.length} types for ${values.length} values`)
  const fields = values.map((v, i) => (v === null || v === undefined ? null : encodeField(types[i]!, v)))
  const size = 2 + fields.reduce((n, f) => n + 4 + (f?.length ?? 0), 0)
  const b = Buffer.allocUnsafe(size)
  let at = b.writeInt16BE(fields.length, 0)
  for (const f of fields) {
    if (f === null) { at = b.writeInt32BE(-1, at); continue }
    at = b.writeInt32BE(f.length, at)
    at += f.copy(b, at)
  }
  return b
}

function encodeField(type: CopyType, v: Exclude<CopyValue, null | undefined>): Buffer {
  switch (type) {
    case 'int8': {
      const b = Buffer.allocUnsafe(8)
      b.writeBigInt64BE(BigInt(checkInteger(v)), 0)
      return b
    }
    case 'int4': {
      const b = Buffer.allocUnsafe(4)
      b.writeInt32BE(checkInteger(v), 0)
      return b
    }
    case 'float8': {
      if (typeof v !== 'number') throw new TypeError(`copyRow: float8 needs a number, got ${typeof v}`)
      const b = Buffer.allocUnsafe(8)
      b.writeDoubleBE(v, 0)
      return b
    }
    case 'bool':
      if (typeof v !== 'boolean') throw new TypeError(`copyRow: bool needs a boolean, got ${typeof v}`)
      return Buffer.from([v ? 1 : 0])
    case 'text':
      if (typeof v !== 'string') throw new TypeError(`copyRow: text needs a string, got ${typeof v}`)
      return Buffer.from(v, 'utf8')
    case 'bytea':
      if (!Buffer.isBuffer(v)) throw new TypeError('copyRow: bytea needs a Buffer')
      return v
  }
}

function checkInteger(v: CopyValue): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new TypeError(`copyRow: an integer column needs a safe integer, got ${String(v)}`)
  return v
}

/** Rows per CopyData message: large enough that messages are few, small enough that memory stays flat. */
const BATCH_BYTES = 256 * 1024

/**
 * Streams `rows` into `table` with `COPY … FROM STDIN (FORMAT binary)` inside the transaction `tx` and waits
 * until the server has taken them all (or throws the server's error).
 *
 * postgres.js 3.4.9 never settles a COPY writable that the server rejects after the last row (an error found at
 * the end of the statement, such as a foreign key): the writable's finish never comes and the transaction would
 * wait forever (porsager/postgres#1173, open). So we do not wait for finish: the moment the client has sent
 * CopyDone (the writable's `_final`), we queue `SELECT 1` behind the COPY on the same connection. It answers only
 * after the COPY did: with a row when the COPY succeeded, with "transaction aborted" when it failed, in which
 * case the COPY's own error (which the client hands to the COPY query) is thrown instead.
 */
export async function copyInto(tx: TransactionSql, table: string, columns: readonly string[], types: readonly CopyType[], rows: Iterable<readonly CopyValue[]>): Promise<void> {
  if (columns.length !== types.length) throw new Error(`copyInto ${table}: ${columns.length} columns for ${types.length} types`)
  const query = tx`COPY ${tx(table)} (${tx(columns as string[])}) FROM STDIN (FORMAT binary)`
  let failure: unknown
  const client = query as unknown as { reject: (e: unknown) => void }
  const reject = client.reject
  client.reject = e => { failure ??= e; reject(e) }
  const stream = await query.writable()
  const internals = stream as unknown as { _final: (cb: (e?: Error | null) => void) => void }
  const final = internals._final
  let sentCopyDone!: (sentinel: { done: Promise<unknown> }) => void
  const afterCopyDone = new Promise<{ done: Promise<unknown> }>(resolve => { sentCopyDone = resolve })
  internals._final = cb => {
    final.call(stream, cb)
    const done = tx`SELECT 1`.then(() => undefined)
    done.catch(() => {}) // read below
    sentCopyDone({ done })
  }
  // The client destroys the writable with the server's error when it comes while rows are still being sent.
  let failStream!: (e: unknown) => void
  const streamFailed = new Promise<never>((_, fail) => { failStream = fail })
  streamFailed.catch(() => {})
  stream.on('error', e => failStream(failure ?? e))
  const write = async (chunk: Buffer) => {
    if (stream.destroyed) await streamFailed
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), streamFailed])
  }
  let batch: Buffer[] = [copyHeader()]
  let size = batch[0]!.length
  for (const values of rows) {
    const row = copyRow(types, values)
    batch.push(row)
    size += row.length
    if (size >= BATCH_BYTES) {
      await write(Buffer.concat(batch, size))
      batch = []
      size = 0
    }
  }
  batch.push(copyTrailer())
  await write(Buffer.concat(batch))
  stream.end()
  const { done } = await Promise.race([afterCopyDone, streamFailed])
  try {
    await done
  } catch (e) {
    throw failure ?? e
  }
}
