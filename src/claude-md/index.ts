// The CLAUDE.md optimizer: templates and rules as data, a deterministic generator, a linter, and an
// evaluation of CLAUDE.md variants on agent runs (the claudeMd axis of a swarm matrix) with exact tests.
export { loadCatalog, readJsonFile, readTextFile, CATALOG_DIR } from './catalog.ts'
export type { Catalog } from './catalog.ts'
export { generate, plan, ruleText } from './render.ts'
export type { GenerateInput, Plan } from './render.ts'
export { TemplateSchema, RuleSchema, GoalSchema, TemplatesFileSchema, RulesFileSchema, CatalogFileSchema, ProjectContextSchema, claudeMdJsonSchemas } from './schema.ts'
export type { Template, Rule, Goal, CatalogFile, ProjectContext, ProjectContextInput } from './schema.ts'
