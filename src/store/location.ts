// Where the history is: a SQLite file path, or a PostgreSQL URL. A URL's password never leaves the process:
// it comes from SWARMBENCH_HISTORY_URL or PGPASSWORD (the environment), every message shows the URL without
// it, and a password written into a file or a flag (plugin options, --history) is refused.
import { existsSync } from 'node:fs'
import { SwarmbenchError } from '../errors/index.ts'

export const HISTORY_URL_ENV = 'SWARMBENCH_HISTORY_URL'
export const DEFAULT_PG_SCHEMA = 'swarmbench'

export function isDatabaseUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location)
}

/** Whether there may be runs to read: a database is asked, a SQLite file must exist (reading never creates one). */
export function historyMayExist(location: string): boolean {
  return isDatabaseUrl(location) || existsSync(location)
}

export interface PgLocation {
  /** The URL given to the client: the password kept, our own `schema` parameter removed. */
  url: string
  /** The PostgreSQL schema (namespace) holding the tables: `?schema=` or 'swarmbench'. */
  schema: string
  /** The URL as messages show it: no password (the schema kept). */
  display: string
}

/** `from` names where the URL was written, for the message that refuses a password there. */
export function parsePgLocation(location: string, from: 'env' | 'option' | 'flag'): PgLocation {
  let u: URL
  try {
    u = new URL(location)
  } catch {
    throw new SwarmbenchError('the history URL is not a valid URL', { fix: 'write it as postgres://user@host:5432/database (the password in PGPASSWORD or SWARMBENCH_HISTORY_URL)' })
  }
  if (u.password && from !== 'env') {
    const where = from === 'option' ? 'the plugin option `history`' : '--history'
    throw new SwarmbenchError(`the history URL in ${where} holds a password; it would be written where others can read it`, {
      fix: `remove the password from the URL and set PGPASSWORD, or put the whole URL in ${HISTORY_URL_ENV}`,
    })
  }
  const schema = u.searchParams.get('schema') ?? DEFAULT_PG_SCHEMA
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new SwarmbenchError(`the history URL's schema '${schema}' is not a plain PostgreSQL name`, { fix: 'use lower-case letters, digits and _ (e.g. ?schema=swarmbench)' })
  }
  const shown = new URL(u)
  shown.password = ''
  u.searchParams.delete('schema')
  return { url: u.toString(), schema, display: shown.toString() }
}

/** The URL or path as it may be shown: the password of a URL replaced by nothing. */
export function displayLocation(location: string): string {
  if (!isDatabaseUrl(location)) return location
  try {
    const u = new URL(location)
    u.password = ''
    return u.toString()
  } catch {
    return 'postgres://(unparseable URL)'
  }
}
