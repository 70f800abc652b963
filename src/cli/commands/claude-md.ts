// `swarmbench claude-md …`: generate a CLAUDE.md from a use case and goals, list the rules and why they
// exist, print the JSON Schemas of the catalog files, lint any CLAUDE.md, and evaluate variants on agent runs.
import { existsSync } from 'node:fs'
import { dirname, relative, resolve } from 'node:path'
import type { Command } from 'commander'
import { SwarmbenchError } from '../../errors/index.ts'
import { writeFileAtomic } from '../../store/baseline-file.ts'
import { loadCatalog, readJsonFile, readTextFile } from '../../claude-md/catalog.ts'
import { generate } from '../../claude-md/render.ts'
import { claudeMdJsonSchemas, ProjectContextSchema } from '../../claude-md/schema.ts'
import { lintClaudeMd } from '../../claude-md/lint.ts'
import { evaluateClaudeMd, variantsFrom } from '../../claude-md/evaluate.ts'
import { evaluationJson, renderEvaluation } from '../../claude-md/report.ts'
import { claudeCode, claudeFlow } from '../../swarm/engines/cli.ts'
import { loadTasks } from './swarm.ts'
import { parseFormat, parseFraction, parsePositiveInt, pathsFrom, type CliState } from '../context.ts'

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
      const text = readTextFile(file, 'pass the path of a CLAUDE.md')
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

  cmd.command('evaluate')
    .description('does a CLAUDE.md help? run each variant (or none) as the claudeMd axis of a swarm matrix and compare success, tokens, cost, time and turns')
    .requiredOption('--variants <list>', 'CLAUDE.md files, comma-separated; "none" for no CLAUDE.md (the control)')
    .requiredOption('--tasks <suite>', 'a module exporting defineTask(…)s, or a shipped suite: coding')
    .option('--engine <name>', 'claude-code or claude-flow', 'claude-code')
    .option('--repeats <n>', 'trials per task per variant', '5')
    .option('--task <ids>', 'only these task ids of the suite, comma-separated')
    .option('--concurrency <n>', 'trials at once', '4')
    .option('--seed <n>', 'run seed (trial seeds derive from it)', '0')
    .option('--alpha <a>', 'family-wise significance level (Holm over every test)', '0.05')
    .option('--threshold <f>', 'relative change a per-trial figure must clear to count', '0.05')
    .option('--timeout <s>', 'seconds per trial (default the task\'s own)')
    .option('--command <argv>', 'the CLI to run, space-separated (e.g. "npx claude-flow@alpha")')
    .option('--max-turns <n>', 'claude-code: --max-turns')
    .option('--checkpoint <file>', 'SQLite checkpoint; rerun the same command to resume (default <out-dir>/claude-md-checkpoints.sqlite)')
    .option('--score <kind>', 'also print the seed system\'s weighted score ("seed"), computed from the measured figures')
    .option('--json', 'print JSON')
    .action(async (o: { variants: string; tasks: string; engine: string; repeats: string; task?: string; concurrency: string; seed: string; alpha: string; threshold: string; timeout?: string; command?: string; maxTurns?: string; checkpoint?: string; score?: string; json?: boolean }) => {
      const variants = variantsFrom(list(o.variants).map(v => (v === 'none' ? v : resolve(state.io.cwd, v))))
      for (const v of variants) if (v.file !== null && !existsSync(v.file)) throw new SwarmbenchError('variant file not found', { file: v.file, fix: 'pass existing CLAUDE.md files, or none for the control' })
      const score = o.score === undefined ? undefined : parseFormat(o.score, ['seed'] as const, '--score')
      const kind = parseFormat(o.engine, ['claude-code', 'claude-flow'] as const, '--engine')
      const command = o.command ? (o.command.split(' ').filter(Boolean) as [string, ...string[]]) : undefined
      const engine = kind === 'claude-flow' ? claudeFlow({ ...(command ? { command } : {}) }) : claudeCode({ ...(command ? { command } : {}), ...(o.maxTurns ? { maxTurns: parsePositiveInt(o.maxTurns, '--max-turns') } : {}) })
      let { suite, tasks } = await loadTasks(o.tasks)
      const only = list(o.task)
      if (only.length) {
        for (const id of only) if (!tasks.some(t => t.id === id)) throw new SwarmbenchError(`no task '${id}' in suite ${suite}`, { field: '--task', fix: `use one of ${tasks.map(t => t.id).join(', ')}` })
        tasks = tasks.filter(t => only.includes(t.id))
      }
      if (o.timeout) { const ms = parsePositiveInt(o.timeout, '--timeout') * 1000; tasks = tasks.map(t => ({ ...t, timeoutMs: ms })) }
      const seed = Number(o.seed)
      if (!Number.isInteger(seed)) throw new SwarmbenchError(`--seed takes a whole number, got '${o.seed}'`)
      const paths = pathsFrom(program, state.io)
      const e = await evaluateClaudeMd({
        suite, tasks, engine, variants, repeats: parsePositiveInt(o.repeats, '--repeats'), concurrency: parsePositiveInt(o.concurrency, '--concurrency'), seed,
        alpha: parseFraction(o.alpha, '--alpha'), threshold: parseFraction(o.threshold, '--threshold', { allowZero: true }),
        checkpoint: o.checkpoint ? resolve(state.io.cwd, o.checkpoint) : resolve(paths.lastRun, '..', 'claude-md-checkpoints.sqlite'),
      })
      if (e.run.graderErrors.length) {
        const first = e.run.graderErrors[0]!
        throw new SwarmbenchError(`${e.run.graderErrors.length} trial(s) had a grader that threw (first: ${first.id}: ${first.message})`, { fix: 'fix the grader, then rerun the same command (finished trials are not repeated)' })
      }
      state.io.out(o.json ? `${JSON.stringify(evaluationJson(e, score ? { score } : {}), null, 2)}\n` : renderEvaluation(e, score ? { score } : {}))
      for (const f of e.run.infrastructureFailures.slice(0, 3)) state.io.err(`swarmbench: trial ${f.id} failed for infrastructure reasons after retries: ${f.message}\n`)
      state.exitCode = e.run.infrastructureFailures.length ? 2 : 0
    })
}
