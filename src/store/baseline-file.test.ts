import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { isSwarmbenchError } from '../errors/index.ts'
import { readBaselineFile, writeBaselineFile, parseBaseline } from './baseline-file.ts'
import { sampleBaseline } from '../../test/helpers/baselines.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-bf-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function errorOf(fn: () => unknown): Error {
  try { fn() } catch (e) { return e as Error }
  throw new Error('expected a throw')
}

describe('baseline files', () => {
  test('round-trips through an atomic write, leaving no temp file', () => {
    const file = join(dir, 'nested', 'baseline.json')
    const b = sampleBaseline()
    writeBaselineFile(file, b)
    expect(readBaselineFile(file)).toEqual(b)
    expect(readdirSync(join(dir, 'nested'))).toEqual(['baseline.json'])
  })

  test('a truncated file names the file and says how to fix it', () => {
    const file = join(dir, 'baseline.json')
    writeFileSync(file, JSON.stringify(sampleBaseline()).slice(0, 200))
    const e = errorOf(() => readBaselineFile(file))
    expect(isSwarmbenchError(e)).toBe(true)
    expect(e.message).toContain(file)
    expect(e.message).toMatch(/not valid JSON.*truncated.*Fix:/)
  })

  test('a hand-edited field is named with its path', () => {
    const b = sampleBaseline() as any
    b.entries[Object.keys(b.entries)[0]!].rounds[0].latency.mean = 'fast'
    const e = errorOf(() => parseBaseline(JSON.stringify(b), 'b.json'))
    expect(e.message).toMatch(/^b\.json, field entries\[".*"\]\.rounds\[0\]\.latency\.mean: not a valid swarmbench baseline/)
  })

  test('a future schemaVersion asks for an upgrade', () => {
    const e = errorOf(() => parseBaseline(JSON.stringify({ ...sampleBaseline(), schemaVersion: 99 }), 'b.json'))
    expect(e.message).toMatch(/field schemaVersion: written by a newer swarmbench \(schemaVersion 99.*Fix: upgrade swarmbench/)
  })

  test('a missing file says how to make one', () => {
    expect(errorOf(() => readBaselineFile(join(dir, 'nope.json'))).message).toMatch(/no baseline file here\. Fix: run `vitest bench --run`/)
  })

  test('a directory in place of the file is a clear read error', () => {
    expect(errorOf(() => readBaselineFile(dir)).message).toMatch(/cannot read the baseline \(EISDIR\)/)
  })

  test('writing never leaves a half-written file: the old content survives a failed write', () => {
    const file = join(dir, 'baseline.json')
    writeBaselineFile(file, sampleBaseline())
    const before = readFileSync(file, 'utf8')
    expect(() => writeBaselineFile(file, { ...sampleBaseline(), schemaVersion: 2 } as any)).toThrow()
    expect(readFileSync(file, 'utf8')).toBe(before)
  })

  test('a read-only directory: one clear line, the old baseline intact, no temp file left', () => {
    chmodSync(dir, 0o755) // mkdtemp makes it owner-only; the unprivileged writer must reach ro/
    const ro = join(dir, 'ro')
    mkdirSync(ro)
    const file = join(ro, 'baseline.json')
    writeBaselineFile(file, sampleBaseline())
    const before = readFileSync(file, 'utf8')
    chmodSync(ro, 0o555)
    try {
      // root ignores permissions, so the write runs as an unprivileged user when we are root
      const script = `import { writeBaselineFile } from ${JSON.stringify(resolve(import.meta.dirname, 'baseline-file.ts'))}
import { sampleBaseline } from ${JSON.stringify(resolve(import.meta.dirname, '../../test/helpers/baselines.ts'))}
try { writeBaselineFile(${JSON.stringify(file)}, sampleBaseline({ seed: 9 })); console.log('wrote') } catch (e) { console.log(e.message) }`
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}) })
      expect(r.stdout.trim()).toMatch(/ro\/baseline\.json: cannot write here \(EACCES\); nothing was changed\. Fix: make the directory writable/)
    } finally { chmodSync(ro, 0o755) }
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect(readdirSync(ro)).toEqual(['baseline.json'])
  })
})
