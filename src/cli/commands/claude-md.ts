// `swarmbench claude-md …`: generate a CLAUDE.md from a use case and goals, list the rules and why they
// exist, print the JSON Schemas of the catalog files, lint any CLAUDE.md, and evaluate variants on agent runs.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { SwarmbenchError } from '../../errors/index.ts'
import { writeFileAtomic } from '../../store/baseline-file.ts'
import { loadCatalog, readJsonFile } from '../../claude-md/catalog.ts'
import { generate } from '../../claude-md/render.ts'
import { claudeMdJsonSchemas, ProjectContextSchema } from '../../claude-md/schema.ts'
import { parseFormat, type CliState } from '../context.ts'

const list = (v: string | undefined) => (v === undefined ? [] : v.split(',').map(s => s.trim()).filter(Boolean))

export function register(program: Command, state: CliState): void {
  const cmd = program.command('claude-md').description('generate, lint and evaluate CLAUDE.md files (effectiveness measured on agent runs)')
  const catalogOf = (files: string | undefined) => loadCatalog(list(files).map(f => resolve(state.io.cwd, f)))

  cmd.command('generate')
    .description('render a CLAUDE.md from a use-case template, the rules of the chosen goals and your project context (deterministic)')
    .requiredOption('--use-case <id>', 'a template id (swarmbench claude-md templates lists them)')
    .option('--optimize <goals>', 'goals, comma-separated: speed, accuracy, tokens, memory, concurrency')
    .option('--context <file>', 'project.json: name, languages, testCommand, lintCommand, buildCommand, conventions')
    .option('--catalog <files>', 'your templates/rules files, comma-separated (same id replaces a shipped entry)')
    .option('--out <file>', 'write here instead of stdout')
    .action((o: { useCase: string; optimize?: string; context?: string; catalog?: string; out?: string }) => {
      const catalog = catalogOf(o.catalog)
      const context = o.context ? readJsonFile(resolve(state.io.cwd, o.context), ProjectContextSchema, 'see `swarmbench claude-md schema context`') : {}
      const text = generate({ catalog, useCase: o.useCase, goals: list(o.optimize), context })
      if (o.out) {
        const file = resolve(state.io.cwd, o.out)
        writeFileAtomic(file, text)
        state.io.err(`swarmbench: wrote ${file} (${Buffer.byteLength(text)} bytes)\n`)
      } else state.io.out(text)
    })

  cmd.command('templates')
    .description('list the use-case templates')
    .option('--catalog <files>', 'your catalog files, comma-separated')
    .action((o: { catalog?: string }) => {
      for (const t of catalogOf(o.catalog).templates) state.io.out(`${t.id.padEnd(26)} ${t.title} (${t.source}; ${t.swarmTopology}, ${t.maxAgents} agents)\n`)
    })

  cmd.command('rules')
    .description('list the optimization rules: the goals that switch each on, what it writes, and why')
    .option('--catalog <files>', 'your catalog files, comma-separated')
    .option('--format <f>', 'text or json', 'text')
    .action((o: { catalog?: string; format: string }) => {
      const format = parseFormat(o.format, ['text', 'json'] as const)
      const c = catalogOf(o.catalog)
      if (format === 'json') { state.io.out(`${JSON.stringify({ goals: c.goals, rules: c.rules }, null, 2)}\n`); return }
      for (const g of c.goals) state.io.out(`goal ${g.id}: ${g.description}\n`)
      for (const r of c.rules) {
        const effects = [...Object.entries(r.config).map(([k, v]) => `${k} = ${v}`), ...(r.agents?.factor ? [`agents × ${r.agents.factor}`] : []), ...(r.agents?.cap ? [`agents ≤ ${r.agents.cap}`] : [])]
        state.io.out(`\n${r.id} [${r.category}; goals ${r.goals.join(', ')}]\n  writes: ${r.text}\n${effects.length ? `  sets:   ${effects.join('; ')}\n` : ''}  why:    ${r.why}\n`)
      }
    })

  cmd.command('schema')
    .description('print the JSON Schema of a file format: templates, rules, catalog or context')
    .argument('<name>', 'templates, rules, catalog or context')
    .action((name: string) => {
      const schemas = claudeMdJsonSchemas()
      if (!(name in schemas)) throw new SwarmbenchError(`no schema named '${name}'`, { fix: `use one of ${Object.keys(schemas).join(', ')}` })
      state.io.out(`${JSON.stringify(schemas[name as keyof typeof schemas], null, 2)}\n`)
    })
}
