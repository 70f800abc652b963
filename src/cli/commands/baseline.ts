import { resolve } from 'node:path'
import type { Command } from 'commander'
import { formatValue } from '../../report/index.ts'
import { describeRun } from '../../run/finish.ts'
import type { Baseline } from '../../schema/baseline.ts'
import { readBaselineFile, writeBaselineFile } from '../../store/baseline-file.ts'
import { displayLocation, historyMayExist, isDatabaseUrl } from '../../store/location.ts'
import { withStore } from '../../store/open.ts'
import { exclusive, parseFormat, parsePositiveInt, pathsFrom, type CliState } from '../context.ts'
import { textTable } from '../table.ts'
import { median } from '../../compare/stats/describe.ts'

export function register(program: Command, state: CliState): void {
  const baseline = program.command('baseline').description('show the baseline, or promote a run to be the baseline')

  baseline.command('save')
    .description('make a run the baseline: the latest run in the history by default')
    .option('--run <id>', 'a run id from the history')
    .option('--branch <name>', 'the latest run on this git branch')
    .option('--from <file>', 'a run file (e.g. .swarmbench/last-run.json)')
    .action(async (opts: { run?: string; branch?: string; from?: string }) => {
      const paths = pathsFrom(program, state.io)
      exclusive({ '--run': opts.run, '--branch': opts.branch, '--from': opts.from })
      const runId = opts.run !== undefined ? parsePositiveInt(opts.run, '--run') : undefined
      let run: Baseline
      if (opts.branch !== undefined && isDatabaseUrl(paths.history)) {
        // A shared history: the branch's baseline is a row there, promoted by compare-and-set; the file follows it.
        const branch = opts.branch
        const { latest, result, baseline: shared } = await withStore(paths.history, { mode: 'write' }, async store => {
          const latest = await store.findRunId({ branch })
          if (latest === null) return { latest, result: undefined, baseline: await store.loadRun({ branch }) } // throws "no run on branch"
          const result = await store.promoteBaseline(branch, latest)
          return { latest, result, baseline: await store.loadRun({ id: result.baseline.runId }) }
        })
        const where = displayLocation(paths.history)
        state.io.out(result!.promoted
          ? `baseline of ${branch} in ${where} ← run ${result!.baseline.runId} (version ${result!.baseline.version})\n`
          : `baseline of ${branch} in ${where} stays run ${result!.baseline.runId}: a newer run than run ${latest} (version ${result!.baseline.version}); the newer run always wins\n`)
        run = shared
      } else if (opts.from !== undefined) run = readBaselineFile(resolve(state.io.cwd, opts.from))
      else if (historyMayExist(paths.history) || runId !== undefined || opts.branch !== undefined) {
        run = await withStore(paths.history, { mode: 'read' },
          store => store.loadRun(runId !== undefined ? { id: runId } : opts.branch !== undefined ? { branch: opts.branch } : 'latest'))
      } else run = readBaselineFile(paths.lastRun)
      writeBaselineFile(paths.baseline, run)
      state.io.out(`baseline ${paths.baseline} ← run of ${describeRun(run)} (${Object.keys(run.entries).length} benchmarks)\n`)
    })

  baseline.command('show')
    .description('print the baseline: its run, environment and figures')
    .option('--format <format>', 'table | json', 'table')
    .action((opts: { format: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const)
      const paths = pathsFrom(program, state.io)
      const b = readBaselineFile(paths.baseline)
      if (format === 'json') { state.io.out(`${JSON.stringify(b, null, 2)}\n`); return }
      state.io.out(`baseline ${paths.baseline}\nrun of ${describeRun(b)} · Node ${b.run.env.node} · ${b.run.env.cpuModel} · rounds ${b.run.rounds}\n\n`)
      state.io.out(textTable(['benchmark', 'figure', 'value', 'rounds'], Object.values(b.entries).flatMap(e => [
        ...(e.rounds.length ? [[e.id, 'latency (median)', formatValue(median(e.rounds.map(r => r.latency.p50)), 'ms'), String(e.rounds.length)]] : []),
        ...Object.entries(e.metrics).map(([name, m]) => [e.rounds.length ? '' : e.id, name, formatValue(m.rounds[m.rounds.length - 1]!.value, m.unit), String(m.rounds.length)]),
      ]), state.io.columns))
    })
}
