import { describe, expect, test } from 'vitest'
import { sampleBaseline, entry } from '../../test/helpers/baselines.ts'
import { hygieneFor } from './hygiene.ts'

describe('hygieneFor', () => {
  test('a clean run has no warnings; a noisy or sub-resolution benchmark gets one line each, with its fix', () => {
    const timer = { resolutionMs: 1e-6, overheadMs: 3e-5 }
    expect(hygieneFor(sampleBaseline(), timer)).toEqual([])
    const run = sampleBaseline()
    const noisy = entry('bench › a.bench.ts › t › noisy', [1, 1, 1, 30, 1, 1, 1, 60, 1, 90])
    const tiny = entry('bench › a.bench.ts › t › tiny', Array.from({ length: 50 }, () => 1e-8))
    run.entries[noisy.id] = noisy
    run.entries[tiny.id] = tiny
    const lines = hygieneFor(run, timer)
    expect(lines.some(l => l.startsWith(noisy.id) && /Fix:/.test(l))).toBe(true)
    expect(lines.some(l => l.startsWith(tiny.id))).toBe(true)
    expect(lines.every(l => l.startsWith(noisy.id) || l.startsWith(tiny.id))).toBe(true)
  })
})
