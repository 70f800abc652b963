import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/index.ts'
import { mergeRounds } from '../../src/gate/index.ts'
import { createRng } from '../../src/random/index.ts'
import { baseline, entry, noisy } from './factory.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sb-gate-cli-')) })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

async function cli(...argv: string[]) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd: dir })
  return { code, out, err }
}

function suite(seed: number, factor: number): string {
  const runs = Array.from({ length: 6 }, (_, i) => {
    const r = createRng(seed * 10 + i)
    return baseline([entry('a', [noisy(r, 40, factor * (1 + 0.01 * r.normal()), 0.02)])])
  })
  const f = join(dir, `run-${seed}-${factor}.json`)
  writeFileSync(f, JSON.stringify(mergeRounds(runs)))
  return f
}

describe('swarmbench gate (CLI)', () => {
  it('exits 1 on a 2× regression and 0 on identical code, writing the report under the out dir', async () => {
    const fail = await cli('gate', '--baseline', suite(1, 1), '--current', suite(2, 2))
    expect(fail.code).toBe(1)
    expect(fail.out).toMatch(/FAIL: 1 regression/)
    expect(readFileSync(join(dir, '.swarmbench/gate.md'), 'utf8')).toMatch(/Gate:\*\* FAIL/)
    const pass = await cli('gate', '--baseline', suite(3, 1), '--current', suite(4, 1), '--threshold', '0.05', '--correction', 'bh', '--report', 'r.md')
    expect(pass.code).toBe(0)
    expect(readFileSync(join(dir, 'r.md'), 'utf8')).toMatch(/PASS/)
  })

  it('exits 2 with one line for a missing default baseline and a corrupted one', async () => {
    const missing = await cli('gate', '--current', suite(1, 1))
    expect(missing.code).toBe(2)
    expect(missing.err.trim().split('\n')).toHaveLength(1)
    expect(missing.err).toMatch(/baseline\.json: no baseline file here/)
    writeFileSync(join(dir, 'bad.json'), '{"schemaVersion":1,"run":')
    const bad = await cli('gate', '--baseline', 'bad.json', '--current', suite(1, 1))
    expect(bad.code).toBe(2)
    expect(bad.err.trim().split('\n')).toHaveLength(1)
    expect(bad.err).toMatch(/bad\.json: not valid JSON/)
  })

  it('rejects bad flags with exit 2', async () => {
    expect((await cli('gate', '--rounds', '0', '--current', 'x')).code).toBe(2)
    expect((await cli('gate', '--correction', 'bonferroni')).code).toBe(2)
    expect((await cli('gate', '--base', 'main', '--current', 'x.json')).err).toMatch(/--current and --base cannot be used together/)
  })

  it('rejects adaptive flags that are malformed or cannot apply, in one line, exit 2', async () => {
    const mixed = await cli('gate', '--base', 'main', '--rounds', '3', '--max-rounds', '4')
    expect(mixed).toMatchObject({ code: 2, err: expect.stringMatching(/--max-rounds belong to the adaptive gate: use them with --base REF and without --rounds or --no-adaptive/) })
    expect(mixed.err.trim().split('\n')).toHaveLength(1)
    const fixed = await cli('gate', '--base', 'main', '--no-adaptive', '--looks', '2,4')
    expect(fixed).toMatchObject({ code: 2, err: expect.stringMatching(/--looks belong to the adaptive gate/) })
    expect(fixed.err.trim().split('\n')).toHaveLength(1)
    const both = await cli('gate', '--base', 'main', '--adaptive', '--rounds', '4')
    expect(both).toMatchObject({ code: 2, err: expect.stringMatching(/with --adaptive give the most rounds as --max-rounds N/) })
    const noBase = await cli('gate', '--no-adaptive', '--current', suite(1, 1))
    expect(noBase).toMatchObject({ code: 2, err: expect.stringMatching(/--no-adaptive belongs to --base REF/) })
    expect(noBase.err.trim().split('\n')).toHaveLength(1)
    expect((await cli('gate', '--base', 'main', '--max-minutes', 'soon')).err).toMatch(/--max-minutes takes a positive number, got 'soon'/)
    expect((await cli('gate', '--base', 'main', '--looks', '2,x')).code).toBe(2)
    expect((await cli('gate', '--base', 'main', '--detect', '2')).err).toMatch(/--detect takes a fraction/)
    expect((await cli('gate', '--base', 'main', '--looks', '4,3')).err).toMatch(/--looks must increase/)
  })
})
