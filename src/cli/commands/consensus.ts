// `swarmbench consensus replay|sweep`: re-run a seeded consensus simulation with its full trace (same seed,
// same trace hash), or sweep seeded fault schedules for safety violations.
import type { Command } from 'commander'
import { SwarmbenchError, EXIT } from '../../errors/index.ts'
import { MECHANISMS, MechanismSchema } from '../../consensus/registry.ts'
import { describeRun, replayScenario } from '../../consensus/replay.ts'
import { safetySweep } from '../../consensus/sweep.ts'
import { parseFormat, parsePositiveInt, parseWholeNumber, type CliState } from '../context.ts'

const FAULTS = ['none', 'within', 'beyond'] as const

function mechanism(value: string): (typeof MECHANISMS)[number] {
  const r = MechanismSchema.safeParse(value)
  if (!r.success) throw new SwarmbenchError(`unknown consensus mechanism '${value}'`, { field: '--mechanism', fix: `use one of ${MECHANISMS.join(', ')}` })
  return r.data
}

function seed(value: string, flag = '--seed'): number {
  return parseWholeNumber(value, flag, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
}

export function register(program: Command, state: CliState): void {
  const cmd = program.command('consensus').description('deterministic consensus simulations: replay a seed, sweep fault schedules')
  cmd.command('replay')
    .description('re-run one seeded simulation and print its trace; exits 1 if a safety checker fails')
    .requiredOption('--mechanism <name>', `one of ${MECHANISMS.join(', ')}`)
    .requiredOption('--seed <n>', 'the seed (as printed by the safety sweep)')
    .option('--n <nodes>', 'cluster size', '4')
    .option('--decisions <k>', 'decisions to reach', '3')
    .option('--faults <kind>', `random fault schedule: ${FAULTS.join(', ')}`, 'within')
    .option('--limit <events>', 'print at most this many trace lines (0 = summary only)', '200')
    .option('--json', 'print the result as JSON (trace included)')
    .action(async (o: { mechanism: string; seed: string; n: string; decisions: string; faults: string; limit: string; json?: boolean }) => {
      const limit = parseWholeNumber(o.limit, '--limit', 0, Number.MAX_SAFE_INTEGER)
      const r = await replayScenario({
        mechanism: mechanism(o.mechanism), seed: seed(o.seed), n: parsePositiveInt(o.n, '--n', 1000),
        decisions: parsePositiveInt(o.decisions, '--decisions', 10_000), faults: parseFormat(o.faults, FAULTS, '--faults'),
      })
      if (o.json) state.io.out(`${JSON.stringify(r, null, 2)}\n`)
      else {
        state.io.out(`${describeRun(r)}\n`)
        if (limit > 0) state.io.out(`${r.trace.slice(0, limit).join('\n')}\n${r.trace.length > limit ? `… ${r.trace.length - limit} more events (--limit)\n` : ''}`)
      }
      if (!r.safety.ok) state.exitCode = EXIT.regression
    })
  cmd.command('sweep')
    .description('run seeded fault schedules and count safety violations (exits 1 on any within the bound)')
    .option('--mechanism <name>', 'one mechanism (default: all)')
    .option('--seeds <n>', 'schedules per mechanism', '1000')
    .option('--first <seed>', 'first seed', '1')
    .option('--faults <kind>', 'within or beyond the fault bound', 'within')
    .action(async (o: { mechanism?: string; seeds: string; first: string; faults: string }) => {
      const faults = parseFormat(o.faults, ['within', 'beyond'] as const, '--faults')
      const list = o.mechanism ? [mechanism(o.mechanism)] : MECHANISMS
      for (const m of list) {
        const r = await safetySweep({ mechanism: m, seeds: parsePositiveInt(o.seeds, '--seeds', 100_000_000), firstSeed: seed(o.first, '--first'), faults })
        state.io.out(`${m.padEnd(12)} ${faults} runs ${r.runs}  unsafe ${r.unsafe}  live ${r.live}/${r.withinBound} within bound  ${(r.wallMs / 1000).toFixed(1)} s\n`)
        for (const f of r.failures.slice(0, 3)) state.io.out(`  replay: swarmbench consensus replay --mechanism ${m} --seed ${f.seed} --n ${f.n} --decisions ${1 + (f.seed % 3)} --faults ${faults}   (${f.violation})\n`)
        if (faults === 'within' && r.unsafe > 0) state.exitCode = EXIT.regression
      }
    })
}
