import type { z } from 'zod'

// User mistakes (bad files, bad options, unknown names) and the environment (full disk, locked database)
// surface as one clear line: file, problem, fix. Anything else is a bug; its stack is shown only with
// SWARMBENCH_DEBUG=1. describeFailure is the boundary every entry point uses.
export { EXIT, SwarmbenchError, isSwarmbenchError, type ErrorDetails } from './error.ts'
export { DEBUG_ENV, describeFailure, isDebug, oneLine, type Failure } from './boundary.ts'
export { errnoCode, systemError, type FileAction } from './system.ts'

/**
 * Parses options with a zod schema; a failure is a TypeError naming the caller, the field and the problem:
 * `createMlp: option hidden.0: Too small…`. The one place that formats option errors for library calls.
 */
export function parseOption<S extends z.ZodType>(schema: S, value: unknown, where: string, label = 'option', whole = '(options)'): z.output<S> {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  throw new TypeError(`${where}: ${label} ${issue.path.join('.') || whole}: ${issue.message}`)
}

/** Describes a zod issue path as a dotted field name: entries["a › b"].rounds[0].latency.mean */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p
    else out += `[${JSON.stringify(String(p))}]`
  }
  return out || '(root)'
}
