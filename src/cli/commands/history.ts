import type { Command } from 'commander'
import { SwarmbenchError } from '../../errors/index.ts'
import { formatValue, provenanceLabel } from '../../report/index.ts'
import { withStore } from '../../store/open.ts'
import { HISTORY_LIMITS, type RunSummary } from '../../store/store.ts'
import { parseFormat, parsePositiveInt, pathsFrom, type CliState } from '../context.ts'
import { csvLine, textTable } from '../table.ts'

export function register(program: Command, state: CliState): void {
  const history = program.command('history').description('browse and prune the history of runs (the SQLite file or PostgreSQL URL of --history)')

  history.command('list')
    .description('list recent runs, newest first')
    .option('--bench <pattern>', 'only runs that hold a benchmark whose id contains this text')
    .option('--branch <name>', 'only runs on this git branch')
    .option('--limit <n>', 'at most this many runs', '20')
    .option('--format <format>', 'table | json | csv', 'table')
    .action(async (opts: { bench?: string; branch?: string; limit: string; format: string }) => {
      const format = parseFormat(opts.format, ['table', 'json', 'csv'] as const)
      const limit = parsePositiveInt(opts.limit, '--limit', HISTORY_LIMITS.limit)
      const runs = await withStore(pathsFrom(program, state.io).history, { mode: 'read' },
        store => store.listRuns({ limit, ...(opts.bench ? { bench: opts.bench } : {}), ...(opts.branch ? { branch: opts.branch } : {}) }))
      state.io.out(renderRuns(runs, format, state.io.columns))
    })

  history.command('show')
    .description('show one run: its environment and every benchmark and metric')
    .argument('<run>', "a run id from `history list`, or 'latest'")
    .option('--format <format>', 'table | json', 'table')
    .action(async (run: string, opts: { format: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const)
      const selector = run === 'latest' ? 'latest' as const : { id: parsePositiveInt(run, '<run>') }
      const b = await withStore(pathsFrom(program, state.io).history, { mode: 'read' }, store => store.loadRun(selector))
      if (format === 'json') { state.io.out(`${JSON.stringify(b, null, 2)}\n`); return }
      const r = b.run
      state.io.out([
        `run ${run} · ${r.createdAt} · git ${r.git.sha ?? '—'}${r.git.dirty ? ' (dirty)' : ''} on ${r.git.branch ?? '—'} · rounds ${r.rounds}`,
        `Node ${r.env.node} (V8 ${r.env.v8}) · ${r.env.os} ${r.env.arch} · ${r.env.cpuModel} × ${r.env.cpuCount} · ${r.env.runner ?? `Vitest ${r.env.vitest} · module runner ${r.env.moduleRunner ? 'on' : 'off'}`}`,
        '',
        textTable(['benchmark', 'figure', 'value', 'rounds', 'detail'], Object.values(b.entries).flatMap(e => [
          ...(e.rounds.length ? [[e.id, 'latency (mean)', formatValue(e.rounds.reduce((s, x) => s + x.latency.mean, 0) / e.rounds.length, 'ms'), String(e.rounds.length),
            [provenanceLabel(e.provenance), `n=${e.rounds.map(x => x.latency.n).join('+')}, ±${Math.max(...e.rounds.map(x => x.latency.rme)).toFixed(2)}%`].filter(Boolean).join('; ')]] : []),
          ...Object.entries(e.metrics).map(([name, m]) => [e.rounds.length ? '' : e.id, name,
            formatValue(m.rounds[m.rounds.length - 1]!.value, m.unit), String(m.rounds.length), [provenanceLabel(m.provenance), m.kind].filter(Boolean).join('; ')]),
        ]), state.io.columns),
      ].join('\n'))
    })

  history.command('prune')
    .description('delete old runs')
    .option('--keep <n>', 'keep only the newest n runs')
    .option('--older-than <days>', 'delete runs older than this many days')
    .action(async (opts: { keep?: string; olderThan?: string }) => {
      if (opts.keep === undefined && opts.olderThan === undefined) {
        throw new SwarmbenchError('history prune needs --keep N or --older-than DAYS', { fix: 'e.g. `swarmbench history prune --keep 50`' })
      }
      // Values first: a bad one must not open (let alone change) anything.
      const limits = {
        ...(opts.keep !== undefined ? { keep: parsePositiveInt(opts.keep, '--keep', HISTORY_LIMITS.keep) } : {}),
        ...(opts.olderThan !== undefined ? { olderThanDays: parsePositiveInt(opts.olderThan, '--older-than', HISTORY_LIMITS.olderThanDays) } : {}),
      }
      // An existing history only: a mistyped --history creates nothing.
      const n = await withStore(pathsFrom(program, state.io).history, { mode: 'write' }, store => store.pruneRuns(limits))
      state.io.out(`deleted ${n} run(s)\n`)
    })
}

function renderRuns(runs: RunSummary[], format: 'table' | 'json' | 'csv', width?: number): string {
  if (format === 'json') return `${JSON.stringify(runs, null, 2)}\n`
  const header = ['id', 'created', 'sha', 'branch', 'dirty', 'rounds', 'node', 'benchmarks', 'metrics']
  const rows = runs.map(r => [String(r.id), r.createdAt, r.sha?.slice(0, 12) ?? '', r.branch ?? '', r.dirty === null ? '' : String(r.dirty),
    String(r.rounds), r.node, String(r.benchmarks), String(r.metrics)])
  if (format === 'csv') return [header, ...rows].map(csvLine).join('\n') + '\n'
  return runs.length ? textTable(header, rows, width) : 'no runs match\n'
}
