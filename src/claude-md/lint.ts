// Lints a CLAUDE.md: its size in tokens (exact where an offline tokenizer for the model exists, else a
// labelled estimate), duplicated and contradictory rules, tools and commands that do not exist in the
// project, and sections over a size budget. Reads the project (package.json, Makefile, .mcp.json, files);
// never runs anything.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { countTokens } from '../tokens/count.ts'
import type { Provenance } from '../schema/baseline.ts'

/** Claude Code's built-in tools across recent versions (names as permission rules and hooks spell them). */
export const CLAUDE_CODE_TOOLS = ['Agent', 'AskUserQuestion', 'Bash', 'BashOutput', 'Edit', 'ExitPlanMode', 'Glob', 'Grep', 'KillShell', 'LS', 'LSP',
  'MultiEdit', 'NotebookEdit', 'NotebookRead', 'Read', 'Skill', 'SlashCommand', 'Task', 'TaskCreate', 'TaskGet', 'TaskList', 'TaskUpdate', 'TodoRead',
  'TodoWrite', 'WebFetch', 'WebSearch', 'Write'] as const

export const LintOptionsSchema = z.strictObject({
  /** The project the file belongs to (package.json scripts, Makefile targets, .mcp.json servers, paths). */
  project: z.string().optional(),
  /** The model whose tokenizer sizes the file; exact only where an offline tokenizer exists. */
  model: z.string().min(1).default('claude-sonnet-4-5'),
  /** Tokens one section may hold before a warning. */
  sectionBudget: z.number().int().min(1).default(500),
  /** Tokens the whole file may hold before a warning. */
  fileBudget: z.number().int().min(1).default(2500),
  /** Extra tool names to accept (your own, beyond Claude Code's built-ins and .mcp.json servers). */
  tools: z.array(z.string().min(1)).default([]),
})
export type LintOptions = z.input<typeof LintOptionsSchema>

export type LintCode = 'duplicate-rule' | 'contradiction' | 'unknown-tool' | 'unknown-mcp-server' | 'unchecked-mcp-tool' | 'unknown-script'
  | 'unchecked-script' | 'unknown-make-target' | 'missing-command' | 'section-over-budget' | 'file-over-budget' | 'empty-section'

export interface Finding { code: LintCode; severity: 'error' | 'warning'; line: number; message: string; fix: string }

export interface LintReport {
  tokens: { count: number; exact: boolean; encoding: string; model: string; provenance?: Provenance }
  sections: { heading: string; line: number; tokens: number }[]
  findings: Finding[]
  errors: number
  warnings: number
}

interface Line { n: number; text: string; code: boolean; lang: string }

