// The Vitest reporter: a thin adapter that reads benchmarks and metric artifacts off the finished test cases
// and hands them to the shared, Vitest-free pipeline (collect → store → diff). It works the same under
// --merge-reports, because it reads testCase.benchmarks() and artifacts() at the end of the run.
import type { Reporter, TestCase, TestModule, TestRunEndReason, TestSpecification, Vitest } from 'vitest/node'
import { dirname } from 'node:path'
import { collectEntries, type CollectedTest } from '../src/collect/index.ts'
import { environment, gitInfo } from '../src/env/index.ts'
import { nodeVersionProblem } from '../src/env/node-version.js'
import { EXIT, SwarmbenchError, describeFailure } from '../src/errors/index.ts'
import { METRIC_ARTIFACT, type MetricArtifactPayload } from '../src/metrics/record.ts'
import { outputPaths, parseOptions, type ResolvedOptions, type SwarmbenchOptions } from '../src/plugin/options.ts'
import { failStartup } from '../src/plugin/startup.ts'
import { widthOf } from '../src/report/terminal.ts'
import { closingLines, displayPath } from '../src/run/closing.ts'
import { finishRun, type Logger } from '../src/run/finish.ts'
import { writeShard } from '../src/run/shards-file.ts'
import { hygieneBlock, hygieneFile, hygieneFor, hygieneText } from '../src/run/hygiene.ts'
import { COLLECT_ONLY_ENV } from '../src/run/index.ts'
import { ProgressTicker } from '../src/run/progress.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline } from '../src/schema/baseline.ts'
import { writeBaselineFile, writeFileAtomic } from '../src/store/baseline-file.ts'


export default class SwarmbenchReporter implements Reporter {
  private readonly options: ResolvedOptions
  private vitest?: Vitest
  private startedAt = Date.now()
  private progress?: ProgressTicker

  constructor(options: SwarmbenchOptions = {}) {
    const oldNode = nodeVersionProblem(process.version)
    if (oldNode !== undefined) failStartup(new SwarmbenchError(oldNode))
    try { this.options = parseOptions(options) } catch (e) { failStartup(e) }
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest
    this.startedAt = Date.now()
    // Checked before the suite runs: two options naming one file would let one overwrite the other.
    try { outputPaths(vitest.config.root, this.options) } catch (e) { failStartup(e) }
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification> = []): void {
    this.startedAt = Date.now()
    // With a terminal, Vitest shows live progress itself.
    const tty = Boolean((this.vitest?.logger.outputStream as { isTTY?: boolean } | undefined)?.isTTY)
    if (this.vitest && !tty && this.options.progressIntervalMs > 0) {
      this.progress ??= new ProgressTicker({ print: s => this.vitest!.logger.log(s), intervalMs: this.options.progressIntervalMs })
      this.progress.start(new Set(specifications.map(s => s.moduleId)).size)
    }
  }

