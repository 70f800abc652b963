// The command line's share of the bad-inputs corpus, in-process (same code as the bin, quick enough for npm
// test). scripts/bad-inputs.ts runs these and the reporter, plugin and store cases as real processes.
import { describe, expect, test } from 'vitest'
import { cliCases } from './cases-cli.ts'
import { runCase } from './harness.ts'
import { inProcessRunner } from './in-process.ts'

describe('bad inputs at the command line: one clear line, the right exit code, nothing lost', () => {
  test('the corpus is large enough to mean something', () => {
    expect(cliCases.length).toBeGreaterThanOrEqual(60)
    expect(new Set(cliCases.map(c => c.id)).size).toBe(cliCases.length)
  })
  test.each(cliCases.map(c => [c.id, c] as const))('%s', async (_id, c) => {
    const v = await runCase(c, inProcessRunner)
    expect(v.problems, c.title).toEqual([])
  })
})
