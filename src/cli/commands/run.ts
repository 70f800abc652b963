import type { Command } from 'commander'
import { DEFAULT_WIDTH } from '../../report/terminal.ts'
import { closingLines } from '../../run/closing.ts'
import { displayLocation } from '../../store/location.ts'
import { dirname } from 'node:path'
import { finishRun } from '../../run/finish.ts'
import { writeShard } from '../../run/shards-file.ts'
import { parseShard } from '../../run/shards.ts'
import { MAX_ROUNDS, runSuite } from '../../run/index.ts'
import { parsePositiveInt, pathsFrom, type CliState } from '../context.ts'

export function register(program: Command, state: CliState): void {
  program.command('run')
    .description('run the benchmark suite (vitest bench --run), then store, diff and optionally gate, in one step')
    .argument('[filters...]', 'file filters passed to vitest')
    .option('--rounds <n>', 'run the suite in n separate processes; verdicts then rest on the variation between processes', '1')
    .option('-t, --test-name-pattern <pattern>', 'only benchmarks whose test name matches')
    .option('--project <name>', 'only this Vitest project')
    .option('--gate', 'exit 1 when a gating regression is found against the baseline')
    .option('--update', 'make this run the baseline')
    .option('--json', 'print a machine-readable summary on stdout (vitest output goes to stderr)')
    .option('--shard <i/n>', 'run only shard i of n (vitest --shard) and write it as a partial run; `swarmbench merge` joins the shards')
    .action(async (filters: string[], opts: { rounds: string; testNamePattern?: string; project?: string; gate?: boolean; update?: boolean; json?: boolean; shard?: string }) => {
      const rounds = parsePositiveInt(opts.rounds, '--rounds', MAX_ROUNDS)
      const shard = opts.shard !== undefined ? parseShard(opts.shard) : undefined
      const { root } = pathsFrom(program, state.io)
      const vitestArgs = [...(opts.testNamePattern ? ['-t', opts.testNamePattern] : []), ...(opts.project ? ['--project', opts.project] : []),
        ...(shard ? ['--shard', `${shard.index}/${shard.count}`] : [])]
      const { run, options } = await runSuite({
        root, filters, vitestArgs, rounds, env: state.io.env, output: opts.json ? 'stderr' : 'inherit',
        onRound: (i, n) => { if (n > 1) state.io.err(`swarmbench: round ${i} of ${n}\n`) },
      })
      if (shard) {
        const file = writeShard(root, options, run, shard)
        state.io.out(`swarmbench: shard ${shard.index}/${shard.count}: ${Object.keys(run.entries).length} benchmark(s) written to ${file}; join the shards with \`swarmbench merge ${dirname(file)}\`\n`)
        return
      }
      const resolved = { ...options, ...(opts.gate ? { gate: true } : {}), ...(opts.update ? { updateBaseline: 'always' as const } : {}), ...(opts.json ? { print: false } : {}) }
      const paths = pathsFrom(program, state.io, resolved)
      const log = (s: string) => (opts.json ? state.io.err : state.io.out)(`${s}\n`)
      const result = await finishRun(run, paths, resolved, { log, error: s => state.io.err(`${s}\n`), columns: state.io.columns ?? DEFAULT_WIDTH }, state.io.env)
      for (const line of closingLines({ result, paths, gate: resolved.gate, cwd: state.io.cwd })) log(line)
      if (opts.json) {
        const regressions = result.comparison?.rows.filter(r => r.verdict === 'regressed' && r.gating) ?? []
        state.io.out(`${JSON.stringify({
          exitCode: result.exitCode, runId: result.runId ?? null, rounds, benchmarks: Object.keys(run.entries).length,
          baselineWritten: result.baselineWritten, summary: result.comparison?.summary ?? null,
          environment: result.comparison?.environment ?? null,
          regressions: regressions.map(r => ({ id: r.id, metric: r.metric, changePct: r.changePct, ciPct: r.ciPct ?? null })),
          counts: result.tally ?? null,
          files: { baseline: paths.baseline, history: displayLocation(paths.history), markdown: paths.markdown, lastRun: paths.lastRun, ...(result.reports ? { full: result.reports.full, json: result.reports.json } : {}) },
        }, null, 2)}\n`)
      }
      state.exitCode = result.exitCode
    })
}
