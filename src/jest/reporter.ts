// The Jest reporter: `reporters: ['default', 'swarmbench/jest-reporter']` or `['swarmbench/jest-reporter', { gate: true }]`.
// A thin adapter: it opens the folder the workers write to, and at the end hands what they measured to the same
// pipeline as the Vitest reporter (collect → store → diff → gate). The gate sets the exit code: 1 for a
// regression, 2 when nothing could be judged or a step failed.
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { collectEntries } from '../collect/index.ts'
import { environment, gitInfo } from '../env/index.ts'
import { nodeVersionProblem } from '../env/node-version.js'
import { EXIT, SwarmbenchError, describeFailure } from '../errors/index.ts'
import { outputPaths, parseOptions, type ResolvedOptions, type SwarmbenchOptions } from '../plugin/options.ts'
import { closingLines } from '../run/closing.ts'
import { finishRun, type Logger } from '../run/finish.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline } from '../schema/baseline.ts'
import { JEST_DIR_ENV, readRecords } from './channel.ts'
import { jestTests, type JestResults } from './collect.ts'

interface GlobalConfig { rootDir: string }

export default class SwarmbenchJestReporter {
  private readonly options: ResolvedOptions
  private readonly rootDir: string
  private readonly dir: string
  private readonly startedAt = Date.now()

  constructor(globalConfig: GlobalConfig, options: SwarmbenchOptions = {}) {
    const oldNode = nodeVersionProblem(process.version)
    if (oldNode !== undefined) throw new SwarmbenchError(oldNode)
    this.options = parseOptions(options, "the swarmbench/jest-reporter options in the Jest config")
    this.rootDir = globalConfig.rootDir
    // Workers are started after the reporters, so they inherit this.
    this.dir = mkdtempSync(join(tmpdir(), 'swarmbench-jest-'))
    process.env[JEST_DIR_ENV] = this.dir
  }

  /** Jest awaits this before it exits. */
  async onRunComplete(_contexts: unknown, results: JestResults): Promise<void> {
    const logger: Logger = { log: s => process.stdout.write(`${s}\n`), error: s => process.stderr.write(`${s}\n`), columns: process.stdout.columns ?? 120 }
    try {
      await this.finish(results, logger)
    } catch (e) {
      for (const line of describeFailure(e).lines) logger.error(line)
      process.exitCode = EXIT.usage
    } finally {
      rmSync(this.dir, { recursive: true, force: true })
    }
  }

  private async finish(results: JestResults, logger: Logger): Promise<void> {
    const { records, problems } = readRecords(this.dir)
    for (const p of problems) logger.error(`swarmbench: ${p}`)
    const { tests, skipped } = jestTests(records, results, this.rootDir)
    for (const s of skipped) logger.error(`swarmbench: ${s}`)
    if (tests.length === 0) return
    const { entries, warnings } = collectEntries(tests, { sampleCap: this.options.sampleCap })
    for (const w of warnings) logger.error(`swarmbench: ${w}`)
    const current: Baseline = {
      schemaVersion: BASELINE_SCHEMA_VERSION,
      run: {
        createdAt: new Date().toISOString(), rounds: 1, git: gitInfo(this.rootDir),
        env: { ...environment('', false), runner: `jest ${jestVersion(this.rootDir)}` }, wallTimeMs: Date.now() - this.startedAt,
      },
      entries,
    }
    const paths = outputPaths(this.rootDir, this.options)
    const result = await finishRun(current, paths, this.options, logger)
    for (const line of closingLines({ result, paths, gate: this.options.gate, cwd: process.cwd() })) logger.log(line)
    if (result.exitCode !== 0) process.exitCode = result.exitCode
  }
}

function jestVersion(rootDir: string): string {
  for (const name of ['jest/package.json', '@jest/core/package.json']) {
    try { return (createRequire(join(rootDir, 'package.json'))(name) as { version: string }).version } catch { /* try the next */ }
  }
  return '(version unknown)'
}
