import { describe, expect, it } from 'vitest'
import v8 from 'node:v8'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measurePersistence } from '../../src/memory/persistence.ts'

const state = { id: 'swarm-é', agents: Array.from({ length: 20 }, (_, i) => ({ id: i, notes: ['plan', 'code', 'review'], score: i / 3 })) }

describe('measurePersistence', () => {
  it('measures each format with real sizes', () => {
    const costs = measurePersistence(state, { iterations: 5 })
    expect(costs.map(c => c.format)).toEqual(['json', 'v8', 'structuredClone', 'sqlite'])
    const by = Object.fromEntries(costs.map(c => [c.format, c]))
    expect(by.json!.bytes).toBe(Buffer.byteLength(JSON.stringify(state), 'utf8'))
    expect(by.v8!.bytes).toBe(v8.serialize(state).byteLength)
    expect(by.sqlite!.bytes).toBe(by.json!.bytes)
    expect(by.structuredClone!.bytes).toBeUndefined()
    for (const c of costs) {
      expect(c.writeMs).toHaveLength(5)
      expect(c.readMs).toHaveLength(c.format === 'structuredClone' ? 0 : 5)
      expect(c.writeMs.every(t => t >= 0)).toBe(true)
    }
  })

  it('writes to an on-disk SQLite file when asked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarmbench-persist-'))
    try {
      const [c] = measurePersistence(state, { iterations: 3, formats: ['sqlite'], sqlitePath: join(dir, 'state.db') })
      expect(c!.bytes).toBe(Buffer.byteLength(JSON.stringify(state), 'utf8'))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('names the format a state cannot take', () => {
    expect(() => measurePersistence({ f: () => 1 }, { formats: ['v8'] })).toThrow(/cannot be persisted as v8/)
    expect(() => measurePersistence({ f: () => 1 }, { formats: ['structuredClone'] })).toThrow(/as structuredClone/)
    expect(() => measurePersistence(undefined, { formats: ['json'] })).toThrow(/as json/)
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(() => measurePersistence(cyclic, { formats: ['sqlite'] })).toThrow(/as sqlite/)
    expect(() => measurePersistence(state, { iterations: 1 })).toThrow(/option iterations/)
  })
})
