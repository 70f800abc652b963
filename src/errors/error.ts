// The one error type for user mistakes and the environment: its message is the whole line a user sees.
export const EXIT = { ok: 0, regression: 1, usage: 2 } as const

export interface ErrorDetails { file?: string; field?: string; fix?: string; cause?: unknown }

export class SwarmbenchError extends Error {
  override readonly name = 'SwarmbenchError'
  readonly problem: string
  readonly details: ErrorDetails
  constructor(problem: string, details: ErrorDetails = {}) {
    super(formatProblem(problem, details), details.cause === undefined ? undefined : { cause: details.cause })
    this.problem = problem
    this.details = details
  }
}

function formatProblem(problem: string, d: ErrorDetails): string {
  const where = [d.file, d.field && `field ${d.field}`].filter(Boolean).join(', ')
  return `${where ? `${where}: ` : ''}${problem}${d.fix ? `. Fix: ${d.fix}` : ''}`
}

export function isSwarmbenchError(e: unknown): e is SwarmbenchError {
  return e instanceof Error && e.name === 'SwarmbenchError'
}
