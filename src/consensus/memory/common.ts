// Shared pieces of the two swarm-memory variants: the write workload, option schema, read sampling.
import { z } from 'zod'
import { createRng } from '../../random/index.ts'
import { FaultPlanSchema, NetworkSchema, type FaultPlan } from '../sim/schema.ts'

export const KvOptionsSchema = z.strictObject({
  n: z.number().int().min(1).max(500),
  seed: z.number().int(),
  writes: z.number().int().min(1).max(100_000).default(50),
  keys: z.number().int().min(1).max(10_000).default(8),
  /** Reads sampled at random (time, node, key) points to count stale reads. */
  reads: z.number().int().min(0).default(500),
  /** LWW only: virtual ms between writes (spread round-robin over nodes). */
  writeEvery: z.number().positive().default(5),
  /** LWW only: anti-entropy period in virtual ms (each node pushes its state to one random peer). */
  syncEvery: z.number().positive().default(50),
  network: NetworkSchema.optional(),
  faults: FaultPlanSchema.optional(),
  maxTime: z.number().positive().default(60_000),
})
export type KvOptionsInput = z.input<typeof KvOptionsSchema>
export type KvOptions = z.output<typeof KvOptionsSchema>

export function parseKvOptions(input: unknown): KvOptions {
  const r = KvOptionsSchema.safeParse(input)
  if (!r.success) throw new TypeError(`swarm memory options: ${r.error.issues.map(i => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ')}`)
  return r.data
}

export interface KvWrite { k: string; v: string; w: number }

/** Write number `w` of the workload: a deterministic key and a unique value. */
export function workloadWrite(w: number, keys: number, seed: number): KvWrite {
  let h = Math.imul((w + 1) ^ 0x9e3779b9, 0x85ebca6b) ^ seed
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return { k: `k${((h ^ (h >>> 16)) >>> 0) % keys}`, v: `v${w}`, w }
}

/** Per node, the intervals during which it was down (crash → restart or end). */
export function downWindows(faults: FaultPlan | undefined, n: number): [number, number][][] {
  const out: [number, number][][] = Array.from({ length: n }, () => [])
  for (const c of faults?.crashes ?? []) out[c.node]!.push([c.at, c.restart ?? Infinity])
  return out
}

/** Value timeline of one node: changes (time, key, value) in time order; `resets` are restart times. */
export interface Timeline { changes: { time: number; k: string; v: string }[]; resets: number[] }

/** The value of `key` at `node` at time `t`, honouring restarts (state rebuilt from scratch after each). */
export function valueAt(tl: Timeline, key: string, t: number): string | undefined {
  const since = Math.max(-Infinity, ...tl.resets.filter(r => r <= t))
  let v: string | undefined
  for (const c of tl.changes) { if (c.time > t) break; if (c.time >= since && c.k === key) v = c.v }
  return v
}

/** staleRatio is null when no read landed on a running node: no reads is no evidence, not 0% stale. */
export interface ReadStats { reads: number; stale: number; staleRatio: number | null }

/** Sample reads at random (time, node, key); `fresh(key, t)` is the value a fully up-to-date replica returns. */
export function sampleReads(o: { seed: number; reads: number; keys: number; end: number; n: number }, timelines: Timeline[], down: [number, number][][],
  fresh: (key: string, t: number) => string | undefined, pickNode?: (t: number, rnd: number) => number | undefined): ReadStats {
  const rng = createRng(o.seed ^ 0x4ead)
  let reads = 0, stale = 0
  for (let i = 0; i < o.reads; i++) {
    const t = rng.next() * o.end, key = `k${rng.int(o.keys)}`, r = rng.int(o.n)
    const node = pickNode ? pickNode(t, r) : r
    if (node === undefined || down[node]!.some(([a, b]) => t >= a && t < b)) continue
    reads++
    if (valueAt(timelines[node]!, key, t) !== fresh(key, t)) stale++
  }
  return { reads, stale, staleRatio: reads === 0 ? null : stale / reads }
}
