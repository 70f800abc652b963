// `swarmbench gate`: the pull-request gate. Exit 0 when nothing regressed, 1 on a gating regression, 2 when
// the gate could not judge (missing or corrupted baseline, nothing comparable, tool error).
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { runGate, type GateOptions, type Side } from '../../gate/index.ts'
import { MAX_ROUNDS, runSuite } from '../../run/index.ts'
import { exclusive, historyFlag as parseHistoryFlag, parseFormat, parseFraction, parsePositiveInt, parsePositiveNumber, pathsFrom, type CliState } from '../context.ts'

interface GateFlags {
  baseline?: string; branch?: string; history?: string; current?: string; base?: string; rounds?: string
  report?: string; install: string; threshold?: string; alpha?: string; correction?: string
  testNamePattern?: string; project?: string; allowInconclusive?: boolean
  adaptive?: boolean; maxRounds?: string; looks?: string; detect?: string; maxMinutes?: string; allFiles?: boolean
}

export function register(program: Command, state: CliState): void {
  program.command('gate')
    .description('judge the current code against a baseline and exit 1 on any regression (0 ok, 2 could not judge)')
    .argument('[filters...]', 'file filters passed to vitest')
    .option('--baseline <file>', 'compare against this baseline file (default <out-dir>/baseline.json)')
    .option('--branch <name>', 'compare against this branch\'s baseline in the history (promoted by `baseline save --branch`), else its last run')
    .option('--history <file-or-url>', 'history for --branch, for a single run\'s noise and for the report\'s trend charts: a SQLite file (default <out-dir>/history.sqlite) or a postgres:// URL')
    .option('--current <file>', 'use this finished run as the head instead of running the suite')
    .option('--base <ref>', 'reliable mode: run base (a temporary git worktree of <ref>) and head alternately, A B A B …')
    .option('--rounds <n>', 'process runs per side, fixed (default with --base: adaptive, at most 6; else as many as the baseline holds); timing needs ≥ 2')
    .option('--adaptive', 'with --base (the default without --rounds): run rounds in looks (2, 3, 4, 6) and stop once every gating row is decided')
    .option('--no-adaptive', 'with --base: the fixed design, 6 rounds per side (or --rounds N)')
    .option('--max-rounds <n>', 'adaptive: most rounds per side (default 6)')
    .option('--looks <list>', 'adaptive: rounds per side at each look, e.g. 2,3,4,6')
    .option('--detect <fraction>', 'adaptive: slowdown kept detectable, rows that rule it out stop early (default 0.05)')
    .option('--max-minutes <m>', 'adaptive: time budget; no look is started that would end after it')
    .option('--all-files', 'adaptive: run every bench file at every look (default: after a look, only files with an open gating row)')
    .option('--allow-inconclusive', 'run even when the rounds cannot reach a timing verdict (otherwise: one line and exit 2 before anything runs)')
    .option('--report <file>', 'Markdown report for a pull-request comment (default <out-dir>/gate.md)')
    .option('--install <mode>', 'base dependencies: auto (reuse node_modules when lockfiles match) | always | never', 'auto')
    .option('--threshold <fraction>', 'noise threshold, e.g. 0.05 for 5% (default: project option, else 0.02)')
    .option('--alpha <fraction>', 'significance level after correction (default 0.05)')
    .option('--correction <method>', 'holm (family-wise error) | bh (false discovery rate)')
    .option('-t, --test-name-pattern <pattern>', 'only benchmarks whose test name matches')
    .option('--project <name>', 'only this Vitest project')
    .action(async (filters: string[], flags: GateFlags) => {
      const globals = program.opts<{ baseline?: string; history?: string }>()
      const paths = pathsFrom(program, state.io)
      const fromCwd = (f: string | undefined) => (f === undefined ? undefined : resolve(state.io.cwd, f))
      // One source of the baseline: a file, the last run on a branch, or a git ref run side by side.
      exclusive({ '--baseline': flags.baseline ?? globals.baseline, '--branch': flags.branch, '--base': flags.base }, 'keep one of --baseline FILE, --branch NAME, --base REF')
      exclusive({ '--current': flags.current, '--base': flags.base }, '--base runs the current code itself; drop --current, or drop --base and pass --baseline')
      const baselineFlag = fromCwd(flags.baseline ?? globals.baseline)
      const historyValue = flags.history ?? globals.history
      const historyFlag = historyValue === undefined ? undefined : parseHistoryFlag(historyValue, state.io.cwd)
      const vitestArgs = [...(flags.testNamePattern ? ['-t', flags.testNamePattern] : []), ...(flags.project ? ['--project', flags.project] : [])]
      const compare = {
        ...(flags.threshold !== undefined ? { threshold: parseFraction(flags.threshold, '--threshold', { allowZero: true }) } : {}),
        ...(flags.alpha !== undefined ? { alpha: parseFraction(flags.alpha, '--alpha') } : {}),
        ...(flags.correction !== undefined ? { correction: parseFormat(flags.correction, ['holm', 'bh'] as const, '--correction') } : {}),
      }
      // Without a mode, the project's baseline file is the baseline (and its absence is an error, not a pass).
      const mode = flags.base !== undefined ? { base: flags.base }
        : flags.branch !== undefined ? { branch: flags.branch }
        : { baseline: baselineFlag ?? paths.baseline }
      const options: GateOptions = {
        // The history (--history, SWARMBENCH_HISTORY_URL, or the project's file) in every mode: the baseline of
        // --branch, the between-run noise of a single run, and the comment's trend charts.
        root: paths.root, ...mode, history: historyFlag ?? paths.history,
        ...(flags.current !== undefined ? { current: fromCwd(flags.current)! } : {}),
        ...(flags.rounds !== undefined ? { rounds: parsePositiveInt(flags.rounds, '--rounds', MAX_ROUNDS) } : {}),
        report: fromCwd(flags.report) ?? paths.markdown.replace(/[^/\\]+$/, 'gate.md'),
        install: parseFormat(flags.install, ['auto', 'always', 'never'] as const, '--install'),
        ...(flags.allowInconclusive ? { allowInconclusive: true } : {}),
        ...(flags.adaptive !== undefined ? { adaptive: flags.adaptive } : {}),
        ...(flags.maxRounds !== undefined ? { maxRounds: parsePositiveInt(flags.maxRounds, '--max-rounds', MAX_ROUNDS) } : {}),
        ...(flags.looks !== undefined ? { looks: flags.looks.split(',').map(v => parsePositiveInt(v.trim(), '--looks', MAX_ROUNDS)) } : {}),
        ...(flags.detect !== undefined ? { detect: parseFraction(flags.detect, '--detect') } : {}),
        ...(flags.maxMinutes !== undefined ? { maxMinutes: parsePositiveNumber(flags.maxMinutes, '--max-minutes') } : {}),
        ...(flags.allFiles ? { allFiles: true } : {}),
        compare,
      }
      let projectCompare: Record<string, unknown> | undefined
      const result = await runGate(options, {
        env: state.io.env,
        ...(state.io.columns ? { columns: state.io.columns } : {}),
        stdout: line => state.io.out(`${line}\n`),
        stderr: line => state.io.err(`${line}\n`),
        projectCompare: () => projectCompare,
        // files: the adaptive gate's later rounds run only the bench files with an open row (vitest's path filters,
        // which the user's filters would have matched too).
        runSuite: async (side: Side, _round: number, root: string, files?: readonly string[]) => {
          const { run, options: project } = await runSuite({ root, filters: files ? [...files] : filters, vitestArgs, rounds: 1, env: state.io.env, output: 'stderr' })
          if (side === 'head') projectCompare = project.compare as Record<string, unknown>
          return run
        },
      })
      state.exitCode = result.exitCode
    })
}