  onTestModuleStart(m: TestModule): void { this.progress?.moduleStart(m.relativeModuleId) }
  onTestCaseReady(tc: TestCase): void { this.progress?.testStart(tc.module.relativeModuleId, tc.fullName) }
  onTestCaseBenchmark(tc: TestCase, b: { name: string }): void { this.progress?.benchDone(tc.module.relativeModuleId, b.name) }
  onTestModuleEnd(m: TestModule): void { this.progress?.moduleEnd(m.relativeModuleId) }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: unknown, reason: TestRunEndReason): Promise<void> {
    this.progress?.stop()
    if (reason === 'interrupted' || !this.vitest) return
    const out = this.vitest.logger.outputStream as { isTTY?: boolean; columns?: number }
    const logger: Logger = { log: s => this.vitest!.logger.log(s), error: s => this.vitest!.logger.error(s), columns: widthOf(out) }
    // The reporter's boundary: nothing reaches Vitest as an "Unhandled Error"; every failure is one line, exit 2.
    try {
      await this.finish(modules, logger)
    } catch (e) {
      for (const line of describeFailure(e).lines) logger.error(line)
      process.exitCode = EXIT.usage
    }
  }

  private async finish(modules: ReadonlyArray<TestModule>, logger: Logger): Promise<void> {
    if (!this.vitest) return
    const began = performance.now()
    const { tests, skipped } = readTests(modules)
    for (const s of skipped) logger.error(`swarmbench: ${s}`)
    if (tests.length === 0) return
    const { entries, warnings } = collectEntries(tests, { sampleCap: this.options.sampleCap })
    for (const w of warnings) logger.error(`swarmbench: ${w}`)
    const moduleRunner = !this.vitest.projects.some(p => p.config.benchmark?.enabled && p.config.experimental?.viteModuleRunner === false)
    const current: Baseline = {
      schemaVersion: BASELINE_SCHEMA_VERSION,
      run: {
        createdAt: new Date().toISOString(), rounds: 1, git: gitInfo(this.vitest.config.root),
        env: environment(this.vitest.version, moduleRunner), wallTimeMs: Date.now() - this.startedAt,
      },
      entries,
    }
    const root = this.vitest.config.root
    const findings = hygieneFor(current)
    const hygiene = hygieneFile(root, this.options)
    let hygieneWritten = false
    try { writeFileAtomic(hygiene, hygieneText(findings)); hygieneWritten = true } catch (e) {
      for (const line of describeFailure(e).lines) logger.error(line) // the block below still shows the count
    }
    for (const line of hygieneBlock(findings, hygieneWritten ? displayPath(hygiene, process.cwd()) : 'hygiene.txt (not written)', logger.columns)) logger.error(line)
    const shard = this.vitest.config.shard
    if (shard && !process.env[COLLECT_ONLY_ENV]) {
      // One slice of the suite: kept as a partial run; `swarmbench merge` stores, diffs and gates the whole.
      const file = writeShard(root, this.options, current, shard)
      logger.log(`swarmbench: shard ${shard.index}/${shard.count}: ${Object.keys(entries).length} benchmark(s) written to ${displayPath(file, process.cwd())}; join the shards with \`swarmbench merge ${displayPath(dirname(file), process.cwd())}\``)
      return
    }
    const collectOnly = process.env[COLLECT_ONLY_ENV]
    if (collectOnly) {
      // `swarmbench run` stores, diffs and gates once all rounds are in; it needs the options too.
      writeBaselineFile(collectOnly, current)
      writeFileAtomic(`${collectOnly}.options.json`, JSON.stringify(this.options))
      return
    }
    const paths = outputPaths(root, this.options)
    const result = await finishRun(current, paths, this.options, logger)
    logger.log(`swarmbench: ${Object.keys(entries).length} benchmark(s) collected, stored and diffed in ${Math.round(performance.now() - began)} ms (run wall time ${Math.round((current.run.wallTimeMs ?? 0) / 1000)} s)`)
    for (const line of closingLines({ result, paths, gate: this.options.gate, cwd: process.cwd(), ...(hygieneWritten ? { hygieneFile: hygiene } : {}) })) logger.log(line)
    if (result.exitCode !== 0) process.exitCode = result.exitCode
  }
}

function readTests(modules: ReadonlyArray<TestModule>): { tests: CollectedTest[]; skipped: string[] } {
  const tests: CollectedTest[] = []
  const skipped: string[] = []
  for (const mod of modules) {
    for (const tc of mod.children.allTests()) {
      const benchmarks = tc.benchmarks()
      const metrics = tc.artifacts().flatMap(a => (a.type === METRIC_ARTIFACT ? [(a as { metric: MetricArtifactPayload }).metric] : []))
      if (benchmarks.length === 0 && metrics.length === 0) continue
      const state = tc.result().state
      if (state !== 'passed') {
        skipped.push(`${mod.relativeModuleId} › ${tc.fullName}: ${state}; its benchmarks are not stored`)
        continue
      }
      tests.push({ project: tc.project.name, file: mod.relativeModuleId, test: tc.fullName, benchmarks, metrics })
    }
  }
  return { tests, skipped }
}
