// Swarm memory as a CRDT: a last-writer-wins map. Each write lands locally at once (Lamport timestamp,
// node id as tie-break), is broadcast as a delta, and periodic anti-entropy (push of the full state to one
// random peer) repairs what loss, partitions and crashes dropped. Concurrent writes to a key are resolved by
// LWW: one of them is discarded everywhere, which the report counts.
import type { FaultPlan } from '../sim/schema.ts'
import { simulate, type SimHooks } from '../sim/simulator.ts'
import type { Agent, Protocol } from '../sim/types.ts'
import { distribution, type Distribution } from '../../compare/stats/describe.ts'
import { downWindows, parseKvOptions, sampleReads, workloadWrite, type KvOptionsInput, type ReadStats, type Timeline } from './common.ts'

/** [key, value, lamport timestamp, writer node] */
export type LwwEntry = [string, string, number, number]
export type LwwMsg = { t: 'delta'; e: LwwEntry[] } | { t: 'state'; e: LwwEntry[] }

/** Does `a` win over `b` under last-writer-wins? */
export const lwwWins = (a: LwwEntry, b: LwwEntry): boolean => a[2] > b[2] || (a[2] === b[2] && a[3] > b[3])

export interface LwwObserver {
  onChange(node: number, k: string, v: string, time: number): void
  onWrite(w: number, node: number, entry: LwwEntry, time: number): void
}

export function lwwMap(o: { writes: number; keys: number; seed: number; writeEvery: number; syncEvery: number }, obs: LwwObserver): Protocol<LwwMsg> {
  const SYNC = 0, WRITE = 1
  return {
    name: 'lww-map',
    init(ctx) {
      const { id, n } = ctx
      const map = new Map<string, LwwEntry>((ctx.restore<LwwEntry[]>('entries') ?? []).map(e => [e[0], e]))
      let clock = ctx.restore<number>('clock') ?? 0
      for (const e of map.values()) obs.onChange(id, e[0], e[1], ctx.now())
      const save = (): void => { ctx.persist('entries', [...map.values()]); ctx.persist('clock', clock) }
      const merge = (e: LwwEntry): boolean => {
        if (e[2] > clock) clock = e[2]
        const cur = map.get(e[0])
        if (cur && !lwwWins(e, cur)) return false
        map.set(e[0], e)
        obs.onChange(id, e[0], e[1], ctx.now())
        return true
      }
      // Writes are spread round-robin: write w happens at node w mod n at time w · writeEvery.
      const armWrite = (from: number): void => {
        let w = from
        while (w < o.writes && w % n !== id) w++
        if (w < o.writes) ctx.setTimer(w * o.writeEvery - ctx.now(), (w << 1) | WRITE)
      }
      return {
        start() { armWrite(Math.ceil(ctx.now() / o.writeEvery)); ctx.setTimer(o.syncEvery * (0.5 + ctx.rng.next()), SYNC) },
        onMessage(_from, m) {
          let changed = false
          for (const e of m.e) changed = merge(e) || changed
          if (changed) save()
        },
        onTimer(tag) {
          if ((tag & 1) === WRITE) {
            const w = tag >> 1
            const write = workloadWrite(w, o.keys, o.seed)
            const e: LwwEntry = [write.k, write.v, ++clock, id]
            map.set(write.k, e)
            save()
            obs.onWrite(w, id, e, ctx.now())
            obs.onChange(id, write.k, write.v, ctx.now())
            ctx.broadcast({ t: 'delta', e: [e] })
            armWrite(w + 1)
          } else {
            if (n > 1) {
              let to = ctx.rng.int(n - 1)
              if (to >= id) to++
              ctx.send(to, { t: 'state', e: [...map.values()] })
            }
            ctx.setTimer(o.syncEvery, SYNC)
          }
        },
      }
    },
    withinBound: (f: FaultPlan) => f.byzantine.length === 0 && !f.amnesia,
  }
}

