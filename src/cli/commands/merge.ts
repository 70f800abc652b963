import type { Command } from 'commander'
import { DEFAULT_WIDTH } from '../../report/terminal.ts'
import { closingLines } from '../../run/closing.ts'
import { finishRun } from '../../run/finish.ts'
import { readShards, shardOptions } from '../../run/shards-file.ts'
import { mergeShards } from '../../run/shards.ts'
import { pathsFrom, type CliState } from '../context.ts'

export function register(program: Command, state: CliState): void {
  program.command('merge')
    .description('join the partial runs of a sharded suite (vitest bench --shard i/n) into one run, then store, diff and gate it like any run')
    .argument('<shards...>', 'shard files (shard-i-of-n.json) or folders holding them, e.g. .swarmbench/shards')
    .option('--gate', 'exit 1 when a gating regression is found against the baseline')
    .option('--update', 'make the merged run the baseline')
    .action(async (shards: string[], opts: { gate?: boolean; update?: boolean }) => {
      const parts = readShards(shards, state.io.cwd)
      const run = mergeShards(parts)
      const options = { ...shardOptions(parts[0]!), ...(opts.gate ? { gate: true } : {}), ...(opts.update ? { updateBaseline: 'always' as const } : {}) }
      const paths = pathsFrom(program, state.io, options)
      const log = (s: string) => state.io.out(`${s}\n`)
      log(`swarmbench: merged ${parts.length} shard(s): ${Object.keys(run.entries).length} benchmark(s)`)
      const result = await finishRun(run, paths, options, { log, error: s => state.io.err(`${s}\n`), columns: state.io.columns ?? DEFAULT_WIDTH }, state.io.env)
      for (const line of closingLines({ result, paths, gate: options.gate, cwd: state.io.cwd })) log(line)
      state.exitCode = result.exitCode
    })
}
