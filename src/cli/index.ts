// The `swarmbench` command line. Each command lives in commands/<name>.ts and registers itself here.
// Exit codes: 0 ok, 1 regression found (where gating), 2 usage, input or tool error.
import { Command, CommanderError } from 'commander'
import { EXIT, describeFailure, oneLine } from '../errors/index.ts'
import type { CliState, Io } from './context.ts'
import { register as baseline } from './commands/baseline.ts'
import { register as compare } from './commands/compare.ts'
import { register as gate } from './commands/gate.ts'
import { register as history } from './commands/history.ts'
import { register as merge } from './commands/merge.ts'
import { register as run } from './commands/run.ts'
import { register as schema } from './commands/schema.ts'
import { register as consensus } from './commands/consensus.ts'
import { register as swarm } from './commands/swarm.ts'
import { register as claudeMd } from './commands/claude-md.ts'
import { register as ingest } from './commands/ingest.ts'
import { register as init } from './commands/init.ts'
import { register as report } from './commands/report.ts'

const COMMANDS = [init, run, ingest, merge, compare, gate, history, report, baseline, schema, consensus, swarm, claudeMd]

export function buildProgram(state: CliState): Command {
  const program = new Command('swarmbench')
    .description('benchmarks for multi-agent AI systems on Vitest 5: baselines, history, diffs and a pull-request gate')
    .option('--root <dir>', 'the project directory', '.')
    .option('--out-dir <dir>', 'where swarmbench keeps its files (default .swarmbench)')
    .option('--baseline <file>', 'the baseline file (default <out-dir>/baseline.json)')
    .option('--history <file-or-url>', 'the history: a SQLite file (default <out-dir>/history.sqlite) or a postgres:// URL (password in PGPASSWORD; or set SWARMBENCH_HISTORY_URL)')
    .exitOverride()
  for (const register of COMMANDS) register(program, state)
  for (const cmd of [program, ...allCommands(program)]) cmd.exitOverride().configureOutput(outputTo(state.io, cmd))
  return program
}

/** Help goes to stdout; a usage error is one line like every other failure: what is wrong, and where the usage is. */
function outputTo(io: Io, cmd: Command): { writeOut: (s: string) => void; writeErr: (s: string) => void; outputError: (s: string, write: (s: string) => void) => void } {
  return {
    writeOut: s => io.out(s),
    writeErr: s => io.err(s),
    outputError: (s, write) => write(`swarmbench: ${oneLine(s.trim().replace(/^error: /, ''))}. Fix: see \`${commandPath(cmd)} --help\`\n`),
  }
}

function commandPath(cmd: Command): string {
  const names: string[] = []
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name())
  return names.join(' ')
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap(sub => [sub, ...allCommands(sub)])
}

export async function main(argv: string[], io: Io): Promise<number> {
  const state: CliState = { io, exitCode: EXIT.ok }
  const program = buildProgram(state)
  try {
    await program.parseAsync(argv, { from: 'user' })
    return state.exitCode
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage
    }
    // The one boundary of every command: expected failures are one line, bugs one line (stack with SWARMBENCH_DEBUG=1).
    for (const line of describeFailure(e, { env: io.env }).lines) io.err(`${line}\n`)
    return EXIT.usage
  }
}
