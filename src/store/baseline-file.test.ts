import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { isSwarmbenchError } from '../errors/index.ts'
import { parseBaseline, readBaselineFile, removeStaleTemps, writeBaselineFile } from './baseline-file.ts'
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
    expect(errorOf(() => readBaselineFile(dir)).message).toMatch(/: this path is a folder, not a baseline file\. Fix: /)
  })

  test('writing never leaves a half-written file: the old content survives a failed write', () => {
    const file = join(dir, 'baseline.json')
    writeBaselineFile(file, sampleBaseline())
    const before = readFileSync(file, 'utf8')
    expect(() => writeBaselineFile(file, { ...sampleBaseline(), schemaVersion: 3 } as any)).toThrow()
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
      expect(r.stdout.trim()).toMatch(/ro\/baseline\.json: cannot write \(EACCES\): no permission to write here; nothing was changed\. Fix: make the file and its folder writable/)
    } finally { chmodSync(ro, 0o755) }
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect(readdirSync(ro)).toEqual(['baseline.json'])
  })
})

describe('baseline files: the environment', () => {
  test('a folder where the file should be, and a file where a folder should be: one line each, nothing left behind', () => {
    mkdirSync(join(dir, 'baseline.json'))
    expect(errorOf(() => writeBaselineFile(join(dir, 'baseline.json'), sampleBaseline())).message)
      .toMatch(/baseline\.json: cannot write \(EISDIR\): this path is a folder, not a file; nothing was changed\. Fix: remove or rename the folder/)
    writeFileSync(join(dir, 'out'), 'a file')
    for (const file of [join(dir, 'out', 'baseline.json'), join(dir, 'out', 'sub', 'baseline.json')]) {
      const e = errorOf(() => writeBaselineFile(file, sampleBaseline()))
      expect(isSwarmbenchError(e)).toBe(true)
      expect(e.message).toMatch(/cannot write \(ENOTDIR\): a part of this path is a file, not a folder; nothing was changed/)
    }
    expect(readdirSync(dir).sort()).toEqual(['baseline.json', 'out'])
    expect(readdirSync(join(dir, 'baseline.json'))).toEqual([])
  })

  test('temp files left by a killed writer are removed by the next write; a live writer\'s are kept', () => {
    const file = join(dir, 'baseline.json')
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
    const deadPid = Number(dead.stdout.trim())
    const stale = [join(dir, `.baseline.json.${deadPid}.1700000000000.tmp`), join(dir, `.baseline.json.${deadPid}.1700000000001.3.tmp`)]
    const live = join(dir, `.baseline.json.${process.ppid}.${Date.now()}.0.tmp`)
    const other = join(dir, `.other.json.${deadPid}.1700000000000.tmp`)
    for (const f of [...stale, live, other]) writeFileSync(f, 'partial')
    writeBaselineFile(file, sampleBaseline())
    expect(readdirSync(dir).sort()).toEqual([basename(live), basename(other), 'baseline.json'].sort())
    expect(removeStaleTemps(file, Date.now() + 2 * 3600_000)).toEqual([live]) // a live pid's temp, hours old: a reused pid
  })

  test('a baseline above the size limit is refused before it is read, with the way round it', () => {
    const file = join(dir, 'huge.json')
    writeFileSync(file, '')
    truncateSync(file, 300 * 1024 * 1024) // sparse: no 300 MB written
    expect(errorOf(() => readBaselineFile(file)).message)
      .toMatch(/huge\.json: the baseline is 300 MB, above the 256 MB this version reads .*Fix: lower sampleCap or the number of rounds .*SWARMBENCH_MAX_BASELINE_MB=300/)
    writeBaselineFile(join(dir, 'b.json'), sampleBaseline())
    expect(errorOf(() => readBaselineFile(join(dir, 'b.json'), { SWARMBENCH_MAX_BASELINE_MB: '0.001' })).message).toMatch(/above the 0\.0 MB/)
  })

  test('a byte-order mark from an editor is not an error', () => {
    writeFileSync(join(dir, 'bom.json'), `\ufeff${JSON.stringify(sampleBaseline())}`)
    expect(readBaselineFile(join(dir, 'bom.json'))).toEqual(sampleBaseline())
  })

  test.runIf(canMountTmpfs())('a full disk: one line, the old file intact, no temp file left', () => {
    const mnt = join(dir, 'small')
    mkdirSync(mnt)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt])
    try {
      const file = join(mnt, 'baseline.json')
      writeFileSync(file, '{"old": true}')
      try { writeFileSync(join(mnt, 'filler'), Buffer.alloc(64 * 1024)) } catch { /* the disk is now full */ }
      const e = errorOf(() => writeBaselineFile(file, sampleBaseline()))
      expect(e.message).toMatch(/baseline\.json: cannot write \(ENOSPC\): the disk is full; nothing was changed\. Fix: free some space/)
      expect(readFileSync(file, 'utf8')).toBe('{"old": true}')
      expect(readdirSync(mnt).sort()).toEqual(['baseline.json', 'filler'])
    } finally { execFileSync('umount', [mnt]) }
  })
})

function canMountTmpfs(): boolean {
  if (process.getuid?.() !== 0) return false
  const probe = mkdtempSync(join(tmpdir(), 'swarmbench-mnt-'))
  try { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', probe], { stdio: 'ignore' }); execFileSync('umount', [probe]); return true } catch { return false } finally { rmSync(probe, { recursive: true, force: true }) }
}
