// A wrong option in vitest.config.ts is a user mistake: one line and exit 2, not Vitest's "Startup Error"
// banner with a stack and a dump of the error's properties.
import { writeSync } from 'node:fs'
import { inspect } from 'node:util'
import { EXIT, describeFailure } from '../errors/index.ts'

/** True when this process is Vitest's own command line (`vitest bench`), not a program using its API. */
export function underVitestCli(argv1 = process.argv[1] ?? ''): boolean {
  return /(^|[\\/])vitest(\.m?js)?$/.test(argv1)
}

/**
 * Reports a configuration error. Under the `vitest` command line: prints the line and exits 2 (nothing has
 * run yet, so nothing is lost). Inside a program that calls Vitest's API: throws an error that prints as that
 * one line, so the program decides.
 */
export function failStartup(e: unknown, env: NodeJS.ProcessEnv = process.env, cli = underVitestCli()): never {
  const { lines } = describeFailure(e, { env })
  process.exitCode = EXIT.usage
  if (cli) {
    writeSync(2, `${lines.join('\n')}\n`)
    process.exit(EXIT.usage)
  }
  const err = e instanceof Error ? e : new Error(String(e))
  Object.defineProperty(err, inspect.custom, { value: () => lines.join('\n'), enumerable: false })
  throw err
}
