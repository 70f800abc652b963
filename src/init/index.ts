// `swarmbench init`: detects the project's runner, then plans every change (config, example bench, .gitignore,
// workflow) as before/after text, so that --dry-run prints exactly what a real run writes and a second run finds
// nothing to do. Planning reads files only; `applyChanges` writes them.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { SwarmbenchError } from '../errors/index.ts'
import { writeFileAtomic } from '../store/baseline-file.ts'
import { addPluginToVitestConfig, addReporterToJestConfig, JEST_REPORTER } from './config-edit.ts'
import { GITIGNORE_LINES, JEST_EXAMPLE, JEST_EXAMPLE_ESM, VITEST_CONFIG, VITEST_EXAMPLE, workflow } from './templates.ts'

export interface Change { path: string; what: string; before: string | undefined; after: string }
export interface Detected { runner: 'vitest' | 'jest'; version: string; esm: boolean }

const VITEST_CONFIGS = ['vitest.config.ts', 'vitest.config.mts', 'vitest.config.js', 'vitest.config.mjs', 'vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs']
const JEST_CONFIGS = ['jest.config.js', 'jest.config.cjs', 'jest.config.mjs', 'jest.config.ts']

/** Which runner the project uses: Vitest ≥ 5 first, then Jest; the installed version, else the declared range. */
export function detectRunner(root: string): Detected {
  const pkgFile = join(root, 'package.json')
  if (!existsSync(pkgFile)) throw new SwarmbenchError('has no package.json', { file: root, fix: 'run swarmbench init in the project folder (npm init -y first for a new one)' })
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { type?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
  const declared = { ...pkg.dependencies, ...pkg.devDependencies }
  const esm = pkg.type === 'module'
  const version = (name: string) => installedVersion(root, name) ?? declared[name]
  const vitest = version('vitest')
  if (vitest !== undefined) {
    const major = Number(/(\d+)/.exec(vitest)?.[1])
    if (!(major >= 5)) throw new SwarmbenchError(`uses Vitest ${vitest}; swarmbench needs Vitest 5 or later`, { file: pkgFile, fix: 'npm install -D vitest@5, then run swarmbench init again' })
    return { runner: 'vitest', version: vitest, esm }
  }
  const jest = version('jest')
  if (jest !== undefined) return { runner: 'jest', version: jest, esm }
  throw new SwarmbenchError('has neither Vitest nor Jest', { file: pkgFile, fix: 'npm install -D vitest@5 (or jest), then run swarmbench init again' })
}

function installedVersion(root: string, name: string): string | undefined {
  try { return (createRequire(join(root, 'package.json'))(`${name}/package.json`) as { version: string }).version } catch { return undefined }
}

export function planInit(root: string): { detected: Detected; changes: Change[] } {
  const detected = detectRunner(root)
  const read = (rel: string) => (existsSync(join(root, rel)) ? readFileSync(join(root, rel), 'utf8') : undefined)
  const changes: Change[] = []
  const propose = (path: string, what: string, after: string) => {
    const before = read(path)
    if (before !== after) changes.push({ path, what, before, after })
  }
  if (detected.runner === 'vitest') {
    const config = VITEST_CONFIGS.find(f => existsSync(join(root, f)))
    if (config) propose(config, 'add the swarmbench plugin', addPluginToVitestConfig(read(config)!, join(root, config)))
    else propose('vitest.config.ts', 'write a Vitest config with the swarmbench plugin', VITEST_CONFIG)
    if (!existsSync(join(root, 'benches/example.bench.ts'))) propose('benches/example.bench.ts', 'write an example benchmark', VITEST_EXAMPLE)
  } else {
    const config = JEST_CONFIGS.find(f => existsSync(join(root, f)))
    const pkgText = read('package.json')!
    const pkg = JSON.parse(pkgText) as { jest?: { reporters?: unknown[] } }
    if (config) propose(config, 'add the swarmbench reporter', addReporterToJestConfig(read(config)!, join(root, config)))
    else propose('package.json', 'add the swarmbench reporter to the "jest" config', withJestReporter(pkgText, pkg))
    const example = 'benches/example.bench.test.js'
    if (!existsSync(join(root, example))) propose(example, 'write an example benchmark', detected.esm ? JEST_EXAMPLE_ESM : JEST_EXAMPLE)
  }
  const ignore = read('.gitignore') ?? ''
  const missing = GITIGNORE_LINES.filter(l => !ignore.split(/\r?\n/).includes(l))
  if (missing.length) propose('.gitignore', 'ignore .swarmbench/ except the baseline', `${ignore}${ignore && !ignore.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`)
  if (!existsSync(join(root, '.github/workflows/swarmbench.yml'))) propose('.github/workflows/swarmbench.yml', 'write the GitHub Actions gate', workflow(detected.runner))
  return { detected, changes }
}

/** package.json with the reporter in its "jest" key, indented as the file was. */
function withJestReporter(text: string, pkg: { jest?: { reporters?: unknown[] } }): string {
  const reporters = pkg.jest?.reporters
  const names = (reporters ?? []).map(r => (Array.isArray(r) ? r[0] : r))
  if (names.includes(JEST_REPORTER)) return text
  const indent = /^(\s+)"/m.exec(text)?.[1] ?? '  '
  const next = { ...pkg, jest: { ...pkg.jest, reporters: [...(reporters ?? ['default']), JEST_REPORTER] } }
  return `${JSON.stringify(next, null, indent)}\n`
}

export function applyChanges(root: string, changes: readonly Change[]): void {
  for (const c of changes) {
    mkdirSync(dirname(join(root, c.path)), { recursive: true })
    writeFileAtomic(join(root, c.path), c.after)
  }
}
