import { z } from 'zod'
import type { Command } from 'commander'
import { baselineJsonSchema } from '../../schema/baseline.ts'
import { SwarmbenchOptionsSchema } from '../../plugin/options.ts'
import type { CliState } from '../context.ts'

export function register(program: Command, state: CliState): void {
  const schema = program.command('schema').description('print the JSON Schema of a swarmbench file format')
  schema.command('baseline')
    .description('the baseline / run file (baseline.json, last-run.json)')
    .action(() => state.io.out(`${JSON.stringify(baselineJsonSchema(), null, 2)}\n`))
  schema.command('options')
    .description('the options of swarmbench() in vitest.config.ts')
    .action(() => state.io.out(`${JSON.stringify(z.toJSONSchema(SwarmbenchOptionsSchema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`))
}
