import stringWidth from 'string-width'
import { describe, expect, test } from 'vitest'
import { csvLine, textTable } from './table.ts'

describe('text tables', () => {
  test('fit the width: the widest column gives way, ids keep their start and end', () => {
    const id = `bench › benches/agents.bench.ts › ${'a long test name '.repeat(8)}› route`
    const text = textTable(['benchmark', 'figure', 'value'], [[id, 'latency (mean)', '1.5 ms'], ['', 'tokens', '1,000 tokens']])
    for (const l of text.trimEnd().split('\n')) expect(stringWidth(l)).toBeLessThanOrEqual(120)
    expect(text).toMatch(/bench › benches\/agents\.bench\.ts › a long.*….*› route\s+latency \(mean\)\s+1\.5 ms/)
    expect(textTable(['a', 'b'], [['x', 'y']], 200)).toBe('a  b\n─  ─\nx  y\n')
    for (const l of textTable(['benchmark', 'figure'], [[id, 'f']], 60).trimEnd().split('\n')) expect(stringWidth(l)).toBeLessThanOrEqual(60)
  })
  test('CSV cells that would run as a formula stay text', () => {
    expect(csvLine(['=SUM(A1)', 'a,b', 'plain'])).toBe(`'=SUM(A1),"a,b",plain`)
  })
})
