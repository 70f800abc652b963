// `swarmbench swarm run …`: a matrix of swarm configurations over a task suite, through claude-flow, Claude
// Code or an HTTP endpoint, stored and diffed like every run. `swarmbench swarm plan`: trials needed per cell.
import { existsSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Command } from 'commander'
import { SwarmbenchError, describeFailure } from '../../errors/index.ts'
import { finishRun } from '../../run/finish.ts'
import { parseOptions } from '../../plugin/options.ts'
import { planTrials, ratePower } from '../../compare/stats/index.ts'
import { writeFileAtomic } from '../../store/baseline-file.ts'
import { claudeCode, claudeFlow } from '../../swarm/engines/cli.ts'
import { http } from '../../swarm/engines/http.ts'
import { swarmBaseline } from '../../swarm/evaluate.ts'
import { runSwarm } from '../../swarm/run.ts'
import { renderMatrix } from '../../swarm/report.ts'
import { defineTask, type Task } from '../../swarm/task.ts'
import { codingSuite } from '../../swarm/suite.ts'
import type { Engine } from '../../swarm/types.ts'
import { exclusive, parseFraction, parseFormat, parsePositiveInt, parseWholeNumber, pathsFrom, type CliState } from '../context.ts'

const list = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map(s => s.trim()).filter(Boolean))
const ints = (v: string | undefined, flag: string) => list(v)?.map(x => parsePositiveInt(x, flag, MAX_AGENTS))
/** Beyond these a value cannot be meant: each trial is a whole agent run. */
const MAX_REPEATS = 10_000
const MAX_CONCURRENCY = 256
const MAX_AGENTS = 1000

/** Suites shipped with swarmbench, usable as `--tasks <name>`. */
const SHIPPED: Record<string, () => Task[]> = { coding: () => codingSuite() }

export async function loadTasks(file: string): Promise<{ suite: string; tasks: Task[] }> {
  if (SHIPPED[file] && !existsSync(file)) return { suite: file, tasks: SHIPPED[file]!() }
  let mod: Record<string, unknown>
  try { mod = await import(pathToFileURL(resolve(file)).href) } catch (e) {
    const err = e as NodeJS.ErrnoException
    if (err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(resolve(file))) throw new SwarmbenchError('task file not found', { file, fix: 'pass --tasks <file.ts|.js> exporting an array of defineTask(…)' })
    if (err instanceof SwarmbenchError || err?.name === 'SwarmbenchError') throw e
    throw new SwarmbenchError(`could not load: ${err.message.split('\n')[0]}`, { file })
  }
  const raw = (mod.default ?? mod.tasks) as unknown
  if (!Array.isArray(raw) || raw.length === 0) throw new SwarmbenchError('exports no tasks', { file, fix: 'export default [defineTask({ … }), …]' })
  const tasks = raw.map(t => (Object.isFrozen(t) ? (t as Task) : defineTask(t as never)))
  return { suite: typeof mod.suite === 'string' ? mod.suite : basename(file).replace(/\.[cm]?[jt]s$/, ''), tasks }
}

interface RunOpts {
  tasks: string; engine: string; strategy?: string; mode?: string; maxAgents?: string; sparc?: string; consensus?: string; model?: string
  claudeMd?: string; repeats: string; concurrency: string; seed: string; checkpoint?: string; record?: string; replay?: string
  command?: string; maxTurns?: string; baseUrl?: string; api: string; rounds: string; json?: boolean; gate?: boolean; update?: boolean
}

