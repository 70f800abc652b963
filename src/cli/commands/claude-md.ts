// `swarmbench claude-md …`: generate a CLAUDE.md from a use case and goals, list the rules and why they
// exist, print the JSON Schemas of the catalog files, lint any CLAUDE.md, and evaluate variants on agent runs.
import { readFileSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import type { Command } from 'commander'
import { SwarmbenchError } from '../../errors/index.ts'
import { writeFileAtomic } from '../../store/baseline-file.ts'
import { loadCatalog, readJsonFile } from '../../claude-md/catalog.ts'
import { generate } from '../../claude-md/render.ts'
import { claudeMdJsonSchemas, ProjectContextSchema } from '../../claude-md/schema.ts'
import { lintClaudeMd } from '../../claude-md/lint.ts'
import { parseFormat, parsePositiveInt, type CliState } from '../context.ts'

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

  cmd.command('lint')
    .description('check a CLAUDE.md: size in tokens, duplicated or contradictory rules, tools and commands the project lacks, sections over budget (exit 1 on errors)')
    .argument('<file>', 'the CLAUDE.md to check')
    .option('--project <dir>', 'the project it belongs to (default: the file\'s folder)')
    .option('--model <id>', 'tokenizer model (exact only where an offline tokenizer exists)', 'claude-sonnet-4-5')
    .option('--section-budget <tokens>', 'tokens per section before a warning', '500')
    .option('--file-budget <tokens>', 'tokens in the file before a warning', '2500')
    .option('--tools <names>', 'extra tool names your setup adds, comma-separated')
    .option('--format <f>', 'text or json', 'text')
    .action(async (fileArg: string, o: { project?: string; model: string; sectionBudget: string; fileBudget: string; tools?: string; format: string }) => {
      const format = parseFormat(o.format, ['text', 'json'] as const)
      const file = resolve(state.io.cwd, fileArg)
      let text: string
      try { text = readFileSync(file, 'utf8') } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        throw new SwarmbenchError(code === 'ENOENT' ? 'file not found' : `cannot read (${code})`, { file, fix: 'pass the path of a CLAUDE.md' })
      }
      const report = await lintClaudeMd(text, {
        project: resolve(state.io.cwd, o.project ?? dirname(file)), model: o.model, tools: list(o.tools),
        sectionBudget: parsePositiveInt(o.sectionBudget, '--section-budget'), fileBudget: parsePositiveInt(o.fileBudget, '--file-budget'),
      })
      state.exitCode = report.errors > 0 ? 1 : 0
      if (format === 'json') { state.io.out(`${JSON.stringify({ file, ...report }, null, 2)}\n`); return }
      const name = relative(state.io.cwd, file) || file
      const size = report.tokens.exact ? `${report.tokens.count} tokens (${report.tokens.encoding}, exact for ${report.tokens.model})` : `${report.tokens.count} tokens (estimate: ${report.tokens.encoding} count as a proxy for ${report.tokens.model}, whose tokenizer is not available offline)`
      state.io.out(`${name}: ${size} · ${report.sections.length} sections · ${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}\n`)
      for (const f of report.findings) state.io.out(`  ${name}:${f.line}  ${f.severity.padEnd(7)} ${f.code}  ${f.message}. Fix: ${f.fix}\n`)
    })
}
