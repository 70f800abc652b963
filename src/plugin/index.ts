/// <reference types="vitest/config" />
// swarmbench(options) for vitest.config.ts: adds the reporter once and sets the benchmark defaults that
// the reporter and helpers rely on (retained samples, --expose-gc), without overriding what the user set.
import type { Vite } from 'vitest/node'
import SwarmbenchReporter from '../../reporters/swarmbench.ts'
import { outputPaths, parseOptions, type ResolvedOptions, type SwarmbenchOptions } from './options.ts'
import { nodeVersionProblem } from '../env/node-version.js'
import { SwarmbenchError } from '../errors/index.ts'
import { failStartup } from './startup.ts'

export { parseOptions, outputPaths, SwarmbenchOptionsSchema } from './options.ts'
export type { SwarmbenchOptions, ResolvedOptions, OutputPaths } from './options.ts'

/** Key under which workers can `inject()` the resolved options (pricing tables, for instance). */
export const OPTIONS_KEY = 'swarmbench:options'

declare module 'vitest' {
  interface ProvidedContext {
    'swarmbench:options': { pricing?: unknown }
  }
}

export function swarmbench(options: SwarmbenchOptions = {}): Vite.Plugin {
  // An old Node or a wrong option is reported from the config hook, once Vite has finished loading the config file.
  const oldNode = nodeVersionProblem(process.version)
  let resolved: ResolvedOptions, invalid: unknown
  try { resolved = parseOptions(options) } catch (e) { invalid = e }
  return {
    name: 'swarmbench',
    config(config) {
      if (oldNode !== undefined) failStartup(new SwarmbenchError(oldNode))
      if (invalid !== undefined) failStartup(invalid)
      const test = (config as { test?: Record<string, any> }).test ?? {}
      const benchmark = test.benchmark ?? {}
      const execArgv: string[] = test.execArgv ?? []
      return {
        test: {
          benchmark: { ...benchmark, retainSamples: benchmark.retainSamples ?? resolved.retainSamples },
          ...(resolved.exposeGc && !execArgv.includes('--expose-gc') ? { execArgv: ['--expose-gc'] } : {}),
        },
      } as Vite.UserConfig
    },
    configureVitest({ vitest, project }) {
      project.provide(OPTIONS_KEY, { pricing: resolved.pricing })
      if (!project.config.benchmark?.enabled) return
      // Two options naming one file (markdownFile: 'x/baseline.md' writes x/baseline.json) fail before anything runs.
      try { outputPaths(vitest.config.root, resolved) } catch (e) { failStartup(e) }
      if (vitest.config.reporters.some(r => r instanceof SwarmbenchReporter)) return
      vitest.config.reporters.push(new SwarmbenchReporter(options))
    },
  }
}

export default swarmbench
