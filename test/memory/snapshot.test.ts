import { describe, expect, it } from 'vitest'
import { diffHeapSummaries, summariseSnapshot, type HeapSummary } from '../../src/memory/snapshot.ts'

// A hand-made snapshot in V8's .heapsnapshot layout (7 fields per node), to pin the parsing down.
function snapshot(nodes: [type: number, name: number, size: number][]) {
  return {
    snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'], node_types: [['hidden', 'array', 'string', 'object', 'code', 'closure', 'regexp', 'number', 'native', 'synthetic'], 'string'] } },
    nodes: nodes.flatMap(([t, n, s], i) => [t, n, i + 1, s, 0, 0, 0]),
    strings: ['', 'Agent', 'Message', 'hello', 'system / JSArrayBufferData'],
  }
}

describe('heap snapshot summaries', () => {
  it('groups objects by constructor and the rest by node type', () => {
    const s = summariseSnapshot(snapshot([[3, 1, 40], [3, 1, 40], [3, 2, 24], [2, 3, 32], [8, 4, 4096], [9, 0, 0]]))
    expect(Object.fromEntries(s)).toEqual({
      Agent: { count: 2, selfSize: 80 }, Message: { count: 1, selfSize: 24 }, '(string)': { count: 1, selfSize: 32 },
      'system / JSArrayBufferData': { count: 1, selfSize: 4096 },
    })
  })

  it('diffs summaries, largest growth first', () => {
    const before: HeapSummary = new Map([['Agent', { count: 2, selfSize: 80 }], ['Message', { count: 10, selfSize: 240 }], ['Gone', { count: 1, selfSize: 8 }]])
    const after: HeapSummary = new Map([['Agent', { count: 2, selfSize: 80 }], ['Message', { count: 110, selfSize: 2640 }], ['New', { count: 3, selfSize: 96 }]])
    expect(diffHeapSummaries(before, after)).toEqual([
      { name: 'Message', countDelta: 100, sizeDelta: 2400, count: 110, selfSize: 2640 },
      { name: 'New', countDelta: 3, sizeDelta: 96, count: 3, selfSize: 96 },
    ])
    expect(diffHeapSummaries(before, after, 1)).toHaveLength(1)
  })

  it('rejects what is not a snapshot', () => {
    expect(() => summariseSnapshot({})).toThrow(/not a V8 heap snapshot/)
    expect(() => summariseSnapshot({ snapshot: { meta: { node_fields: ['id'], node_types: [[]] } }, nodes: [], strings: [] })).toThrow(/lack type/)
  })
})
