import { describe, expect, test } from 'vitest'
import { mermaidLabel, mermaidTrend, MERMAID_POINTS } from './mermaid.ts'

const row = { id: 'bench › a.bench.ts › t › quick', metric: 'latency', unit: 'ms' }

describe('Mermaid trend in the PR comment', () => {
  test('an xychart-beta block of the newest points, run ids on the axis', () => {
    const chart = mermaidTrend(row, [{ runId: 3, value: 2 }, { runId: 4, value: 2.1 }, { runId: 7, value: 4.04321 }])!
    expect(chart.split('\n')).toEqual([
      '```mermaid', 'xychart-beta', '    title "bench › a.bench.ts › t › quick · latency"', '    x-axis ["#3", "#4", "#7"]',
      '    y-axis "ms" 1.8 --> 4.25', '    line [2, 2.1, 4.043]', '```', '<sub>latency over the last 3 runs in the history (run ids on the axis)</sub>',
    ])
    expect(mermaidTrend(row, [{ runId: 1, value: 1 }])).toBeUndefined()
    const many = mermaidTrend(row, Array.from({ length: 100 }, (_, i) => ({ runId: i, value: 5 })))!
    expect(many.match(/"#\d+"/g)).toHaveLength(MERMAID_POINTS)
    expect(many).toContain('y-axis "ms" 4.5 --> 5.5')
    expect(Buffer.byteLength(many)).toBeLessThan(1_000)
    expect(mermaidTrend({ ...row, unit: '' }, [{ runId: 1, value: -1 }, { runId: 2, value: -3 }])).toContain('y-axis "value" -3.2 --> -0.8')
  })
  test('a head that is not in the history is the last point, named "head", and the newest 29 runs come before it', () => {
    const runs = Array.from({ length: 40 }, (_, i) => ({ runId: i + 1, value: 2 }))
    const chart = mermaidTrend(row, [...runs, { head: true, value: 4 }])!
    expect(chart).toContain(`x-axis [${[...runs.slice(-29).map(p => `"#${p.runId}"`), '"head"'].join(', ')}]`)
    expect(chart).toContain(`line [${[...Array(29).fill(2), 4].join(', ')}]`)
    expect(chart.split('\n').at(-1)).toBe('<sub>latency over the last 29 runs in the history (run ids on the axis), then the head compared here (not in the history)</sub>')
    expect(Buffer.byteLength(chart)).toBeLessThan(1_000)
    // the head alone is one point: no chart
    expect(mermaidTrend(row, [{ head: true, value: 4 }])).toBeUndefined()
  })
  test('names cannot close the string, the block or the comment', () => {
    expect(mermaidLabel('a"b`c<d>e\\f\ng\u202eh')).toBe("a'b'c'd'e'f g h")
    expect(mermaidLabel('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`)
    const chart = mermaidTrend({ id: '```</script>"', metric: '@team *x*', unit: 'ms' }, [{ runId: 1, value: 1 }, { runId: 2, value: 2 }])!
    expect(chart.match(/```/g)).toHaveLength(2)
    expect(chart).not.toContain('<script')
    expect(chart).toContain("title \"''''/script'' · @team *x*\"")
    expect(chart).not.toMatch(/<sub>@team \*x\*/)
  })
})
