// node:sqlite, loaded when a database is opened rather than when a module is imported. On a Node without it
// (older than 22.13) swarmbench then still loads far enough for each entry point to say so in one line,
// instead of failing to link with ERR_UNKNOWN_BUILTIN_MODULE and a stack trace.
import type * as Sqlite from 'node:sqlite'
import { SwarmbenchError } from '../errors/index.ts'
import { nodeVersionProblem } from './node-version.js'

export function sqlite(): typeof Sqlite {
  const m = process.getBuiltinModule?.('node:sqlite') as typeof Sqlite | undefined
  if (!m) throw new SwarmbenchError(nodeVersionProblem(process.version) ?? `node:sqlite is not available in Node ${process.version}`)
  return m
}

/** `new DatabaseSync(...)`, with node:sqlite loaded on first use. */
export function openDatabase(...args: ConstructorParameters<typeof Sqlite.DatabaseSync>): Sqlite.DatabaseSync {
  return new (sqlite().DatabaseSync)(...args)
}
