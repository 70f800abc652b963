// The corpus judge must be able to fail: each promise broken on purpose is caught.
import { mkdirSync, writeFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { caseDir, failureLines, hasStack, judge, lostAfter, snapshot, summary, verdictTable, type Case, type Outcome } from './harness.ts'

const c = (expect: Case['expect'], area: Case['area'] = 'cli') => ({ id: 'x/y', area, title: 't', expect })
const out = (exit: number, stderr: string, stdout = ''): Outcome => ({ exit, stdout, stderr, ms: 1 })
const LINE = 'swarmbench: /p/bad.json: not valid JSON. Fix: restore it from git\n'

describe('judge', () => {
  test('a clear line with the right exit code holds', () => {
    expect(judge(c({ exit: 2, mention: ['bad.json'] }), out(2, LINE), []).problems).toEqual([])
  })
  test('a wrong exit code, a second line, a missing fix or mention, and a stack each fail', () => {
    expect(judge(c({ exit: 2 }), out(1, LINE), []).problems).toEqual(['exit 1, expected 2'])
    expect(judge(c({ exit: 2 }), out(2, LINE + 'more\n'), []).problems[0]).toMatch(/2 failure line\(s\), expected 1/)
    expect(judge(c({ exit: 2 }), out(2, 'swarmbench: it broke\n'), []).problems).toEqual(['the line names no fix: swarmbench: it broke'])
    expect(judge(c({ exit: 2, mention: ['other.json'] }), out(2, LINE), []).problems[0]).toMatch(/does not mention other\.json/)
    const stack = judge(c({ exit: 2, lines: 2 }), out(2, `${LINE}    at readBaselineFile (file:///x/baseline-file.ts:71:11)\n`), [])
    expect(stack.stack).toBe(true)
    expect(stack.problems).toContain('a stack trace or an internal error reached the user')
  })
  test('an internal error, a Startup Error banner and an Unhandled Error count as stacks', () => {
    expect(hasStack('swarmbench: internal error: TypeError: x (a bug in swarmbench…)')).toBe(true)
    expect(hasStack('⎯⎯⎯⎯⎯ Startup Error ⎯⎯⎯⎯⎯')).toBe(true)
    expect(hasStack('⎯⎯⎯⎯ Unhandled Error ⎯⎯⎯⎯')).toBe(true)
    expect(hasStack('swarmbench: 2 benchmark(s) stored at 12:01:33')).toBe(false)
  })
  test('under Vitest only our lines with a fix count; at the CLI every stderr line does', () => {
    const mixed = ' RUN  v5.1.1 /p\nswarmbench: no baseline yet at x\n' + LINE
    expect(failureLines(mixed, 'reporter')).toEqual([LINE.trim()])
    expect(failureLines(mixed, 'cli')).toHaveLength(3)
  })
  test('a changed, removed or unexpected file is data lost', () => {
    const d = caseDir('judge')
    writeFileSync(d.at('a'), 'one')
    writeFileSync(d.at('b'), 'two')
    const before = snapshot(d, ['a', 'b'])
    writeFileSync(d.at('a'), 'changed')
    mkdirSync(d.at('typo'))
    const lost = lostAfter(d, before, { exit: 2, absent: ['typo'], check: () => 'run missing' }, out(2, ''))
    expect(lost).toEqual(['a was changed', 'typo exists but must not', 'run missing'])
    const v = judge(c({ exit: 2 }), out(2, LINE), lost)
    expect(v.lost).toBe(true)
    expect(verdictTable([v])).toMatch(/x\/y\s+2\s+1\s+no\s+yes\s+FAIL/)
    expect(summary([v]).byArea).toEqual({ cli: { passed: 0, total: 1 } })
  })
})