export async function lintClaudeMd(text: string, options: LintOptions = {}): Promise<LintReport> {
  const o = LintOptionsSchema.parse(options)
  const lines = scan(text)
  const findings: Finding[] = []
  const project = o.project === undefined ? undefined : resolve(o.project)

  duplicates(lines, findings)
  contradictions(lines, findings)
  tools(lines, findings, project, new Set([...CLAUDE_CODE_TOOLS, ...o.tools]))
  commands(lines, findings, project)

  const total = await countTokens(text, o.model)
  const sections: LintReport['sections'] = []
  const heads = lines.filter(l => !l.code && /^#{1,6}\s/.test(l.text))
  for (let i = 0; i < heads.length; i++) {
    const h = heads[i]!, end = heads[i + 1]?.n ?? lines.length + 1
    const body = lines.filter(l => l.n > h.n && l.n < end).map(l => l.text).join('\n')
    const tokens = (await countTokens(`${h.text}\n${body}`, o.model)).tokens
    sections.push({ heading: h.text.replace(/^#+\s*/, ''), line: h.n, tokens })
    const nextLevel = heads[i + 1] ? heads[i + 1]!.text.match(/^#+/)![0].length : 0
    if (body.trim() === '' && !(nextLevel > h.text.match(/^#+/)![0].length)) findings.push({ code: 'empty-section', severity: 'warning', line: h.n, message: `section '${sections.at(-1)!.heading}' is empty`, fix: 'fill it or remove the heading' })
    if (tokens > o.sectionBudget) findings.push({ code: 'section-over-budget', severity: 'warning', line: h.n, message: `section '${sections.at(-1)!.heading}' holds ${tokens} tokens, over the budget of ${o.sectionBudget}`, fix: 'cut it down, or move the detail into a file the agent reads when it needs it' })
  }
  if (total.tokens > o.fileBudget) findings.push({ code: 'file-over-budget', severity: 'warning', line: 1, message: `the file holds ${total.tokens} tokens, over the budget of ${o.fileBudget}; every request carries it`, fix: 'keep the rules the agent needs on every task; move the rest out' })
  findings.sort((a, b) => a.line - b.line || a.code.localeCompare(b.code))
  return {
    tokens: { count: total.tokens, exact: total.exact, encoding: total.encoding, model: o.model, ...(total.provenance ? { provenance: total.provenance } : {}) },
    sections, findings, errors: findings.filter(f => f.severity === 'error').length, warnings: findings.filter(f => f.severity === 'warning').length,
  }
}

function scan(text: string): Line[] {
  const out: Line[] = []
  let fence: string | undefined, lang = ''
  text.split(/\r?\n/).forEach((t, i) => {
    const m = t.match(/^\s*(`{3,}|~{3,})\s*([\w+-]*)/)
    if (m && (fence === undefined || (m[1]!.startsWith(fence[0]!) && m[1]!.length >= fence.length))) {
      if (fence === undefined) { fence = m[1]!; lang = m[2]!.toLowerCase() } else { fence = undefined; lang = '' }
      out.push({ n: i + 1, text: t, code: true, lang: 'fence' })
      return
    }
    out.push({ n: i + 1, text: t, code: fence !== undefined, lang })
  })
  return out
}

/** A list item's instruction, without its marker. */
function items(lines: Line[]): { n: number; text: string }[] {
  return lines.filter(l => !l.code).map(l => ({ n: l.n, m: l.text.match(/^\s*(?:[-*+]|\d+[.)])\s+(.*)$/) })).filter(x => x.m).map(x => ({ n: x.n, text: x.m![1]! }))
}

const normal = (s: string) => s.toLowerCase().replace(/[*_`~]/g, '').replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim()

function duplicates(lines: Line[], findings: Finding[]): void {
  const first = new Map<string, number>()
  for (const it of items(lines)) {
    const key = normal(it.text)
    if (key.split(' ').length < 3) continue
    const prior = first.get(key)
    if (prior !== undefined) findings.push({ code: 'duplicate-rule', severity: 'error', line: it.n, message: `repeats line ${prior}: "${clip(it.text)}"`, fix: 'keep one copy; a repeated rule costs tokens on every request and reads as two different instructions' })
    else first.set(key, it.n)
  }
}

const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'to', 'of', 'in', 'on', 'for', 'with', 'your', 'you', 'it', 'its', 'is', 'are', 'be', 'all', 'any', 'every', 'each', 'always', 'never', 'do', 'not', 'dont', 'don', 't', 'must', 'should', 'avoid', 'please', 'that', 'this', 'when', 'before', 'after', 'at', 'as', 'by', 'from', 'into', 'one', 'use', 'using'])
const NEGATIVE = /^(never|do not|don't|dont|avoid|must not|should not|stop|no)\b/i
const words = (s: string) => new Set(normal(s).split(' ').filter(w => w && !STOP.has(w)).map(w => w.replace(/(ing|es|s)$/, '')))

/** Pairs of phrasings that cannot both be followed. */
const OPPOSITES: { a: RegExp; b: RegExp; topic: string }[] = [
  { topic: 'reply length', a: /\b(concise|brief|terse|short (replies|answers|responses)|minimi[sz]e (explanatory|explanations?))\b/i, b: /\b(detailed|verbose|thorough|lengthy|in depth) (explanations?|reasoning|replies|answers|responses)\b|\bexplain (everything|every step|each step|your reasoning) in detail\b/i },
  { topic: 'execution order', a: /\b(in parallel|parallel-first|concurrently)\b/i, b: /\b(strictly sequential(ly)?|never in parallel|one (task|agent|operation|tool call) at a time)\b/i },
  { topic: 'batching', a: /\b(batch\w*|in (a )?single message|in one message)\b/i, b: /\b(one (operation|tool call|command|edit) per message|separate messages? for each)\b/i },
]

function contradictions(lines: Line[], findings: Finding[]): void {
  const clauses = items(lines).flatMap(it => it.text.split(/;\s*/).map(c => ({ n: it.n, text: c.trim() })))
  const seen = new Set<string>()
  const report = (a: { n: number; text: string }, b: { n: number; text: string }, why: string) => {
    const key = `${a.n}:${b.n}`
    if (seen.has(key) || a.n === b.n) return
    seen.add(key)
    findings.push({ code: 'contradiction', severity: 'error', line: b.n, message: `contradicts line ${a.n} (${why}): "${clip(a.text)}" vs "${clip(b.text)}"`, fix: 'decide which one holds and delete the other' })
  }
  for (let i = 0; i < clauses.length; i++) for (let j = i + 1; j < clauses.length; j++) {
    const a = clauses[i]!, b = clauses[j]!
    const na = NEGATIVE.test(a.text), nb = NEGATIVE.test(b.text)
    if (na !== nb) {
      const wa = words(a.text), wb = words(b.text)
      const common = [...wa].filter(w => wb.has(w)).length
      if (common >= 2 && common / Math.min(wa.size, wb.size) >= 0.8) report(a, b, 'one says do, the other says do not')
    }
    for (const op of OPPOSITES) if ((op.a.test(a.text) && op.b.test(b.text)) || (op.b.test(a.text) && op.a.test(b.text))) report(a, b, op.topic)
  }
  // The same bold setting given two values: "**Execution Mode**: Parallel-first" and later "**Execution Mode**: Sequential".
  const settings = new Map<string, { n: number; value: string; text: string }>()
  for (const it of items(lines)) {
    const m = it.text.match(/^\*\*([^*]+)\*\*:\s*(.+)$/)
    if (!m) continue
    const label = m[1]!.trim().toLowerCase(), value = m[2]!.trim()
    const prior = settings.get(label)
    if (prior && normal(prior.value) !== normal(value)) report(prior, it, `'${m[1]!.trim()}' set twice`)
    else settings.set(label, { n: it.n, value, text: it.text })
  }
}

function tools(lines: Line[], findings: Finding[], project: string | undefined, known: Set<string>): void {
  const mcp = project ? mcpServers(project) : undefined
  const seen = new Set<string>()
  const check = (name: string, n: number) => {
    const key = `${name}:${n}`
    if (seen.has(key)) return
    seen.add(key)
    const m = name.match(/^mcp__([\w-]+?)__([\w-]+)$/)
    if (m) {
      if (mcp === undefined) findings.push({ code: 'unchecked-mcp-tool', severity: 'warning', line: n, message: `MCP tool '${name}' cannot be checked: ${project ? 'the project has no .mcp.json' : 'no project given'}`, fix: project ? `add the '${m[1]}' server to .mcp.json, or remove the instruction` : 'pass --project <dir> to check it' })
      else if (!mcp.has(m[1]!)) findings.push({ code: 'unknown-mcp-server', severity: 'error', line: n, message: `MCP tool '${name}' names server '${m[1]}', which .mcp.json does not configure (it has ${[...mcp].join(', ') || 'none'})`, fix: `add '${m[1]}' to .mcp.json or remove the instruction` })
      return
    }
    if (!known.has(name)) findings.push({ code: 'unknown-tool', severity: 'error', line: n, message: `'${name}' is not a Claude Code tool`, fix: `use one of ${[...CLAUDE_CODE_TOOLS].join(', ')} (or pass --tools ${name} if your setup adds it)` })
  }
  let inToolSection = false
  for (const l of lines) {
    if (!l.code && /^#{1,6}\s/.test(l.text)) { inToolSection = /\btools?\b/i.test(l.text) && !/\bmcp\b/i.test(l.text); continue }
    if (l.code) {
      // A call that starts a statement in a snippet: `Task("…")`, `  TodoWrite({ … })`, `mcp__claude-flow__swarm_init({`.
      const m = l.text.match(/^\s*\[?\s*(mcp__[\w-]+__[\w-]+|[A-Z][A-Za-z]+)\s*\(/)
      if (m && l.lang !== 'fence' && !['python', 'py', 'java', 'go', 'rust', 'ts', 'typescript', 'tsx', 'jsx', 'c', 'cpp'].includes(l.lang)) check(m[1]!, l.n)
      else if (m && m[1]!.startsWith('mcp__')) check(m[1]!, l.n)
      continue
    }
    for (const m of l.text.matchAll(/\b(mcp__[\w-]+__[\w-]+)/g)) check(m[1]!, l.n)
    for (const m of l.text.matchAll(/\b(?:the|use|using|with|call)\s+`?([A-Z][A-Za-z]+)`?\s+tools?\b/g)) check(m[1]!, l.n)
    for (const m of l.text.matchAll(/\bprefer\s+`?([A-Z][A-Za-z]+)`?\s+over\s+(?:(?:several|multiple|many)\s+)?`?([A-Z][A-Za-z]+)`?/gi)) { check(m[1]!, l.n); check(m[2]!, l.n) }
    // Under a "Tools" heading, a line that is only a list of names ("Edit > MultiEdit > Grep", "- Read, Glob") names tools.
    const bare = l.text.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').replace(/\*\*[^*]*\*\*:?/g, '').replace(/`/g, '').trim()
    if (inToolSection && bare && /^[A-Z][A-Za-z]*(\s*(?:>|,|\||→)\s*[A-Z][A-Za-z]*)*$/.test(bare)) for (const name of bare.split(/\s*(?:>|,|\||→)\s*/)) check(name, l.n)
  }
}

function mcpServers(project: string): Set<string> | undefined {
  const f = join(project, '.mcp.json')
  if (!existsSync(f)) return undefined
  try { return new Set(Object.keys((JSON.parse(readFileSync(f, 'utf8')) as { mcpServers?: object }).mcpServers ?? {})) } catch { return new Set() }
}

const NPM_BUILTINS = new Set(['install', 'i', 'ci', 'add', 'remove', 'uninstall', 'exec', 'x', 'dlx', 'init', 'create', 'publish', 'pack', 'audit', 'outdated', 'update', 'up', 'link', 'version', 'why', 'ls', 'list', 'info', 'view', 'config', 'login', 'whoami', 'help', 'dedupe', 'prune', 'rebuild', 'cache', 'store', 'workspace', 'workspaces'])

function commands(lines: Line[], findings: Finding[], project: string | undefined): void {
  const candidates: { n: number; cmd: string }[] = []
  for (const l of lines) {
    if (l.code) {
      if (l.lang !== 'fence' && ['', 'bash', 'sh', 'shell', 'console', 'zsh'].includes(l.lang)) candidates.push({ n: l.n, cmd: l.text.replace(/^\s*\$\s+/, '').trim() })
      continue
    }
    for (const m of l.text.matchAll(/(`+)\s*([^`]+?)\s*\1/g)) candidates.push({ n: l.n, cmd: m[2]! })
  }
  const pkg = project ? readPackage(project) : undefined
  let uncheckedScripts = false
  for (const c of candidates) {
    for (const part of c.cmd.split(/&&|\|\||;|\|/)) {
      const argv = part.trim().split(/\s+/).filter(Boolean)
      while (argv[0] && /^\w+=/.test(argv[0])) argv.shift() // FOO=1 npm test
      const [bin, ...args] = argv
      if (!bin) continue
      const script = npmScript(bin, args)
      if (script !== undefined) {
        if (!project || !pkg) { if (!uncheckedScripts) findings.push({ code: 'unchecked-script', severity: 'warning', line: c.n, message: `'${part.trim()}' cannot be checked: ${project ? 'the project has no package.json' : 'no project given'}`, fix: project ? 'add package.json to the project or fix the command' : 'pass --project <dir>' }); uncheckedScripts = true; continue }
        if (!(script in pkg.scripts)) findings.push({ code: 'unknown-script', severity: 'error', line: c.n, message: `'${part.trim()}' runs script '${script}', which package.json does not define (it has ${Object.keys(pkg.scripts).join(', ') || 'none'})`, fix: `add "${script}" to package.json scripts or name an existing one` })
        continue
      }
      if (!project) continue
      if (bin === 'make') {
        const target = args.find(a => !a.startsWith('-'))
        const mk = ['Makefile', 'makefile', 'GNUmakefile'].map(f => join(project, f)).find(existsSync)
        if (!mk) findings.push({ code: 'missing-command', severity: 'error', line: c.n, message: `'${part.trim()}' needs a Makefile, and the project has none`, fix: 'add the Makefile or use the command the project really has' })
        else if (target && !new RegExp(`^${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'm').test(readFileSync(mk, 'utf8'))) findings.push({ code: 'unknown-make-target', severity: 'error', line: c.n, message: `'${part.trim()}': the Makefile has no target '${target}'`, fix: 'add the target or name an existing one' })
        continue
      }
      // A script by relative path (./x.sh, scripts/deploy.sh, bin/tool): it must exist in the project.
      if (/^(\.{1,2}\/|[\w.-]+\/)[\w./-]*$/.test(bin) && !bin.includes('://') && /^\.{1,2}\/|\.(sh|py|js|mjs|ts|rb|pl)$|^(bin|scripts?)\//.test(bin) && !isFile(join(project, bin))) {
        findings.push({ code: 'missing-command', severity: 'error', line: c.n, message: `'${bin}' does not exist in the project`, fix: 'fix the path or remove the instruction' })
      }
    }
  }
}

function npmScript(bin: string, args: string[]): string | undefined {
  if (!['npm', 'pnpm', 'yarn', 'bun'].includes(bin) || args.length === 0) return undefined
  const [sub, ...rest] = args.filter(a => !a.startsWith('-') || a === '--')
  if (sub === 'run' || sub === 'run-script') return rest[0]
  if (sub === 'test' || sub === 't' || sub === 'start' || sub === 'stop' || sub === 'restart') return sub === 't' ? 'test' : sub
  if (bin !== 'npm' && sub && !NPM_BUILTINS.has(sub)) return sub // `pnpm lint`, `yarn build`
  return undefined
}

function readPackage(project: string): { scripts: Record<string, string> } | undefined {
  const f = join(project, 'package.json')
  if (!existsSync(f)) return undefined
  try { return { scripts: (JSON.parse(readFileSync(f, 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {} } } catch { return { scripts: {} } }
}

function isFile(p: string): boolean {
  try { return statSync(p).isFile() } catch { return false }
}

function clip(s: string): string {
  return s.length > 70 ? `${s.slice(0, 67)}…` : s
}
