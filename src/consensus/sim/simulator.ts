// Deterministic discrete-event simulator: one seeded RNG, a virtual clock, and an event heap ordered by
// (time, insertion). Protocol handlers run one event at a time; if a handler returns a promise (an async
// agent callback, an LLM call) the loop awaits it before the next event, so virtual time stands still and
// the trace depends only on the seed and the agents' answers.
import { performance } from 'node:perf_hooks'
import { createRng, type Rng } from '../../random/index.ts'
import { createEventHeap } from './heap.ts'
import { parseSimOptions, type Latency, type SimOptionsInput } from './schema.ts'
import type { AgentFactory, Msg, NodeCtx, NodeHandlers, Note, Protocol, SimResult } from './types.ts'
import { memoryDurable, type DurableStore } from './durable.ts'

export interface SimHooks {
  /** Where persisted node state lives (default: in memory). */
  durable?: DurableStore
}

const DELIVER = 0, TIMER = 1, CRASH = 2, RESTART = 3, START = 4, PART = 5
const KIND_NAMES = ['deliver', 'timer', 'crash', 'restart', 'start', 'partition']

export function sampleLatency(l: Latency, rng: Rng): number {
  switch (l.kind) {
    case 'constant': return l.ms
    case 'uniform': return l.min + (l.max - l.min) * rng.next()
    case 'exponential': return l.min - l.mean * Math.log(1 - rng.next())
    case 'lognormal': return l.median * Math.exp(l.sigma * rng.normal())
  }
}

