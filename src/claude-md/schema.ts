// The file formats of the CLAUDE.md optimizer: templates, rules (with the goals they serve) and the project
// context a CLAUDE.md is generated for. Every shipped and user file is parsed by these schemas.
import { z } from 'zod'

const id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -, starting with a letter')
const line = z.string().trim().min(1).max(400).regex(/^[^\r\n]*$/, 'one line (no line breaks)')
/** Labelled settings shown under "Performance Configuration" (label → value). */
const config = z.record(z.string().trim().min(1).max(60), z.string().trim().min(1).max(120))
const metric = z.strictObject({ name: line, target: line })

export const TemplateSchema = z.strictObject({
  id,
  title: line,
  /** Where the template comes from: the seed system's guide, or written for swarmbench. */
  source: z.enum(['seed', 'authored', 'user']).default('user'),
  focusAreas: z.array(line).min(1),
  preferredAgents: z.array(z.string().trim().min(1).max(60)).min(1),
  swarmTopology: z.enum(['centralized', 'distributed', 'hierarchical', 'mesh', 'hybrid']),
  maxAgents: z.number().int().min(1).max(100),
  config: config.default({}),
  objectives: z.array(line).min(1),
  criticalRules: z.array(line).min(1),
  /** Claude Code tools, most preferred first. */
  toolPriorities: z.array(z.string().regex(/^[A-Z][A-Za-z]*$|^mcp__[\w-]+__[\w-]+$/, 'a Claude Code tool name such as Read, or mcp__server__tool')).default([]),
  performanceHints: z.record(z.string(), z.union([z.boolean(), z.string()])).default({}),
  workflow: z.array(z.strictObject({ phase: z.string().trim().min(1).max(60), step: line })).min(1),
  successMetrics: z.array(metric).min(1),
})
export type Template = z.infer<typeof TemplateSchema>

export const GoalSchema = z.strictObject({ id, description: line })
export type Goal = z.infer<typeof GoalSchema>

export const RuleSchema = z.strictObject({
  id,
  category: z.enum(['concurrency', 'memory_usage', 'token_efficiency', 'swarm_coordination', 'tool_selection', 'validation']),
  /** The optimization goals that switch this rule on. */
  goals: z.array(id).min(1),
  /** The instruction written into CLAUDE.md. Placeholders: {testCommand} {lintCommand} {buildCommand} {name} {maxAgents} {topology}. */
  text: line,
  /** Used instead of `text` when the project context lacks a value `text` needs. */
  fallback: line.optional(),
  /** Why the rule helps: shown by `claude-md rules`, required so that every rule can be argued with. */
  why: line,
  /** Performance Configuration lines this rule sets (label → value). */
  config: config.default({}),
  /** How the rule changes the agent count: multiplied by `factor` (rounded), then capped at `cap`. */
  agents: z.strictObject({ factor: z.number().gt(0).max(10).optional(), cap: z.number().int().min(1).max(100).optional() }).optional(),
  /** Success metrics this rule adds. */
  metrics: z.array(metric).default([]),
})
export type Rule = z.infer<typeof RuleSchema>

export const TemplatesFileSchema = z.strictObject({ version: z.literal(1), templates: z.array(TemplateSchema).default([]) })
export const RulesFileSchema = z.strictObject({ version: z.literal(1), goals: z.array(GoalSchema).default([]), rules: z.array(RuleSchema).default([]) })
/** A user's catalog file: templates, goals and rules to add or to replace (same id) in the shipped ones. */
export const CatalogFileSchema = z.strictObject({
  version: z.literal(1),
  templates: z.array(TemplateSchema).default([]),
  goals: z.array(GoalSchema).default([]),
  rules: z.array(RuleSchema).default([]),
})
export type CatalogFile = z.infer<typeof CatalogFileSchema>

export const ProjectContextSchema = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  description: line.optional(),
  languages: z.array(z.string().trim().min(1).max(40)).default([]),
  testCommand: z.string().trim().min(1).max(200).optional(),
  lintCommand: z.string().trim().min(1).max(200).optional(),
  buildCommand: z.string().trim().min(1).max(200).optional(),
  /** Project conventions, one line each, written under Project. */
  conventions: z.array(line).default([]),
})
export type ProjectContext = z.infer<typeof ProjectContextSchema>
export type ProjectContextInput = z.input<typeof ProjectContextSchema>

/** JSON Schemas of the formats, for editors and other tools (`swarmbench claude-md schema <name>`). */
export function claudeMdJsonSchemas(): Record<'templates' | 'rules' | 'catalog' | 'context', unknown> {
  const js = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input' })
  return { templates: js(TemplatesFileSchema), rules: js(RulesFileSchema), catalog: js(CatalogFileSchema), context: js(ProjectContextSchema) }
}
