import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createEventHeap } from '../../src/consensus/sim/heap.ts'

describe('event heap', () => {
  it('pops in (time, insertion) order for any input', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), times => {
      const h = createEventHeap(16)
      times.forEach((t, i) => h.push(t, i))
      const expected = times.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(x => x[1])
      const got: number[] = []
      while (h.size > 0) got.push(h.pop())
      expect(got).toEqual(expected)
      expect(h.pop()).toBe(-1)
      expect(h.peekTime()).toBe(Infinity)
    }))
  })
  it('interleaves pushes and pops and grows past its capacity', () => {
    const h = createEventHeap(16)
    for (let i = 0; i < 1000; i++) h.push(1000 - i, i)
    expect(h.peekTime()).toBe(1)
    expect(h.pop()).toBe(999)
    h.push(0.5, 5000)
    expect(h.pop()).toBe(5000)
    expect(h.size).toBe(999)
  })
})