export interface LwwKvReport {
  variant: 'lww'
  writesIssued: number
  /** Virtual ms from a write until it is visible on every running node (or superseded there). */
  syncLatency: Distribution | undefined
  syncLatencies: number[]
  reads: ReadStats
  /** Conflicts resolved by LWW: writes issued after another write to the same key, yet outranked by it
   *  (their writer had not seen it): these updates are lost. */
  discardedConcurrent: number
  converged: boolean
  convergedAt: number
  messages: number
  bytes: number
  finalState: Record<string, string>
  virtualTime: number
  traceHash: string
}

export async function runLwwKv(input: KvOptionsInput, hooks: SimHooks = {}): Promise<LwwKvReport> {
  const o = parseKvOptions(input)
  const timelines: Timeline[] = Array.from({ length: o.n }, () => ({ changes: [], resets: [] }))
  const writes: { w: number; node: number; e: LwwEntry; time: number }[] = []
  const proto = lwwMap(o, {
    onChange: (node, k, v, time) => { timelines[node]!.changes.push({ time, k, v }) },
    onWrite: (w, node, e, time) => { writes.push({ w, node, e, time }) },
  })
  const none = (): Agent => ({ propose: () => ({ value: '' }) })
  // The run has no decisions to reach: it lasts until all writes are issued plus time to settle.
  const horizon = Math.min(o.maxTime, o.writes * o.writeEvery + Math.max(2000, 20 * o.syncEvery))
  const r = await simulate(proto, none, { n: o.n, seed: o.seed, decisions: 1, maxTime: horizon, network: o.network, faults: o.faults }, hooks)
  for (const c of o.faults?.crashes ?? []) if (c.restart !== undefined) timelines[c.node]!.resets.push(c.restart)

  const running = r.up.map((u, i) => (u ? i : -1)).filter(i => i >= 0)
  const stateAt = (node: number): Map<string, string> => {
    const since = Math.max(-Infinity, ...timelines[node]!.resets)
    const m = new Map<string, string>()
    for (const c of timelines[node]!.changes) if (c.time >= since) m.set(c.k, c.v)
    return m
  }
  const finals = running.map(i => JSON.stringify([...stateAt(i)].sort()))
  const converged = finals.every(s => s === finals[0])
  let convergedAt = 0
  for (const i of running) for (const c of timelines[i]!.changes) convergedAt = Math.max(convergedAt, c.time)

  // Sync latency: first time every running node shows this write or a later winner for its key.
  const byValue = new Map(writes.map(w => [w.e[1], w.e]))
  const syncL: number[] = []
  for (const w of writes) {
    let latest = w.time
    let ok = true
    for (const i of running) {
      const seen = timelines[i]!.changes.find(c => c.time >= w.time && c.k === w.e[0] && (c.v === w.e[1] || lwwWins(byValue.get(c.v) ?? w.e, w.e)))
      if (!seen) { ok = false; break }
      latest = Math.max(latest, seen.time)
    }
    if (ok) syncL.push(latest - w.time)
  }
  // Fresh value: the LWW winner among all writes issued up to t.
  const sortedWrites = writes.toSorted((a, b) => a.time - b.time)
  const fresh = (key: string, t: number): string | undefined => {
    let best: LwwEntry | undefined
    for (const w of sortedWrites) { if (w.time > t) break; if (w.e[0] === key && (!best || lwwWins(w.e, best))) best = w.e }
    return best?.[1]
  }
  const end = o.writes * o.writeEvery
  const reads = sampleReads({ seed: o.seed, reads: o.reads, keys: o.keys, end, n: o.n }, timelines, downWindows(o.faults, o.n), fresh)
  let discarded = 0
  const lastByKey = new Map<string, LwwEntry>()
  for (const w of sortedWrites) {
    const prev = lastByKey.get(w.e[0])
    if (prev && lwwWins(prev, w.e)) discarded++
    else lastByKey.set(w.e[0], w.e)
  }
  const final = running.length ? Object.fromEntries([...stateAt(running[0]!)].sort()) : {}
  return {
    variant: 'lww', writesIssued: writes.length, syncLatency: distribution(syncL), syncLatencies: syncL, reads, discardedConcurrent: discarded,
    converged, convergedAt, messages: r.messages, bytes: r.bytes, finalState: final, virtualTime: r.virtualTime, traceHash: r.traceHash,
  }
}
