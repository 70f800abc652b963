import { describe, expect, test } from 'vitest'
import { toMetricPayload } from './record.ts'

describe('toMetricPayload', () => {
  test('fills defaults and keeps options', () => {
    expect(toMetricPayload('tokens', 12, { better: 'lower' }, 0)).toEqual({ name: 'tokens', value: 12, unit: '', better: 'lower', kind: 'deterministic', afterRuns: 0 })
    expect(toMetricPayload('acc', 0.9, { better: 'higher', kind: 'quality', unit: 'ratio', bench: 'v', provenance: { kind: 'simulated', how: 'seed 1' }, threshold: 0.01 }, 2))
      .toMatchObject({ bench: 'v', provenance: { kind: 'simulated', how: 'seed 1' }, threshold: 0.01, afterRuns: 2 })
    // a bare kind is shorthand for { kind }
    expect(toMetricPayload('x', 1, { better: 'lower', provenance: 'stand-in' }, 0).provenance).toEqual({ kind: 'stand-in' })
    // schema 1's free-text estimate is gone from the options: one way to say what a figure is
    expect(() => toMetricPayload('x', 1, { better: 'lower', estimate: 'guess' } as never, 0)).toThrow(/metric\('x'\)/)
  })
  test('samples: the value is their median', () => {
    expect(toMetricPayload('heap', [5, 1, 3, 2], { better: 'lower', kind: 'memory' }, 0)).toMatchObject({ value: 2.5, samples: [5, 1, 3, 2] })
    expect(toMetricPayload('heap', [5, 1, 3], { better: 'lower', kind: 'memory' }, 0).value).toBe(3)
  })
  test('counts travel with a rate and must agree with its value', () => {
    expect(toMetricPayload('success_rate', 0.9, { better: 'higher', kind: 'quality', unit: 'ratio', counts: { successes: 27, trials: 30 } }, 0).counts).toEqual({ successes: 27, trials: 30 })
    expect(() => toMetricPayload('success_rate', 0.5, { better: 'higher', counts: { successes: 27, trials: 30 } }, 0)).toThrow(/is not counts.successes \/ counts.trials/)
    expect(() => toMetricPayload('success_rate', 1, { better: 'higher', counts: { successes: 3, trials: 2 } }, 0)).toThrow(/option counts/)
  })
  test('bad input names the metric and the option', () => {
    expect(() => toMetricPayload('', 1, { better: 'lower' }, 0)).toThrow(/name must be a non-empty string/)
    expect(() => toMetricPayload('x', Number.NaN, { better: 'lower' }, 0)).toThrow(/metric\('x'\): value must be a finite number/)
    expect(() => toMetricPayload('x', [], { better: 'lower' }, 0)).toThrow(/sample array is empty/)
    expect(() => toMetricPayload('x', 1, { better: 'up' } as never, 0)).toThrow(/metric\('x'\): option better/)
    expect(() => toMetricPayload('x', 1, { better: 'lower', colour: 'red' } as never, 0)).toThrow(/metric\('x'\)/)
  })
})
