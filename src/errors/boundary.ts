// What every entry point (CLI command, reporter, plugin, each step after a run) prints for a failure.
// Expected failures (a SwarmbenchError, or an operating-system error such as a full disk) are one line;
// anything else is a bug in swarmbench: one line saying so, and its stack only with SWARMBENCH_DEBUG=1.
import { isSwarmbenchError } from './error.ts'
import { errnoCode, systemError } from './system.ts'

export const DEBUG_ENV = 'SWARMBENCH_DEBUG'

export interface Failure {
  /** What to print, one entry per line; the first is the one-line summary. */
  lines: string[]
  /** True when this is not a user mistake or the environment but a defect of swarmbench. */
  bug: boolean
}

export function isDebug(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[DEBUG_ENV]
  return v !== undefined && v !== '' && v !== '0' && v !== 'false'
}

/**
 * Describes a failure for the user. `during` names what was being done ("storing the run in the history"),
 * for bugs, whose messages do not say it themselves.
 */
export function describeFailure(e: unknown, opts: { env?: NodeJS.ProcessEnv; during?: string; prefix?: string } = {}): Failure {
  const prefix = opts.prefix ?? 'swarmbench: '
  if (isSwarmbenchError(e)) return { lines: [prefix + oneLine(e.message)], bug: false }
  // An operating-system error that was not mapped where it happened still names its path and code.
  const sys = errnoCode(e) && typeof (e as { path?: unknown }).path === 'string'
    ? systemError(e, (e as { path: string }).path, /open|read|stat|scandir/.test(String((e as { syscall?: unknown }).syscall)) ? 'read' : 'write')
    : undefined
  if (sys) return { lines: [prefix + oneLine(sys.message)], bug: false }
  const err = e instanceof Error ? e : undefined
  const what = err ? `${err.name}: ${err.message}` : String(e)
  const debug = isDebug(opts.env)
  const line = `${prefix}internal error${opts.during ? ` while ${opts.during}` : ''}: ${oneLine(what)}` +
    (debug ? '' : ` (a bug in swarmbench; run again with ${DEBUG_ENV}=1 for the stack, and please report it)`)
  return { lines: debug && err?.stack ? [line, ...err.stack.split('\n').slice(1)] : [line], bug: true }
}

/** Keeps a message on one line: user-chosen names (files, benchmarks) can hold line breaks or escapes. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
}
