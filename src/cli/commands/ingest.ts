// `swarmbench ingest --format F <files…>`: other tools' result files become a run that is stored, diffed and
// gated like a Vitest run. The parsing is in src/ingest (one file per format); this is the adapter.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { SINGLE_PROCESS_JUDGED_ON } from '../../compare/index.ts'
import { environment, gitInfo } from '../../env/index.ts'
import { EXIT, describeFailure, SwarmbenchError } from '../../errors/index.ts'
import { FORMAT_NAMES, ingestFile, ingestedRun, isFormat, type IngestedInput, type IngestFormat } from '../../ingest/index.ts'
import { parseOptions } from '../../plugin/options.ts'
import { DEFAULT_WIDTH } from '../../report/terminal.ts'
import { closingLines } from '../../run/closing.ts'
import { finishRun } from '../../run/finish.ts'
import { writeBaselineFile } from '../../store/baseline-file.ts'
import { pathsFrom, type CliState } from '../context.ts'

export function register(program: Command, state: CliState): void {
  program.command('ingest')
    .description(`turn other tools' result files into a run, then store, diff and optionally gate it like any other (formats: ${FORMAT_NAMES.join(', ')})`)
    .argument('<files...>', 'result files (gzip-compressed ones too); FORMAT:path gives one file its own format')
    .option('--format <format>', `the files' format: ${FORMAT_NAMES.join(' | ')}`)
    .option('--gate', 'exit 1 when a gating regression is found against the baseline')
    .option('--update', 'make this run the baseline')
    .option('--output <file>', 'only write the run as a baseline-format file there (nothing stored, no diff)')
    .action(async (files: string[], opts: { format?: string; gate?: boolean; update?: boolean; output?: string }) => {
      if (opts.format !== undefined && !isFormat(opts.format)) {
        throw new SwarmbenchError(`--format takes one of ${FORMAT_NAMES.join(', ')}, got '${opts.format}'`)
      }
      const inputs: IngestedInput[] = []
      let bad = 0
      for (const arg of files) {
        // A bad file is one line; the other files are still read so that every mistake shows at once.
        try {
          const { format, path } = splitArg(arg, opts.format as IngestFormat | undefined)
          inputs.push(ingestFile(format, resolve(state.io.cwd, path), path))
        } catch (e) {
          bad++
          for (const line of describeFailure(e, { env: state.io.env }).lines) state.io.err(`${line}\n`)
        }
      }
      if (bad > 0) {
        state.io.err(`swarmbench: nothing ingested: ${bad} of ${files.length} file(s) could not be read (above)\n`)
        state.exitCode = EXIT.usage
        return
      }
      const { root, ...pathsOnly } = pathsFrom(program, state.io)
      const run = ingestedRun(inputs, { createdAt: new Date().toISOString(), git: gitInfo(root), env: environment('', false) })
      const count = Object.keys(run.entries).length
      if (opts.output) {
        writeBaselineFile(resolve(state.io.cwd, opts.output), run)
        state.io.out(`swarmbench: ${count} benchmark(s) from ${inputs.length} file(s) written to ${opts.output}\n`)
        return
      }
      const options = { ...parseOptions({}, 'command line'), ...(opts.gate ? { gate: true } : {}), ...(opts.update ? { updateBaseline: 'always' as const } : {}) }
      const log = (s: string) => state.io.out(`${s}\n`)
      state.io.out(`swarmbench: ingested ${count} benchmark(s) from ${inputs.length} file(s)\n`)
      const result = await finishRun(run, pathsOnly, options, { log, error: s => state.io.err(`${s}\n`), columns: state.io.columns ?? DEFAULT_WIDTH }, state.io.env)
      for (const line of closingLines({ result, paths: pathsOnly, gate: options.gate, cwd: state.io.cwd })) log(line)
      // The comparison's own advice (`gate --rounds`) runs Vitest; for files the rounds are more files.
      const single = result.comparison?.rows.filter(r => r.judgedOn === SINGLE_PROCESS_JUDGED_ON).length ?? 0
      if (single > 0) log(`swarmbench: ${single} timing row(s) rest on one process run per side and are not gated; for a verdict, ingest two or more result files per side (each from its own run of the tool: they become rounds), or keep 10 such runs in the history`)
      state.exitCode = result.exitCode
    })
}

/** `go-bench:out.txt` names its own format; a plain path takes --format. */
function splitArg(arg: string, fallback: IngestFormat | undefined): { format: IngestFormat; path: string } {
  const colon = arg.indexOf(':')
  const prefix = colon > 0 ? arg.slice(0, colon) : ''
  if (isFormat(prefix)) return { format: prefix, path: arg.slice(colon + 1) }
  if (!fallback) throw new SwarmbenchError('has no format', { file: arg, fix: `pass --format (${FORMAT_NAMES.join(', ')}) or write FORMAT:${arg}` })
  return { format: fallback, path: arg }
}
