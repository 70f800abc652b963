// The dead ends a newcomer met, each tried for real: an old Node at every entry point (the CLI, `vitest bench`
// with the plugin, the reporter alone), `npx swarmbench` in a fresh clone, and a closed stdout.
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { nodeVersionProblem } from '../../src/env/node-version.js'
import { writeBaselineFile } from '../../src/store/baseline-file.ts'
import { syntheticRun } from '../helpers/synthetic-run.ts'

const repo = resolve(import.meta.dirname, '../..')
const launcher = join(repo, 'bin/swarmbench.js')
const fixture = join(repo, 'test/fixtures/basic')
const vitestCli = join(repo, 'node_modules/vitest/vitest.mjs')
const repoBin = join(repo, 'node_modules/.bin')

/** A Node older than 22.13 from PATH or the usual places (the system Node here is 20), as many machines have. */
function findOldNode(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin']
  for (const dir of dirs.filter(d => d && resolve(d) !== repoBin)) {
    const bin = join(dir, 'node')
    if (!existsSync(bin)) continue
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? ''
    if (/^v\d+\./.test(version) && nodeVersionProblem(version)) return bin
  }
  return undefined
}
const oldNode = findOldNode()

function expectOneLine(r: { status: number | null; stdout: string; stderr: string }, version: string) {
  expect(r.status, r.stdout + r.stderr).toBe(2)
  const all = `${r.stdout}${r.stderr}`
  const lines = all.split('\n').filter(l => l.includes('needs Node'))
  expect(lines).toHaveLength(1)
  expect(lines[0]).toBe(`swarmbench: ${nodeVersionProblem(version)}`)
  expect(lines[0]).toMatch(/needs Node ≥ 22\.13 \(for node:sqlite\), found v\d+\.\d+\.\d+\. Fix: .*npm install -D node@24/)
  expect(all).not.toMatch(/\n\s+at /) // no stack trace
  expect(all).not.toMatch(/ERR_UNKNOWN_BUILTIN_MODULE|ERR_UNKNOWN_FILE_EXTENSION/)
}

describe.skipIf(!oldNode)(`an old Node (${oldNode ?? 'none found'}) at every entry point`, () => {
  const version = oldNode ? spawnSync(oldNode, ['--version'], { encoding: 'utf8' }).stdout.trim() : ''
  const run = (args: string[], cwd = repo) => spawnSync(oldNode!, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0' }, timeout: 120_000 })

  test('the CLI: one line naming what is needed, what was found and the fix; exit 2', () => {
    for (const args of [['--help'], ['history', 'list'], ['compare', 'a.json', 'b.json']]) expectOneLine(run([launcher, ...args]), version)
  })
  test('vitest bench with the plugin', () => {
    expectOneLine(run([vitestCli, 'bench', '--run'], fixture), version)
  }, 120_000)
  test('the reporter on its own', () => {
    expectOneLine(run([vitestCli, 'bench', '--run', '--config', 'vitest.reporter-only.config.ts'], fixture), version)
  }, 120_000)
})

describe('`npx swarmbench` in a fresh clone after `npm ci`', () => {
  let clone: string, cache: string
  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'swarmbench-clone-'))
    clone = join(work, 'swarmbench')
    cache = join(work, 'npm-cache')
    // What `git clone` gives: every tracked (or about to be) file, nothing built. node_modules stands for what
    // `npm ci` installs from the lockfile (the same tree this repo has), so the test needs no network.
    const files = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' }).stdout.split('\0').filter(Boolean)
    for (const f of files) {
      if (f === 'node_modules' || !existsSync(join(repo, f))) continue // a symlinked node_modules; deleted in the working tree
      mkdirSync(dirname(join(clone, f)), { recursive: true })
      cpSync(join(repo, f), join(clone, f))
    }
    symlinkSync(join(repo, 'node_modules'), join(clone, 'node_modules'), 'dir')
  })
  afterAll(() => rmSync(dirname(clone), { recursive: true, force: true }))

  test('works from a shell whose PATH has only the system Node and npm, with an empty npx cache', () => {
    expect(existsSync(join(clone, 'dist'))).toBe(false)
    // A newcomer's shell: no node_modules/.bin on PATH (npm test adds ours; take it out).
    const PATH = (process.env.PATH ?? '').split(delimiter).filter(d => !d.includes('node_modules')).join(delimiter)
    const npx = (...args: string[]) => spawnSync('npx', ['--offline', ...args], {
      cwd: clone, encoding: 'utf8', timeout: 120_000, env: { ...process.env, PATH, npm_config_cache: cache, npm_config_update_notifier: 'false', CI: 'true' },
    })
    const help = npx('swarmbench', '--help')
    expect(help.status, help.stderr).toBe(0)
    expect(help.stdout).toMatch(/^Usage: swarmbench \[options\] \[command\]/)
    const schema = npx('swarmbench', 'schema', 'options')
    expect(schema.status, schema.stderr).toBe(0)
    expect(JSON.parse(schema.stdout).properties).toHaveProperty('progressIntervalMs')
  }, 240_000)
})

describe('a closed stdout (`swarmbench … | head`)', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'swarmbench-epipe-'))
    // Enough rows that the JSON outgrows the pipe's buffer; one exact regression (tokens +10) for --gate.
    writeBaselineFile(join(dir, 'base.json'), syntheticRun(150, 5, 1))
    const head = syntheticRun(150, 5, 2)
    const first = Object.values(head.entries)[0]!
    first.metrics.tokens!.rounds[0]!.value += 10
    writeBaselineFile(join(dir, 'head.json'), head)
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** Runs the CLI, reads its first chunk of output, then closes the pipe as `head` does. */
  function closeEarly(args: string[]): Promise<{ code: number | null; stderr: string; read: number }> {
    return new Promise(done => {
      const child = spawn(process.execPath, [launcher, ...args], { cwd: dir, env: { ...process.env, FORCE_COLOR: '0' } })
      let stderr = '', read = 0
      child.stderr.on('data', d => { stderr += String(d) })
      child.stdout.once('data', d => { read = d.length; child.stdout.destroy() })
      child.on('close', code => done({ code, stderr, read }))
    })
  }

  test('ends quietly with the command\'s own exit code: 0 for a plain compare, the verdict with --gate', async () => {
    const plain = await closeEarly(['compare', 'base.json', 'head.json', '--format', 'json'])
    expect(plain.read).toBeGreaterThan(0)
    expect(plain).toMatchObject({ code: 0, stderr: '' })
    const gated = await closeEarly(['compare', 'base.json', 'head.json', '--format', 'json', '--gate'])
    expect(gated).toMatchObject({ code: 1, stderr: '' }) // a regression, not a crash
  }, 120_000)
})
