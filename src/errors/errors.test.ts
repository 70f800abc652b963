import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { failStartup, underVitestCli } from '../plugin/startup.ts'
import { describeFailure, oneLine, SwarmbenchError, systemError } from './index.ts'

const sys = (code: string, syscall = 'open', path = '/p/x.json') => Object.assign(new Error(`${code}: failed, ${syscall} '${path}'`), { code, syscall, path, errno: -1 })

describe('the error boundary', () => {
  test('a SwarmbenchError is its one line', () => {
    const f = describeFailure(new SwarmbenchError('not valid JSON', { file: 'b.json', fix: 'restore it' }), { env: {} })
    expect(f).toEqual({ lines: ['swarmbench: b.json: not valid JSON. Fix: restore it'], bug: false })
  })

  test('an operating-system error is the environment: one line with file, code, problem and fix, not a bug', () => {
    const f = describeFailure(sys('ENOSPC', 'write'), { env: {} })
    expect(f.bug).toBe(false)
    expect(f.lines).toEqual(['swarmbench: /p/x.json: cannot write (ENOSPC): the disk is full; nothing was changed. Fix: free some space on that disk, then run again'])
    expect(describeFailure(sys('EACCES', 'open'), { env: {} }).lines[0]).toMatch(/cannot read \(EACCES\): no permission to read here\. Fix:/)
  })

  test('a bug is one line without its stack, unless SWARMBENCH_DEBUG=1', () => {
    const bug = new TypeError('x is undefined')
    const quiet = describeFailure(bug, { env: {}, during: 'storing the run' })
    expect(quiet).toEqual({ bug: true, lines: ['swarmbench: internal error while storing the run: TypeError: x is undefined (a bug in swarmbench; run again with SWARMBENCH_DEBUG=1 for the stack, and please report it)'] })
    const loud = describeFailure(bug, { env: { SWARMBENCH_DEBUG: '1' } })
    expect(loud.lines[0]).toBe('swarmbench: internal error: TypeError: x is undefined')
    expect(loud.lines.slice(1).join('\n')).toMatch(/^\s+at .*errors\.test\.ts/)
    expect(describeFailure(bug, { env: { SWARMBENCH_DEBUG: '0' } }).lines).toHaveLength(1)
    expect(describeFailure('a string', { env: {} }).lines[0]).toMatch(/internal error: a string/)
  })

  test('lines stay lines: names with line breaks and terminal escapes are flattened', () => {
    expect(oneLine('a\r\nb\rc\nd\u2028e\u001b[31mf')).toBe('a b c d e [31mf')
    expect(describeFailure(new SwarmbenchError('bad', { file: 'x\ny.json' }), { env: {} }).lines).toEqual(['swarmbench: x y.json: bad'])
  })

  test('systemError knows the environment codes and leaves others alone', () => {
    for (const [code, text] of [['EISDIR', 'this path is a folder, not a file'], ['ENOTDIR', 'a part of this path is a file'], ['EROFS', 'read-only'], ['EDQUOT', 'quota']] as const) {
      expect(systemError(sys(code), '/f', 'write')?.message).toContain(text)
    }
    expect(systemError(sys('EWHATEVER'), '/f', 'write')).toBeUndefined()
    expect(systemError(new Error('plain'), '/f', 'read')).toBeUndefined()
  })
})

describe('plugin and reporter start-up errors', () => {
  test('inside a program, a wrong option throws an error that prints as one line, with exit code 2 set', () => {
    const before = process.exitCode
    try {
      const e = (() => { try { failStartup(new SwarmbenchError('bad', { file: 'swarmbench(options)', field: 'gate' }), {}, false) } catch (err) { return err } })()
      expect(inspect(e)).toBe('swarmbench: swarmbench(options), field gate: bad')
      expect(process.exitCode).toBe(2)
    } finally { process.exitCode = before }
  })

  test('knows the vitest command line from a program', () => {
    expect(underVitestCli('/p/node_modules/vitest/vitest.mjs')).toBe(true)
    expect(underVitestCli('/p/node_modules/.bin/vitest')).toBe(true)
    expect(underVitestCli('/p/scripts/run-vitest.ts')).toBe(false)
  })
})
