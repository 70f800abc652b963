import type { z } from 'zod'

// User mistakes (bad files, bad options, unknown names) surface as one clear line: file, problem, fix.
// Anything else is a bug and keeps its stack.

export const EXIT = { ok: 0, regression: 1, usage: 2 } as const

export class SwarmbenchError extends Error {
  override readonly name = 'SwarmbenchError'
  readonly problem: string
  readonly details: { file?: string; field?: string; fix?: string; cause?: unknown }
  constructor(problem: string, details: { file?: string; field?: string; fix?: string; cause?: unknown } = {}) {
    super(formatProblem(problem, details), details.cause === undefined ? undefined : { cause: details.cause })
    this.problem = problem
    this.details = details
  }
}

function formatProblem(problem: string, d: { file?: string; field?: string; fix?: string }): string {
  const where = [d.file, d.field && `field ${d.field}`].filter(Boolean).join(', ')
  return `${where ? `${where}: ` : ''}${problem}${d.fix ? `. Fix: ${d.fix}` : ''}`
}

export function isSwarmbenchError(e: unknown): e is SwarmbenchError {
  return e instanceof Error && e.name === 'SwarmbenchError'
}

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
