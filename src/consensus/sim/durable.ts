// Where a node's persisted state lives. The default keeps copies in memory; the SQLite store
// (consensus/memory/sqlite.ts) writes every persist through to a database file, so a crash and restart
// really reload from disk.
export interface DurableStore {
  set(node: number, key: string, value: unknown): void
  get(node: number, key: string): unknown
  /** Wipe one node's state (the 'amnesia' fault). */
  clear(node: number): void
}

export function memoryDurable(): DurableStore {
  const maps = new Map<number, Map<string, unknown>>()
  const of = (node: number): Map<string, unknown> => {
    let m = maps.get(node)
    if (!m) maps.set(node, m = new Map())
    return m
  }
  return {
    set(node, key, value) { of(node).set(key, structuredClone(value)) },
    get(node, key) { const v = of(node).get(key); return v === undefined ? undefined : structuredClone(v) },
    clear(node) { maps.delete(node) },
  }
}