/** Run `protocol` on `options.n` nodes whose agents come from `agents`. */
export async function simulate<M extends Msg>(protocol: Protocol<M>, agents: AgentFactory, input: SimOptionsInput, hooks: SimHooks = {}): Promise<SimResult> {
  const o = parseSimOptions(input)
  const wall0 = performance.now()
  const { n, network: net, faults } = o
  const rng = createRng(o.seed)
  const netRng = rng.fork()

  // Event pool: parallel typed arrays plus a message array, recycled through a free list.
  let poolCap = 1024
  let evKind = new Uint8Array(poolCap), evA = new Int32Array(poolCap), evB = new Int32Array(poolCap), evC = new Int32Array(poolCap)
  let evTime = new Float64Array(poolCap)
  const evMsg: (M | undefined)[] = new Array(poolCap)
  let free = new Int32Array(poolCap)
  let freeTop = 0, used = 0
  const heap = createEventHeap(poolCap)
  const alloc = (): number => {
    if (freeTop > 0) return free[--freeTop]!
    if (used === poolCap) {
      poolCap *= 2
      const k = new Uint8Array(poolCap); k.set(evKind); evKind = k
      const a = new Int32Array(poolCap); a.set(evA); evA = a
      const b = new Int32Array(poolCap); b.set(evB); evB = b
      const c = new Int32Array(poolCap); c.set(evC); evC = c
      const t = new Float64Array(poolCap); t.set(evTime); evTime = t
      const f = new Int32Array(poolCap); f.set(free); free = f
    }
    return used++
  }
  const schedule = (time: number, kind: number, a: number, b: number, c: number, msg?: M): void => {
    const id = alloc()
    evKind[id] = kind; evA[id] = a; evB[id] = b; evC[id] = c; evTime[id] = time; evMsg[id] = msg
    heap.push(time, id)
  }

  // Partitions: per partition a group index per node, active between `at` and `heal`.
  const parts = faults.partitions.map(p => {
    const group = new Int32Array(n).fill(-1)
    p.groups.forEach((g, gi) => g.forEach(node => { group[node] = gi }))
    return { at: p.at, heal: p.heal ?? Infinity, group }
  })
  const separated = (a: number, b: number, t: number): boolean => {
    for (const p of parts) {
      if (t >= p.at && t < p.heal && p.group[a] !== p.group[b]) return true
    }
    return false
  }

  const byz = new Array<ReturnType<typeof faults.byzantine.find>>(n)
  for (const b of faults.byzantine) byz[b.node] = b
  const honest = Array.from({ length: n }, (_, i) => byz[i] === undefined)
  const up = new Array<boolean>(n).fill(true)
  const epoch = new Int32Array(n)
  const durable = hooks.durable ?? memoryDurable()
  const decisions: (string | undefined)[][] = Array.from({ length: n }, () => [])
  const decidedCount = new Int32Array(n)
  const violations: string[] = []
  const notes: Note[] = []
  const typeCounts = new Map<string, { code: number; count: number }>()
  const typeCode = new Map<string, number>()
  const trace: string[] | undefined = o.keepTrace ? [] : undefined
  let now = 0, messages = 0, delivered = 0, dropped = 0, bytes = 0, events = 0
  let leaderElections = 0, rounds = 0, decidedAt = NaN
  let pendingRestarts = 0
  let h = 0x811c9dc5 | 0
  const mix = (x: number): void => { h = Math.imul(h ^ (x | 0), 16777619) }
  const codeOf = (t: string): number => {
    let c = typeCode.get(t)
    if (c === undefined) {
      c = 0x811c9dc5
      for (let i = 0; i < t.length; i++) c = Math.imul(c ^ t.charCodeAt(i), 16777619)
      typeCode.set(t, c)
    }
    return c
  }

  const transmit = (from: number, to: number, msg: M): void => {
    messages++
    let tc = typeCounts.get(msg.t)
    if (tc === undefined) typeCounts.set(msg.t, tc = { code: codeOf(msg.t), count: 0 })
    tc.count++
        if (o.countBytes) bytes += JSON.stringify(msg).length
    if (net.loss > 0 && netRng.next() < net.loss) { dropped++; return }
    const copies = net.duplicate > 0 && netRng.next() < net.duplicate ? 2 : 1
    for (let k = 0; k < copies; k++) {
      let d = sampleLatency(net.latency, netRng)
      if (net.reorder.p > 0 && netRng.next() < net.reorder.p) d += net.reorder.maxDelay * netRng.next()
      schedule(now + d, DELIVER, to, from, tc.code, msg)
    }
  }

  // Honest, running nodes that still miss decisions: the run is over when none is left (and no restart is due).
  let unfinished = honest.filter(Boolean).length

  const handlers: (NodeHandlers<M> | undefined)[] = new Array(n)
  const ctxs: NodeCtx<M>[] = []
  const agentRng = rng.fork()
  for (let id = 0; id < n; id++) {
    const nodeRng = rng.fork()
    const agent = agents(id, agentRng.fork())
    const ctx: NodeCtx<M> = {
      id, n, rng: nodeRng, agent, target: o.decisions,
      now: () => now,
      send(to, msg) {
        if (to === id) { schedule(now, DELIVER, to, id, codeOf(msg.t), msg); return }
        const b = byz[id]
        if (b === undefined) { transmit(id, to, msg); return }
        if (b.mode === 'silent') return
        const out = protocol.tamper ? protocol.tamper(msg, to, b.mode, id) : msg
        if (out !== undefined) transmit(id, to, out)
      },
      broadcast(msg, includeSelf = false) {
        for (let to = 0; to < n; to++) if (to !== id || includeSelf) ctx.send(to, msg)
      },
      setTimer(delay, tag) { schedule(now + delay, TIMER, id, tag, epoch[id]!) },
      persist(key, value) { durable.set(id, key, value) },
      restore<T>(key: string) { return durable.get(id, key) as T | undefined },
      decide(slot, value) {
        const mine = decisions[id]!
        const prev = mine[slot]
        if (prev !== undefined) {
          if (prev !== value && honest[id]) violations.push(`node ${id} decided slot ${slot} twice: ${JSON.stringify(prev)} then ${JSON.stringify(value)}`)
          return
        }
        mine[slot] = value
        mix(0x5eed); mix(id); mix(slot); mix(codeOf(value))
        trace?.push(`${now.toFixed(3)} decide node=${id} slot=${slot} value=${JSON.stringify(value)}`)
        if (slot < o.decisions && ++decidedCount[id]! === o.decisions && honest[id]) {
          decidedAt = Number.isNaN(decidedAt) ? now : Math.max(decidedAt, now)
          if (up[id]) unfinished--
        }
      },
      note(kind, a, b) {
        notes.push(b === undefined ? { time: now, node: id, kind, a } : { time: now, node: id, kind, a, b })
        if (kind === 'leader') leaderElections++
        else if (kind === 'round' && a > rounds) rounds = a
      },
    }
    ctxs.push(ctx)
    schedule(0, START, id, 0, 0)
  }
  for (const c of faults.crashes) {
    schedule(c.at, CRASH, c.node, 0, 0)
    if (c.restart !== undefined) { schedule(c.restart, RESTART, c.node, 0, 0); pendingRestarts++ }
  }
  faults.partitions.forEach((p, i) => { schedule(p.at, PART, i, 0, 0); if (p.heal !== undefined) schedule(p.heal, PART, i, 1, 0) })

  let stopped: SimResult['stopped'] = 'quiescent'
  // Runs events synchronously (the hot path) until a handler returns a promise, which the caller awaits.
  const runSync = (): Promise<void> | undefined => {
    while (heap.size > 0) {
      if (heap.peekTime() > o.maxTime) { stopped = 'max-time'; return undefined }
      if (events >= o.maxEvents) { stopped = 'max-events'; return undefined }
      const id = heap.pop()
      const kind = evKind[id]!, a = evA[id]!, b = evB[id]!, c = evC[id]!, msg = evMsg[id]
      now = evTime[id]!
      evMsg[id] = undefined
      free[freeTop++] = id
      events++
      let r: void | Promise<void> = undefined
      if (kind === DELIVER) {
        if (!up[a] || (a !== b && parts.length > 0 && separated(b, a, now))) { dropped++; continue }
        delivered++
        mix((now * 1000) >>> 0); mix(a); mix(b); mix(c) // c = the message type's hash
        trace?.push(`${now.toFixed(3)} deliver ${b}->${a} ${JSON.stringify(msg)}`)
        r = handlers[a]!.onMessage(b, msg!)
      } else if (kind === TIMER) {
        if (!up[a] || c !== epoch[a]) continue
        mix((now * 1000) >>> 0); mix(-1 - a); mix(b)
        trace?.push(`${now.toFixed(3)} timer node=${a} tag=${b}`)
        r = handlers[a]!.onTimer(b)
      } else {
        mix(0x7e57 + kind); mix(a); mix(b)
        trace?.push(`${now.toFixed(3)} ${KIND_NAMES[kind]} ${kind === PART ? `partition=${a} ${b ? 'heal' : 'split'}` : `node=${a}`}`)
        if (kind === START) {
          handlers[a] = protocol.init(ctxs[a]!)
          r = handlers[a]!.start?.()
        } else if (kind === CRASH) {
          if (up[a] && honest[a] && decidedCount[a]! < o.decisions) unfinished--
          up[a] = false
          epoch[a]!++
        } else if (kind === RESTART) {
          pendingRestarts--
          if (!up[a]) {
            up[a] = true
            if (honest[a] && decidedCount[a]! < o.decisions) unfinished++
            epoch[a]!++
            if (faults.amnesia) durable.clear(a)
            handlers[a] = protocol.init(ctxs[a]!)
            r = handlers[a]!.start?.()
          }
        }
      }
      if (r !== undefined) return r
      if (unfinished === 0 && pendingRestarts === 0) { stopped = 'decided'; return undefined }
    }
    return undefined
  }
  for (;;) {
    const p = runSync()
    if (p === undefined) break
    await p
    if (unfinished === 0 && pendingRestarts === 0) { stopped = 'decided'; break }
  }

  // Safety: honest nodes never decide differently for a slot; plus the protocol's own invariants.
  let slots = 0
  for (const d of decisions) slots = Math.max(slots, d.length)
  for (let s = 0; s < slots; s++) {
    let first: string | undefined, firstNode = -1
    for (let i = 0; i < n; i++) {
      const v = decisions[i]![s]
      if (!honest[i] || v === undefined) continue
      if (first === undefined) { first = v; firstNode = i } else if (v !== first) {
        violations.push(`slot ${s}: honest node ${firstNode} decided ${JSON.stringify(first)} but node ${i} decided ${JSON.stringify(v)}`)
        break
      }
    }
  }
  if (protocol.check) violations.push(...protocol.check({ n, honest, decisions, notes }))

  const lossy = net.loss > 0 || faults.partitions.some(p => p.heal === undefined)
  const finalUp = up.slice()
  const undecidedNodes: number[] = []
  for (let i = 0; i < n; i++) if (honest[i] && finalUp[i] && decidedCount[i]! < o.decisions) undecidedNodes.push(i)
  const result: SimResult = {
    mechanism: protocol.name, seed: o.seed, n, target: o.decisions, decisions, decidedAt, virtualTime: now,
    messages, delivered, dropped, bytes, events, byType: Object.fromEntries([...typeCounts].map(([t, v]) => [t, v.count])), leaderElections, rounds, notes, honest, up: finalUp,
    traceHash: (h >>> 0).toString(16).padStart(8, '0'),
    wallMs: performance.now() - wall0,
    safety: { ok: violations.length === 0, violations },
    liveness: { withinBound: protocol.withinBound(faults, n, lossy), live: undecidedNodes.length === 0 && !up.every(u => !u), undecidedNodes },
    stopped,
  }
  if (trace) result.trace = trace
  return result
}
