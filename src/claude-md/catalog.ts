// The catalog: the shipped templates and rules (data/claude-md/*.json), extended or overridden by a user's
// files (an entry with a shipped id replaces it; a new id is added). Every file is validated by its zod
// schema; a mistake is one SwarmbenchError naming the file, the field and the fix.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { z } from 'zod'
import { SwarmbenchError } from '../errors/index.ts'
import { CatalogFileSchema, RulesFileSchema, TemplatesFileSchema, type Goal, type Rule, type Template } from './schema.ts'

export const CATALOG_DIR = fileURLToPath(new URL('../../data/claude-md/', import.meta.url))

export interface Catalog {
  templates: Template[]
  goals: Goal[]
  rules: Rule[]
  /** Short content hash of the catalog, written into every generated file so the inputs can be traced. */
  hash: string
  /** The files it was built from, shipped ones first. */
  files: string[]
}

/** Reads a text file a user named; a missing or unreadable file is one line naming it. */
export function readTextFile(file: string, fix: string): string {
  try { return readFileSync(file, 'utf8') } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new SwarmbenchError(code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? (e as Error).message})`, { file, fix })
  }
}

/** Reads and validates one JSON file against a schema. */
export function readJsonFile<S extends z.ZodType>(file: string, schema: S, fix: string): z.infer<S> {
  const text = readTextFile(file, fix)
  let raw: unknown
  try { raw = JSON.parse(text) } catch (e) {
    throw new SwarmbenchError(`not valid JSON (${(e as Error).message.split('\n')[0]})`, { file, fix })
  }
  const r = schema.safeParse(raw)
  if (!r.success) {
    const issue = r.error.issues[0]!
    throw new SwarmbenchError(issue.message, { file, field: issue.path.map(String).join('.') || '(root)', fix })
  }
  return r.data
}

const FIX = 'see `swarmbench claude-md schema catalog` for the format'

/** The shipped catalog plus the user's files, in order (later files win on the same id). */
export function loadCatalog(userFiles: readonly string[] = []): Catalog {
  const templates = new Map<string, Template>(), goals = new Map<string, Goal>(), rules = new Map<string, Rule>()
  const tFile = `${CATALOG_DIR}templates.json`, rFile = `${CATALOG_DIR}rules.json`
  const shipped = [readJsonFile(tFile, TemplatesFileSchema, 'reinstall swarmbench: a shipped file is damaged')]
  const shippedRules = readJsonFile(rFile, RulesFileSchema, 'reinstall swarmbench: a shipped file is damaged')
  const layers: { file: string; templates: Template[]; goals: Goal[]; rules: Rule[] }[] = [
    { file: tFile, templates: shipped[0]!.templates, goals: [], rules: [] },
    { file: rFile, templates: [], goals: shippedRules.goals, rules: shippedRules.rules },
    ...userFiles.map(f => ({ file: f, ...readJsonFile(f, CatalogFileSchema, FIX) })),
  ]
  const ruleFile = new Map<string, string>()
  for (const layer of layers) {
    for (const [kind, list] of [['templates', layer.templates], ['goals', layer.goals], ['rules', layer.rules]] as const) {
      const seen = new Set<string>()
      list.forEach((x, i) => {
        if (seen.has(x.id)) throw new SwarmbenchError(`id '${x.id}' appears twice`, { file: layer.file, field: `${kind}.${i}.id`, fix: 'give each entry its own id (a later file replaces an id; one file names it once)' })
        seen.add(x.id)
      })
    }
    for (const t of layer.templates) templates.set(t.id, t)
    for (const g of layer.goals) goals.set(g.id, g)
    for (const r of layer.rules) { rules.set(r.id, r); ruleFile.set(r.id, layer.file) }
  }
  // Every goal a rule names must exist; two rules must not set one configuration line to different values
  // (any two goals can be chosen together, so such rules would contradict each other in one file).
  const setBy = new Map<string, { rule: string; value: string }>()
  for (const r of rules.values()) {
    const file = ruleFile.get(r.id)!
    r.goals.forEach((g, i) => {
      if (!goals.has(g)) throw new SwarmbenchError(`rule '${r.id}' names goal '${g}', which no file defines`, { file, field: `rules.${r.id}.goals.${i}`, fix: `use one of ${[...goals.keys()].join(', ')}, or add { "id": "${g}", "description": "…" } to goals` })
    })
    for (const [label, value] of Object.entries(r.config)) {
      const prior = setBy.get(label)
      if (prior && prior.value !== value) throw new SwarmbenchError(`rules '${prior.rule}' and '${r.id}' set '${label}' to different values ('${prior.value}' and '${value}')`, { file, field: `rules.${r.id}.config.${label}`, fix: 'let one rule own each configuration line, or give both the same value' })
      setBy.set(label, { rule: r.id, value })
    }
  }
  const out = { templates: [...templates.values()], goals: [...goals.values()], rules: [...rules.values()] }
  const hash = createHash('sha256').update(JSON.stringify(out)).digest('hex').slice(0, 12)
  return { ...out, hash, files: layers.map(l => l.file) }
}
