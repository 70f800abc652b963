import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { writeFileAtomic } from './baseline-file.ts'
import { assertDistinctFiles, isSpecialFile, writeTarget } from './paths.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sb-paths-')) })
afterEach(() => { rmSync(dir, { recursive: true, force: true }) })

describe('writeTarget', () => {
  test('follows links, also to a file not made yet; a loop is ELOOP', () => {
    mkdirSync(join(dir, 'real'))
    symlinkSync('real/b.json', join(dir, 'a.json'))
    symlinkSync('a.json', join(dir, 'c.json'))
    expect(writeTarget(join(dir, 'c.json'))).toBe(join(dir, 'real/b.json'))
    expect(writeTarget(join(dir, 'plain.json'))).toBe(join(dir, 'plain.json'))
    symlinkSync('loop2', join(dir, 'loop1'))
    symlinkSync('loop1', join(dir, 'loop2'))
    expect(() => writeTarget(join(dir, 'loop1'))).toThrow(expect.objectContaining({ code: 'ELOOP' }))
  })
  test('an atomic write through a dangling link creates its target and keeps the link', () => {
    mkdirSync(join(dir, 'shared'))
    symlinkSync('shared/base.json', join(dir, 'link.json'))
    writeFileAtomic(join(dir, 'link.json'), 'new\n')
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir, 'shared/base.json'), 'utf8')).toBe('new\n')
  })
  test('a loop of links is one line (ELOOP), not a crash', () => {
    symlinkSync('l2', join(dir, 'l1'))
    symlinkSync('l1', join(dir, 'l2'))
    expect(() => writeFileAtomic(join(dir, 'l1'), 'x')).toThrow(/l1: cannot write \(ELOOP\)/)
  })
})

describe('assertDistinctFiles', () => {
  test('two labels for one path, or one file under two names, are refused with both labels', () => {
    writeFileSync(join(dir, 'b.json'), '{}')
    symlinkSync('b.json', join(dir, 'alias.json'))
    expect(() => assertDistinctFiles([['--baseline', join(dir, 'x')], ['--history', join(dir, 'y')]])).not.toThrow()
    expect(() => assertDistinctFiles([['--baseline', join(dir, 'x')], ['--history', join(dir, 'sub/../x')]], 'command line')).toThrow(/command line: --baseline and --history are the same file/)
    expect(() => assertDistinctFiles([['baselineFile', join(dir, 'b.json')], ['lastRunFile', join(dir, 'alias.json')]])).toThrow(/baselineFile and lastRunFile .*Fix: give lastRunFile a path of its own/)
  })
  test('devices are left out: several outputs to /dev/null is a choice', () => {
    expect(isSpecialFile('/dev/null')).toBe(true)
    expect(isSpecialFile(dir)).toBe(false)
    expect(isSpecialFile(join(dir, 'missing'))).toBe(false)
    expect(() => assertDistinctFiles([['a', '/dev/null'], ['b', '/dev/null']])).not.toThrow()
  })
})
