// The pure core never loads Vitest: every subpath export of the package (other than the root, which carries the
// `test` fixtures, and the plugin) is imported in a plain Node process in which 'vitest' cannot be resolved.
// The reporter is held to the same rule: it reads Vitest's objects, it does not need Vitest's code.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, { default: string } | string> }
/** Subpaths outside the rule: the fixtures (root) and the plugin; swarmbench/jest runs tinybench (checked below). */
const ALLOWED = new Set(['.', './plugin', './package.json', './jest'])

/** The source file behind a subpath export: dist/src/x/index.js → src/x/index.ts. */
function sourceOf(subpath: string): string {
  const target = pkg.exports[subpath]!
  const file = typeof target === 'string' ? target : target.default
  return `${root}${file.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts')}`
}

// Runs in the child: any attempt to resolve vitest (or its packages) fails that import and names the importer.
// The files are imported one after another in one process; each gets 'ok' or the first such attempt.
const probeFor = (blocked: string) => `
import { registerHooks } from 'node:module'
registerHooks({ resolve(specifier, context, next) {
  if (new RegExp(${JSON.stringify(blocked)}).test(specifier)) throw new Error('LOADED ' + specifier + ' from ' + context.parentURL)
  return next(specifier, context)
} })
const out = {}
for (const file of process.argv.slice(1)) {
  try { await import(file); out[file] = 'ok' } catch (e) { out[file] = String(e && e.message || e) }
}
console.log(JSON.stringify(out))
`

const run = promisify(execFile)
async function importEach(files: string[], blocked = '^(vitest|@vitest/|tinybench$)'): Promise<Record<string, string>> {
  const urls = files.map(f => pathToFileURL(f).href)
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probeFor(blocked), ...urls], { cwd: root, timeout: 120_000 })
  const byUrl = JSON.parse(stdout) as Record<string, string>
  return Object.fromEntries(files.map((f, i) => [f, byUrl[urls[i]!]!]))
}

describe('pure core', () => {
  const subpaths = Object.keys(pkg.exports).filter(s => !ALLOWED.has(s))

  it('covers every subpath export but the root and the plugin', () => {
    expect(subpaths).toEqual(expect.arrayContaining(['./compare', './store', './tokens', './memory', './reporter']))
  })

  it('imports each of them without loading Vitest', { timeout: 180_000 }, async () => {
    const results = await importEach(subpaths.map(sourceOf))
    expect(Object.fromEntries(subpaths.map(s => [s, results[sourceOf(s)]]))).toEqual(Object.fromEntries(subpaths.map(s => [s, 'ok'])))
  })

  it('swarmbench/jest (the Jest helpers) runs tinybench but never loads Vitest, which a Jest-only project lacks', { timeout: 120_000 }, async () => {
    const file = sourceOf('./jest')
    expect((await importEach([file], '^(vitest|@vitest/)'))[file]).toBe('ok')
    expect((await importEach([file]))[file]).toMatch(/LOADED tinybench from .*src\/jest\/index\.ts/)
  })

  it('the probe does catch a module that loads Vitest', { timeout: 60_000 }, async () => {
    const file = `${root}src/test.ts`
    expect((await importEach([file]))[file]).toMatch(/LOADED vitest from .*src\/test\.ts/)
  })
})
