import stringWidth from 'string-width'
import { describe, expect, test } from 'vitest'
import { sampleBaseline, entry } from '../../test/helpers/baselines.ts'
import { hygieneBlock, hygieneFor, hygieneText } from './hygiene.ts'

const timer = { resolutionMs: 1e-6, overheadMs: 3e-5 }

describe('hygiene', () => {
  test('a clean run has no warnings; a noisy or sub-resolution benchmark gets its warning with its fix', () => {
    expect(hygieneFor(sampleBaseline(), timer)).toEqual([])
    expect(hygieneBlock([], 'hygiene.txt')).toEqual([])
    expect(hygieneText([])).toMatch(/^No hygiene warnings/)
    const run = sampleBaseline()
    const noisy = entry('bench › a.bench.ts › t › noisy', [1, 1, 1, 30, 1, 1, 1, 60, 1, 90])
    const tiny = entry('bench › a.bench.ts › t › tiny', Array.from({ length: 50 }, () => 1e-8))
    run.entries[noisy.id] = noisy
    run.entries[tiny.id] = tiny
    const found = hygieneFor(run, timer)
    expect(found.find(f => f.id === noisy.id)).toMatchObject({ code: 'high-rme', fix: expect.stringMatching(/Raise time/) })
    expect(found.some(f => f.id === tiny.id && f.code === 'dead-code')).toBe(true)
    expect(found.every(f => f.id === noisy.id || f.id === tiny.id)).toBe(true)
    expect(hygieneText(found).split('\n').filter(l => / Fix: /.test(l))).toHaveLength(found.length)
  })

  test("a benchmark as fast as a clock reading is suspected of dead code unless the memory fixture measured it allocating", () => {
    const run = sampleBaseline()
    const fast = Array.from({ length: 50 }, () => 3e-5)
    const bare = entry('bench › a.bench.ts › t › bare', fast)
    const pushes = entry('bench › a.bench.ts › t › pushes', fast, {
      'mem.alloc.perCall': { unit: 'bytes', better: 'lower', kind: 'memory', rounds: [{ value: 412, samples: [400, 412, 430] }] },
    })
    run.entries[bare.id] = bare
    run.entries[pushes.id] = pushes
    const codes = (id: string) => hygieneFor(run, timer).filter(f => f.id === id).map(f => f.code)
    expect(codes(bare.id)).toContain('dead-code')
    expect(codes(pushes.id)).not.toContain('dead-code')
  })

  test('the terminal block: a count, the file, one line per kind of problem, within the width', () => {
    const kinds = ['high-rme', 'dead-code', 'below-timer-resolution', 'slow-first-sample', 'module-runner-getters'] as const
    const findings = Array.from({ length: 59 }, (_, i) => ({
      id: `bench › benches/file${i % 7}.bench.ts › a test with a long descriptive name › bench ${i}`, code: kinds[i % 5]!, message: 'm'.repeat(300), fix: 'f'.repeat(200),
    }))
    const block = hygieneBlock(findings, '.swarmbench/hygiene.txt', 120)
    expect(block.length).toBeLessThanOrEqual(10)
    expect(block[0]).toBe('swarmbench: 59 hygiene warning(s) on 59 benchmark(s); each with its fix in .swarmbench/hygiene.txt')
    expect(block[1]).toMatch(/^ {2}12 × relative margin of error above the limit: benches\/file0 › a test with a long descriptive name › bench 0; /)
    for (const l of block) expect(stringWidth(l)).toBeLessThanOrEqual(120)
  })
})
