// `swarmbench report` through the CLI's own entry (main), on a fixture history.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/index.ts'
import { openerFor } from '../../src/cli/commands/report.ts'
import { writeFixtureHistory } from '../helpers/report-history.ts'

let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'swarmbench-report-cli-'))
  await writeFixtureHistory(join(dir, '.swarmbench/history.sqlite'), 5)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env, cwd: dir })
  return { code, out, err }
}

describe('swarmbench report', () => {
  test('writes <out-dir>/report.html from the history and says where', async () => {
    const r = await cli(['report'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const file = join(dir, '.swarmbench/report.html')
    expect(r.out).toMatch(new RegExp(`^swarmbench: report → ${file} \\(\\d+ KiB; 5 run\\(s\\), 20 trend\\(s\\), 20 diff row\\(s\\)\\)\\n$`))
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/)
  })

  test('--out, --runs, --branch and --bench choose what is shown', async () => {
    const r = await cli(['report', '--out', 'out/r.html', '--runs', '2', '--bench', 'quick'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/2 run\(s\), 1 trend\(s\), 1 diff row\(s\)/)
    const page = readFileSync(join(dir, 'out/r.html'), 'utf8')
    expect(page).toContain('benchmarks matching “quick”')
    expect(page).not.toContain('id="swarm"')
    const main = await cli(['report', '--out', 'main.html', '--branch', 'main'])
    expect(main.out).toMatch(/3 run\(s\)/)
    const none = await cli(['report', '--out', 'none.html', '--branch', 'nope'])
    expect(none.code).toBe(0)
    expect(readFileSync(join(dir, 'none.html'), 'utf8')).toContain('The history holds no runs on branch nope yet.')
  })

  test('bad input is one line and exit 2; nothing is created', async () => {
    const bad = await cli(['report', '--runs', '0'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/^swarmbench: --runs takes a whole number from 1/)
    const missing = await cli(['--history', 'nope.sqlite', 'report', '--out', 'x.html'])
    expect(missing.code).toBe(2)
    expect(missing.err.trim().split('\n')).toHaveLength(1)
    expect(missing.err).toMatch(/no history database here/)
    expect(existsSync(join(dir, 'nope.sqlite'))).toBe(false)
    expect(existsSync(join(dir, 'x.html'))).toBe(false)
  })

  test('--open hands the file to the platform opener (a stand-in xdg-open on PATH here)', async () => {
    expect(openerFor('darwin', 'f')).toEqual(['open', ['f']])
    expect(openerFor('win32', 'f')).toEqual(['cmd', ['/c', 'start', '""', 'f']])
    expect(openerFor('linux', 'f')).toEqual(['xdg-open', ['f']])
    const bin = join(dir, 'bin')
    mkdirSync(bin, { recursive: true })
    const opened = join(dir, 'opened.txt')
    // written aside, then renamed: the test sees the file only once it is complete
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > "${opened}.part" && mv "${opened}.part" "${opened}"\n`)
    chmodSync(join(bin, 'xdg-open'), 0o755)
    const r = await cli(['report', '--out', 'o.html', '--open'], { PATH: `${bin}:/usr/bin:/bin` })
    expect(r.code).toBe(0)
    for (let i = 0; i < 100 && !existsSync(opened); i++) await new Promise(res => setTimeout(res, 50))
    expect(readFileSync(opened, 'utf8')).toBe(join(dir, 'o.html'))
    // no opener at all: one line saying where the file is
    let err = ''
    await main(['report', '--out', 'o2.html', '--open'], { out: () => {}, err: s => { err += s }, isTTY: false, env: { PATH: join(dir, 'empty') }, cwd: dir })
    for (let i = 0; i < 100 && !err; i++) await new Promise(res => setTimeout(res, 50))
    expect(err).toMatch(/could not open the report with xdg-open \(ENOENT\); open .*o2\.html in a browser yourself/)
  })
})
