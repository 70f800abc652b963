// Heap snapshot summaries: objects grouped by constructor, and the diff of two summaries, to show what grew.
import v8 from 'node:v8'

export interface ConstructorStat { count: number; selfSize: number }
export type HeapSummary = Map<string, ConstructorStat>

export interface ConstructorGrowth {
  name: string
  countDelta: number
  sizeDelta: number
  /** Counts and sizes at the end, for scale. */
  count: number
  selfSize: number
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } }
  nodes: number[]
  strings: string[]
}

/**
 * Groups the nodes of a parsed V8 heap snapshot (the .heapsnapshot JSON) by constructor, as DevTools'
 * Summary view does: objects and native objects by name, everything else by its node type in parentheses.
 */
export function summariseSnapshot(raw: unknown): HeapSummary {
  const snap = raw as RawSnapshot
  const fields = snap?.snapshot?.meta?.node_fields
  if (!Array.isArray(fields) || !Array.isArray(snap.nodes) || !Array.isArray(snap.strings)) {
    throw new TypeError('summariseSnapshot: not a V8 heap snapshot (expected snapshot.meta.node_fields, nodes and strings)')
  }
  const types = snap.snapshot.meta.node_types[0] as string[]
  const width = fields.length
  const iType = fields.indexOf('type'), iName = fields.indexOf('name'), iSize = fields.indexOf('self_size')
  if (iType < 0 || iName < 0 || iSize < 0) throw new TypeError('summariseSnapshot: snapshot nodes lack type, name or self_size')
  const out: HeapSummary = new Map()
  for (let at = 0; at < snap.nodes.length; at += width) {
    const type = types[snap.nodes[at + iType]!] ?? 'unknown'
    if (type === 'synthetic') continue
    const key = type === 'object' || type === 'native' ? (snap.strings[snap.nodes[at + iName]!] ?? '(unknown)') : `(${type})`
    const stat = out.get(key) ?? { count: 0, selfSize: 0 }
    stat.count++
    stat.selfSize += snap.nodes[at + iSize]!
    out.set(key, stat)
  }
  return out
}

/** Takes a heap snapshot of this process in memory (V8 collects garbage first) and summarises it. */
export async function takeHeapSummary(): Promise<HeapSummary> {
  const chunks: string[] = []
  const stream = v8.getHeapSnapshot()
  stream.setEncoding('utf8')
  for await (const chunk of stream) chunks.push(chunk as string)
  return summariseSnapshot(JSON.parse(chunks.join('')))
}

/** Constructors whose retained self size grew most from `before` to `after`, largest first. Pure. */
export function diffHeapSummaries(before: HeapSummary, after: HeapSummary, top = 10): ConstructorGrowth[] {
  const rows: ConstructorGrowth[] = []
  for (const [name, a] of after) {
    const b = before.get(name) ?? { count: 0, selfSize: 0 }
    const sizeDelta = a.selfSize - b.selfSize
    if (sizeDelta > 0 || a.count > b.count) rows.push({ name, countDelta: a.count - b.count, sizeDelta, count: a.count, selfSize: a.selfSize })
  }
  rows.sort((x, y) => y.sizeDelta - x.sizeDelta || y.countDelta - x.countDelta || x.name.localeCompare(y.name))
  return rows.slice(0, top)
}
