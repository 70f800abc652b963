// swarmbench init on fresh Vitest and Jest projects and on configs a user already has; twice changes nothing.
// (scripts/pack-smoke.ts runs init on projects installed from the packed tarball and runs and gates the example.)
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { main } from '../cli/index.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-init-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...argv: string[]) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd: dir })
  return { code, out, err }
}
const pkg = (o: object) => writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'p', private: true, ...o }, null, 2)}\n`)
const read = (rel: string) => readFileSync(join(dir, rel), 'utf8')

describe('swarmbench init', () => {
  test('a fresh Vitest project: config, example, .gitignore, workflow; the second run changes nothing', async () => {
    pkg({ type: 'module', devDependencies: { vitest: '^5.1.1' } })
    writeFileSync(join(dir, '.gitignore'), 'node_modules')
    const first = await cli('init')
    expect(first).toMatchObject({ code: 0, err: '' })
    expect(first.out).toContain('swarmbench init: Vitest ^5.1.1 (ESM project)')
    expect(first.out).toContain('create vitest.config.ts: write a Vitest config with the swarmbench plugin')
    expect(read('vitest.config.ts')).toContain("plugins: [swarmbench()]")
    expect(read('benches/example.bench.ts')).toContain("test('sorting', async ({ bench }) =>")
    expect(read('.gitignore')).toBe('node_modules\n.swarmbench/*\n!.swarmbench/baseline.json\n')
    expect(read('.github/workflows/swarmbench.yml')).toContain('npx swarmbench gate --base origin/${{ github.base_ref }}')
    const second = await cli('init')
    expect(second.out).toBe('swarmbench init: Vitest ^5.1.1 (ESM project)\nswarmbench init: nothing to change; the project is set up already\n')
  })

  test('an existing vitest.config.ts with other plugins keeps them; --dry-run writes nothing', async () => {
    pkg({ devDependencies: { vitest: '5.1.1' } })
    const config = `import { defineConfig } from 'vitest/config'\nimport react from '@vitejs/plugin-react'\n\n// the team's settings\nexport default defineConfig({\n  plugins: [react()],\n  test: { environment: 'node' },\n})\n`
    writeFileSync(join(dir, 'vitest.config.ts'), config)
    const dry = await cli('init', '--dry-run')
    expect(dry.out).toContain('would change vitest.config.ts: add the swarmbench plugin')
    expect(dry.out).toContain('  +   plugins: [react(), swarmbench()],')
    expect(dry.out).toMatch(/dry run, nothing written \(4 change\(s\)\)/)
    expect(read('vitest.config.ts')).toBe(config)
    expect(existsSync(join(dir, 'benches'))).toBe(false)
    await cli('init')
    const edited = read('vitest.config.ts')
    expect(edited).toContain("import { swarmbench } from 'swarmbench/plugin'")
    expect(edited).toContain('plugins: [react(), swarmbench()]')
    expect(edited).toContain("// the team's settings\n")
    expect(edited).toContain("test: { environment: 'node' }")
    expect((await cli('init')).out).toContain('nothing to change')
  })

  test('a fresh Jest project: the reporter in package.json, a CommonJS example; twice changes nothing', async () => {
    pkg({ devDependencies: { jest: '^30.0.0' }, jest: { verbose: true } })
    expect((await cli('init')).code).toBe(0)
    expect(JSON.parse(read('package.json')).jest).toEqual({ verbose: true, reporters: ['default', 'swarmbench/jest-reporter'] })
    expect(read('benches/example.bench.test.js')).toContain("const { bench } = require('swarmbench/jest')")
    expect(read('.github/workflows/swarmbench.yml')).toContain('npx swarmbench compare .swarmbench/baseline.json .swarmbench/last-run.json --gate')
    expect((await cli('init')).out).toContain('nothing to change')
  })

  test('a Jest config file (CommonJS, through a const) keeps its comments; an ESM project gets an ESM example', async () => {
    pkg({ type: 'module', devDependencies: { jest: '30.5.2' } })
    writeFileSync(join(dir, 'jest.config.cjs'), "/** @type {import('jest').Config} */\nconst config = {\n  // the team's comment\n  testEnvironment: 'node',\n  reporters: ['default', ['jest-junit', { outputDirectory: 'reports' }]],\n};\n\nmodule.exports = config;\n")
    await cli('init')
    const edited = read('jest.config.cjs')
    expect(edited).toContain("// the team's comment")
    expect(edited).toMatch(/\['jest-junit', \{ outputDirectory: 'reports' \}\],\s+"swarmbench\/jest-reporter"/)
    expect(edited).toMatch(/^module\.exports = config;$/m)
    expect(read('benches/example.bench.test.js')).toContain("import { bench } from 'swarmbench/jest'")
    expect((await cli('init')).out).toContain('nothing to change')
  })

  test('what cannot be set up is one line: an old Vitest, no runner, no package.json, a config it cannot read', async () => {
    pkg({ devDependencies: { vitest: '^4.0.0' } })
    expect((await cli('init')).err).toMatch(/^swarmbench: .*package\.json: uses Vitest \^4\.0\.0; swarmbench needs Vitest 5 or later\. Fix: npm install -D vitest@5/)
    pkg({})
    expect((await cli('init')).err).toMatch(/package\.json: has neither Vitest nor Jest\. Fix: npm install -D vitest@5 \(or jest\)/)
    pkg({ devDependencies: { jest: '30' } })
    writeFileSync(join(dir, 'jest.config.js'), 'module.exports = require("./shared-jest")\n')
    const r = await cli('init')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/jest\.config\.js: has no config object swarmbench can find .* Fix: add reporters: \['default', 'swarmbench\/jest-reporter'\] to the Jest config by hand/)
    writeFileSync(join(dir, 'jest.config.js'), 'module.exports = {\n')
    expect((await cli('init')).err).toMatch(/jest\.config\.js: cannot be parsed/)
    rmSync(join(dir, 'package.json'))
    expect((await cli('init')).err).toMatch(/has no package\.json\. Fix: run swarmbench init in the project folder/)
  })
})