export function register(program: Command, state: CliState): void {
  const cmd = program.command('swarm').description('swarm task benchmarks: a matrix of configurations over a task suite, with sound success-rate verdicts')
  cmd.command('run')
    .description('run the matrix (tasks × cells × repeats), store it, diff it against the baseline')
    .requiredOption('--tasks <file>', 'a module exporting an array of defineTask(…), or a shipped suite: coding')
    .option('--engine <name>', 'claude-flow, claude-code or http', 'claude-flow')
    .option('--strategy <list>', 'strategies, comma-separated (auto, research, development, analysis, testing, optimization, maintenance)')
    .option('--mode <list>', 'coordination modes (centralized, distributed, hierarchical, mesh, hybrid)')
    .option('--max-agents <list>', 'agents per swarm, comma-separated')
    .option('--sparc <list>', 'SPARC modes (claude-flow sparc <mode>)')
    .option('--consensus <list>', 'hive-mind consensus (majority, weighted, byzantine)')
    .option('--model <list>', 'models')
    .option('--claude-md <list>', 'CLAUDE.md files to place in each workdir')
    .option('--repeats <n>', 'trials per task per cell', '3')
    .option('--concurrency <n>', 'trials at once', '4')
    .option('--seed <n>', 'run seed (trial seeds derive from it)', '0')
    .option('--checkpoint <file>', 'SQLite checkpoint; rerun the same command to resume a killed run (default <out-dir>/swarm-checkpoints.sqlite)')
    .option('--record <dir>', 'record every trial into cassettes')
    .option('--replay <dir>', 'replay trials from cassettes, offline (figures labelled replayed)')
    .option('--command <argv>', 'the CLI to run, space-separated (e.g. "npx claude-flow@alpha")')
    .option('--max-turns <n>', 'claude-code: --max-turns')
    .option('--base-url <url>', 'http: the API base, e.g. http://127.0.0.1:11434/v1')
    .option('--api <kind>', 'http: openai or anthropic', 'openai')
    .option('--rounds <n>', 'http: exchange rounds of the mesh mode', '2')
    .option('--gate', 'exit 1 when a gating regression is found against the baseline')
    .option('--update', 'make this run the baseline')
    .option('--json', 'print a machine-readable summary on stdout')
    .action(async (o: RunOpts) => {
      // Every value first: a wrong one must not start a single trial.
      exclusive({ '--record': o.record, '--replay': o.replay })
      const seed = parseWholeNumber(o.seed, '--seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
      const repeats = parsePositiveInt(o.repeats, '--repeats', MAX_REPEATS)
      const concurrency = parsePositiveInt(o.concurrency, '--concurrency', MAX_CONCURRENCY)
      const engine = makeEngine(o)
      const { suite, tasks } = await loadTasks(o.tasks)
      const paths = pathsFrom(program, state.io)
      const options = { ...parseOptions({}, 'command line'), ...(o.gate ? { gate: true } : {}), ...(o.update ? { updateBaseline: 'always' as const } : {}), ...(o.json ? { print: false } : {}) }
      const matrix = {
        ...(list(o.strategy) ? { strategy: list(o.strategy) } : {}), ...(list(o.mode) ? { mode: list(o.mode) } : {}),
        ...(o.maxAgents ? { agents: ints(o.maxAgents, '--max-agents') } : {}), ...(list(o.sparc) ? { sparc: list(o.sparc) } : {}),
        ...(list(o.consensus) ? { consensus: list(o.consensus) } : {}), ...(list(o.model) ? { model: list(o.model) } : {}),
        ...(list(o.claudeMd) ? { claudeMd: list(o.claudeMd)!.map(f => resolve(state.io.cwd, f)) } : {}),
      }
      const result = await runSwarm({
        suite, tasks, matrix: matrix as never, engine, repeats, concurrency, seed,
        checkpoint: o.checkpoint ? resolve(state.io.cwd, o.checkpoint) : resolve(paths.lastRun, '..', 'swarm-checkpoints.sqlite'),
        ...(o.record ? { cassettes: { dir: resolve(state.io.cwd, o.record), mode: 'record' as const } } : {}),
        ...(o.replay ? { cassettes: { dir: resolve(state.io.cwd, o.replay), mode: 'replay' as const } } : {}),
      })
      if (result.graderErrors.length) {
        const first = result.graderErrors[0]!
        throw new SwarmbenchError(`${result.graderErrors.length} trial(s) had a grader that threw (first: ${first.id}: ${first.message}); nothing was stored as a run, the trials are kept in the checkpoint`, { fix: 'fix the grader, then rerun the same command (finished trials are not repeated)' })
      }
      const log = (s: string) => (o.json ? state.io.err : state.io.out)(`${s}\n`)
      if (!o.json) state.io.out(renderMatrix(result.cells, 'terminal', `swarm ${suite} (${engine.name}, ${result.trials.length} trials)`))
      for (const f of result.infrastructureFailures.slice(0, 3)) log(`swarmbench: trial ${f.id} failed for infrastructure reasons after retries: ${f.message}`)
      const baseline = swarmBaseline(result, paths.root)
      const finished = await finishRun(baseline, paths, options, { log, error: s => state.io.err(`${s}\n`) }, state.io.env)
      try { writeFileAtomic(resolve(paths.markdown, '..', 'swarm.md'), renderMatrix(result.cells, 'markdown', `swarm ${suite} (${engine.name})`)) } catch (e) { for (const line of describeFailure(e, { env: state.io.env }).lines) state.io.err(`${line}\n`) }
      if (o.json) {
        state.io.out(`${JSON.stringify({
          exitCode: finished.exitCode, runId: result.runId, suite, engine: engine.name, trials: result.trials.length, counts: result.counts,
          cells: result.cells.map(c => ({ cell: c.cell, successes: c.successes, trials: c.trials, successRate: c.successRate, wilson: c.wilson, passAtK: c.passAtK, k: c.k, costPerSolved: c.costPerSolved, provenance: c.provenance, failures: c.failures })),
          summary: finished.comparison?.summary ?? null,
          regressions: finished.comparison?.rows.filter(r => r.verdict === 'regressed' && r.gating).map(r => ({ id: r.id, metric: r.metric, base: r.base, head: r.head, pAdjusted: r.pAdjusted ?? null })) ?? [],
        }, null, 2)}\n`)
      }
      state.exitCode = result.infrastructureFailures.length && finished.exitCode === 0 ? 2 : finished.exitCode
    })

  cmd.command('plan')
    .description('trials per cell needed to flag a drop in success rate with 80% power (exact test, Holm over the family)')
    .requiredOption('--rate <p>', 'the success rate you expect of the base configuration, e.g. 0.7')
    .requiredOption('--detect <d>', 'the drop to detect, e.g. 0.1 for ten points')
    .option('--cells <n>', 'tests corrected together (cells × gated metrics)', '1')
    .option('--alpha <a>', 'family-wise significance level', '0.05')
    .option('--power <p>', 'power wanted', '0.8')
    .option('--repeats <n>', 'instead: the power at this many trials per cell')
    .option('--test <name>', 'barnard or fisher', 'barnard')
    .option('--json', 'print JSON')
    .action((o: { rate: string; detect: string; cells: string; alpha: string; power: string; repeats?: string; test: string; json?: boolean }) => {
      const rate = parseFraction(o.rate, '--rate'), detect = parseFraction(o.detect, '--detect')
      if (!(detect > 0 && detect <= rate)) throw new SwarmbenchError(`--detect takes a drop no larger than --rate (${o.rate}), got '${o.detect}'`, { fix: `e.g. --detect ${+(rate / 2).toFixed(2)}` })
      const family = parsePositiveInt(o.cells, '--cells'), alpha = parseFraction(o.alpha, '--alpha'), power = parseFraction(o.power, '--power')
      const test = parseFormat(o.test, ['barnard', 'fisher'] as const, '--test')
      const level = alpha / family
      if (o.repeats) {
        const n = parsePositiveInt(o.repeats, '--repeats')
        const p = ratePower({ base: rate, head: rate - detect, n, level, test })
        state.io.out(o.json ? `${JSON.stringify({ rate, detect, trialsPerCell: n, power: p, level, test })}\n`
          : `${n} trials per cell: power ${(p * 100).toFixed(1)}% to flag ${fmtPts(detect)} below ${fmtPct(rate)} (${test === 'barnard' ? "Barnard's" : "Fisher's"} exact test at α/${family} = ${level.toPrecision(3)})\n`)
        return
      }
      const plan = planTrials({ rate, detect, alpha, power, family, test })
      if (plan.trialsPerCell === null) throw new SwarmbenchError(`no n ≤ 2000 trials per cell reaches ${power * 100}% power for a ${fmtPts(detect)} drop`, { fix: 'detect a larger drop or correct over fewer cells' })
      state.io.out(o.json ? `${JSON.stringify({ rate, detect, ...plan, test })}\n`
        : `${plan.trialsPerCell} trials per cell (power ${(plan.power * 100).toFixed(1)}%) to flag a drop of ${fmtPts(detect)} from ${fmtPct(rate)} with ${test === 'barnard' ? "Barnard's" : "Fisher's"} exact test at α/${family} = ${plan.level.toPrecision(3)} (Holm's first step over ${family} test(s))\n`)
    })
}

const fmtPct = (x: number) => `${+(x * 100).toFixed(1)}%`
const fmtPts = (x: number) => `${+(x * 100).toFixed(1)} points`

function makeEngine(o: RunOpts): Engine {
  const engine = parseFormat(o.engine, ['claude-flow', 'claude-code', 'http'] as const, '--engine')
  const command = o.command ? (o.command.split(' ').filter(Boolean) as [string, ...string[]]) : undefined
  if (engine === 'claude-flow') return claudeFlow({ ...(command ? { command } : {}) })
  if (engine === 'claude-code') return claudeCode({ ...(command ? { command } : {}), ...(o.maxTurns ? { maxTurns: parsePositiveInt(o.maxTurns, '--max-turns') } : {}) })
  if (!o.baseUrl) throw new SwarmbenchError('--engine http needs --base-url', { fix: 'e.g. --base-url http://127.0.0.1:11434/v1 --model llama3.2' })
  return http({ baseURL: o.baseUrl, api: parseFormat(o.api, ['openai', 'anthropic'] as const, '--api'), rounds: parsePositiveInt(o.rounds, '--rounds') })
}
