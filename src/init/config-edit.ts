// Edits a user's existing config file with magicast, so that their code, comments and other plugins stay as they
// were: the swarmbench plugin added to a Vitest config, the swarmbench reporter to a Jest config. Pure: text in,
// text out (unchanged text when swarmbench is already there).
import { generateCode, parseExpression, parseModule } from 'magicast'
import { addVitePlugin, findVitePluginCall } from 'magicast/helpers'
import { SwarmbenchError } from '../errors/index.ts'

export const PLUGIN_FROM = 'swarmbench/plugin'
export const JEST_REPORTER = 'swarmbench/jest-reporter'

/** Adds `swarmbench()` to the plugins of a vitest.config (or vite.config); unchanged when it is there already. */
export function addPluginToVitestConfig(code: string, file: string): string {
  let mod
  try { mod = parseModule(code) } catch (e) {
    throw new SwarmbenchError(`cannot be parsed (${(e as Error).message.split('\n')[0]}), so swarmbench cannot add its plugin`, { file, fix: "add `plugins: [swarmbench()]` by hand, with `import { swarmbench } from 'swarmbench/plugin'`" })
  }
  if (findVitePluginCall(mod, { from: PLUGIN_FROM, imported: 'swarmbench' })) return code
  try {
    addVitePlugin(mod, { from: PLUGIN_FROM, imported: 'swarmbench', constructor: 'swarmbench' })
  } catch (e) {
    throw new SwarmbenchError(`has no config object swarmbench can find (${(e as Error).message.split('\n')[0]})`, { file, fix: "add `plugins: [swarmbench()]` by hand, with `import { swarmbench } from 'swarmbench/plugin'`" })
  }
  return mod.generate().code
}

interface Node { type: string; start?: number | null; end?: number | null; [k: string]: unknown }

/**
 * Adds the swarmbench reporter to a Jest config file (ESM `export default {…}` or CommonJS `module.exports = {…}`,
 * either directly or through a `const config = {…}`): the object is edited in place and the rest of the file is
 * kept byte for byte. Unchanged when the reporter is there already.
 */
export function addReporterToJestConfig(code: string, file: string): string {
  const fix = `add reporters: ['default', '${JEST_REPORTER}'] to the Jest config by hand`
  let program: Node
  try { program = (parseModule(code).$ast as unknown as Node) } catch (e) {
    throw new SwarmbenchError(`cannot be parsed (${(e as Error).message.split('\n')[0]})`, { file, fix })
  }
  const object = configObject(program)
  if (!object || object.start == null || object.end == null) throw new SwarmbenchError('has no config object swarmbench can find (export default {…} or module.exports = {…})', { file, fix })
  const source = code.slice(object.start, object.end)
  const edited = addReporter(parseExpression<Record<string, unknown>>(source) as unknown as Record<string, unknown>)
  if (!edited) return code
  return code.slice(0, object.start) + generateCode(edited.node as never).code + code.slice(object.end)
}

/** Adds the reporter to a proxified Jest config object; undefined when it is there already. */
function addReporter(config: Record<string, unknown>): { node: unknown } | undefined {
  const reporters = config['reporters'] as unknown[] | undefined
  const names = (reporters ?? []).map(r => (Array.isArray(r) || (r as { $type?: string })?.$type === 'array' ? (r as unknown[])[0] : r))
  if (names.includes(JEST_REPORTER)) return undefined
  if (reporters === undefined) config['reporters'] = ['default', JEST_REPORTER]
  else (reporters as unknown[]).push(JEST_REPORTER)
  return { node: config }
}

function configObject(program: Node): Node | undefined {
  const body = (program['body'] as Node[] | undefined) ?? []
  const declared = (name: string): Node | undefined => {
    for (const s of body) {
      const decl = s.type === 'ExportNamedDeclaration' ? (s['declaration'] as Node | null) : s
      if (decl?.type !== 'VariableDeclaration') continue
      for (const d of decl['declarations'] as Node[]) {
        if ((d['id'] as Node).type === 'Identifier' && (d['id'] as { name: string }).name === name) return unwrap(d['init'] as Node | null)
      }
    }
    return undefined
  }
  const resolve = (n: Node | null | undefined): Node | undefined => {
    const u = unwrap(n)
    if (u?.type === 'ObjectExpression') return u
    if (u?.type === 'Identifier') return declared((u as unknown as { name: string }).name)
    return undefined
  }
  for (const s of body) {
    if (s.type === 'ExportDefaultDeclaration') return resolve(s['declaration'] as Node)
    if (s.type === 'ExpressionStatement') {
      const e = s['expression'] as Node
      if (e.type === 'AssignmentExpression' && isModuleExports(e['left'] as Node)) return resolve(e['right'] as Node)
    }
  }
  return undefined
}

/** `x satisfies Config`, `x as Config`, `(x)`: the object inside. */
function unwrap(n: Node | null | undefined): Node | undefined {
  let u = n ?? undefined
  while (u && ['TSSatisfiesExpression', 'TSAsExpression', 'ParenthesizedExpression'].includes(u.type)) u = u['expression'] as Node
  return u
}

function isModuleExports(n: Node): boolean {
  return n.type === 'MemberExpression' && (n['object'] as { name?: string }).name === 'module' && (n['property'] as { name?: string }).name === 'exports'
}
