import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import type { Command } from 'commander'
import { DEFAULT_RUNS, writeHtmlReport } from '../../report/html/index.ts'
import { HISTORY_LIMITS } from '../../store/history.ts'
import { parsePositiveInt, pathsFrom, type CliState, type Io } from '../context.ts'

export function register(program: Command, state: CliState): void {
  program.command('report')
    .description('write one self-contained HTML report from the history: overview, trends, diff, swarm matrix')
    .option('--out <file>', 'where to write it (default <out-dir>/report.html)')
    .option('--runs <n>', 'trends over the newest n runs', String(DEFAULT_RUNS))
    .option('--branch <name>', 'only runs on this git branch')
    .option('--bench <pattern>', 'only benchmarks whose id contains this text')
    .option('--open', 'open it in the default browser')
    .action(async (opts: { out?: string; runs: string; branch?: string; bench?: string; open?: boolean }) => {
      const runs = parsePositiveInt(opts.runs, '--runs', HISTORY_LIMITS.limit)
      const paths = pathsFrom(program, state.io)
      const out = opts.out ? resolve(state.io.cwd, opts.out) : join(dirname(paths.markdown), 'report.html')
      const r = await writeHtmlReport(paths.history, out, { runs, ...(opts.branch !== undefined ? { branch: opts.branch } : {}), ...(opts.bench ? { bench: opts.bench } : {}) })
      state.io.out(`swarmbench: report → ${r.file} (${(r.bytes / 1024).toFixed(0)} KiB; ${r.runs} run(s), ${r.series} trend(s), ${r.rows} diff row(s))\n`)
      if (opts.open) openInBrowser(r.file, state.io)
    })
}

/** The platform's opener, as an argument array: open (macOS), start (Windows), xdg-open (elsewhere). */
export function openerFor(platform: NodeJS.Platform, file: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [file]]
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', file]]
  return ['xdg-open', [file]]
}

function openInBrowser(file: string, io: Io): void {
  const [cmd, args] = openerFor(process.platform, file)
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore', env: io.env })
  child.on('error', e => io.err(`swarmbench: could not open the report with ${cmd} (${(e as NodeJS.ErrnoException).code ?? e.message}); open ${file} in a browser yourself\n`))
  child.unref()
}
