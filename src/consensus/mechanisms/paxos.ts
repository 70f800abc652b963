// Paxos (Lamport): acceptors promise and accept by ballot, persisted; a proposer that gathers a majority of
// promises re-proposes the highest-ballot accepted value of each slot. With the leader optimisation
// (Multi-Paxos) a leader runs phase 1 once for all slots and then only phase 2 per slot; without it every
// slot runs both phases (classic single-decree Paxos, instance after instance). Leaders announce `dec`.
import { twist } from '../sim/byzantine.ts'
import type { FaultPlan } from '../sim/schema.ts'
import type { NodeCtx, Protocol } from '../sim/types.ts'

interface Accepted { s: number; b: number; val: string }
export type PaxosMsg =
  | { t: 'p1a'; b: number }
  | { t: 'p1b'; b: number; ok: boolean; promised: number; acc: Accepted[] }
  | { t: 'p2a'; b: number; s: number; val: string }
  | { t: 'p2b'; b: number; s: number; ok: boolean; promised: number }
  | { t: 'dec'; s: number; val: string }
  | { t: 'hb'; b: number }
  | { t: 'hbr'; next: number }

export interface PaxosOptions {
  /** Multi-Paxos: keep the leader across slots, skipping phase 1 (default true). */
  leaderOptimisation?: boolean
  electionMin?: number
  electionMax?: number
  heartbeat?: number
}

const ELECTION = 0, HEARTBEAT = 1

export function paxos(opts: PaxosOptions = {}): Protocol<PaxosMsg> {
  const multi = opts.leaderOptimisation ?? true
  const eMin = opts.electionMin ?? 150, eMax = opts.electionMax ?? 300, hbMs = opts.heartbeat ?? 50
  const acceptLog: [number, number, number, string][] = [] // checker only: (acceptor, slot, ballot, value)

  return {
    name: multi ? 'multi-paxos' : 'paxos',
    init(ctx: NodeCtx<PaxosMsg>) {
      const { n, id } = ctx
      let promised = ctx.restore<number>('promised') ?? -1
      const accepted = new Map<number, Accepted>(ctx.restore<[number, Accepted][]>('accepted') ?? [])
      const decided = new Map<number, string>()
      let firstUndecided = 0
      let maxSeen = promised
      let phase: 'idle' | 'p1' | 'leader' = 'idle'
      let myB = -1
      let promises = new Map<number, Accepted[]>()
      const pending = new Map<number, { val: string; oks: Set<number> }>()
      let recovered = new Map<number, string>()
      let heard = false, electionGen = 0, hbGen = 0, proposing = false

      const persist = (): void => { ctx.persist('promised', promised); ctx.persist('accepted', [...accepted]) }
      const resetElection = (): void => { ctx.setTimer(eMin + (eMax - eMin) * ctx.rng.next(), (++electionGen << 1) | ELECTION) }
      const learn = (s: number, val: string): void => {
        if (decided.has(s)) return
        decided.set(s, val)
        ctx.decide(s, val)
        while (decided.has(firstUndecided)) firstUndecided++
      }
      const startPhase1 = (): void => {
        myB = (Math.floor(maxSeen / n) + 1) * n + id
        maxSeen = myB
        phase = 'p1'
        promises = new Map()
        pending.clear()
        ctx.broadcast({ t: 'p1a', b: myB }, true)
      }
      const sendP2a = (s: number, val: string): void => {
        pending.set(s, { val, oks: new Set() })
        ctx.broadcast({ t: 'p2a', b: myB, s, val }, true)
      }
      const proposeNext = async (): Promise<void> => {
        if (phase !== 'leader' || pending.size > 0 || proposing || firstUndecided >= ctx.target) return
        const s = firstUndecided, b = myB
        const prior = recovered.get(s)
        let val: string
        if (prior !== undefined) val = prior
        else {
          proposing = true
          val = (await ctx.agent.propose({ node: id, slot: s })).value
          proposing = false
          if (phase !== 'leader' || myB !== b || decided.has(s)) return
        }
        ctx.note('round', s + 1)
        sendP2a(s, val)
      }
      const loseLeadership = (b: number): void => {
        if (b > maxSeen) maxSeen = b
        if (phase !== 'idle') { phase = 'idle'; pending.clear(); hbGen++ }
      }

      return {
        start() { resetElection() },
        async onMessage(from, m) {
          switch (m.t) {
            case 'p1a':
              if (m.b > maxSeen) maxSeen = m.b
              if (m.b > promised) {
                promised = m.b; persist()
                if (from !== id) { heard = true; loseLeadership(m.b) }
                ctx.send(from, { t: 'p1b', b: m.b, ok: true, promised, acc: [...accepted.values()] })
              } else ctx.send(from, { t: 'p1b', b: m.b, ok: false, promised, acc: [] })
              break
            case 'p1b':
              if (phase !== 'p1' || m.b !== myB) break
              if (!m.ok) { loseLeadership(m.promised); break }
              promises.set(from, m.acc)
              if (promises.size * 2 > n) {
                // Highest-ballot accepted value per slot must be re-proposed.
                const best = new Map<number, Accepted>()
                for (const acc of promises.values()) for (const a of acc) { const cur = best.get(a.s); if (!cur || a.b > cur.b) best.set(a.s, a) }
                recovered = new Map([...best].map(([s, a]) => [s, a.val]))
                phase = 'leader'
                ctx.note('leader', myB)
                ctx.broadcast({ t: 'hb', b: myB })
                ctx.setTimer(hbMs, (++hbGen << 1) | HEARTBEAT)
                await proposeNext()
              }
              break
            case 'p2a':
              if (m.b > maxSeen) maxSeen = m.b
              if (m.b >= promised) {
                promised = m.b
                accepted.set(m.s, { s: m.s, b: m.b, val: m.val }); persist()
                acceptLog.push([id, m.s, m.b, m.val])
                if (from !== id) { heard = true; loseLeadership(m.b) }
                ctx.send(from, { t: 'p2b', b: m.b, s: m.s, ok: true, promised })
              } else ctx.send(from, { t: 'p2b', b: m.b, s: m.s, ok: false, promised })
              break
            case 'p2b': {
              if (phase !== 'leader' || m.b !== myB) break
              if (!m.ok) { loseLeadership(m.promised); break }
              const p = pending.get(m.s)
              if (!p) break
              p.oks.add(from)
              if (p.oks.size * 2 > n) {
                pending.delete(m.s)
                learn(m.s, p.val)
                ctx.broadcast({ t: 'dec', s: m.s, val: p.val })
                if (!multi) { phase = 'idle'; hbGen++; if (firstUndecided < ctx.target) startPhase1() }
                else await proposeNext()
              }
              break
            }
            case 'dec': learn(m.s, m.val); break
            case 'hb':
              if (m.b >= promised && from !== id) { heard = true; if (m.b > maxSeen) maxSeen = m.b; ctx.send(from, { t: 'hbr', next: firstUndecided }) }
              break
            case 'hbr':
              if (phase === 'leader') for (let s = m.next; s < Math.min(firstUndecided, m.next + 64); s++) ctx.send(from, { t: 'dec', s, val: decided.get(s)! })
              break
          }
        },
        async onTimer(tag) {
          const kind = tag & 1, gen = tag >> 1
          if (kind === ELECTION) {
            if (gen !== electionGen) return
            if (!heard && phase !== 'leader' && firstUndecided < ctx.target) startPhase1()
            heard = false
            resetElection()
          } else if (gen === hbGen && phase === 'leader') {
            // Heartbeat, and retransmission of the slot in flight over lossy links.
            ctx.broadcast({ t: 'hb', b: myB })
            for (const [s, p] of pending) ctx.broadcast({ t: 'p2a', b: myB, s, val: p.val }, true)
            ctx.setTimer(hbMs, (++hbGen << 1) | HEARTBEAT)
            await proposeNext()
          }
        },
      }
    },
    tamper(m, to, mode) {
      // A lying acceptor promises while hiding what it accepted, and acknowledges every accept.
      if (m.t === 'p1b') return { ...m, ok: true, acc: [] }
      if (m.t === 'p2b') return { ...m, ok: true }
      if ((m.t === 'p2a' || m.t === 'dec') && mode !== 'silent') return { ...m, val: twist(m.val, to, mode) }
      return m
    },
    check({ n }) {
      const byBallot = new Map<string, { val: string; nodes: Set<number> }>()
      const chosen = new Map<number, Set<string>>()
      for (const [node, s, b, val] of acceptLog) {
        const key = `${s}:${b}:${val}`
        let e = byBallot.get(key)
        if (!e) byBallot.set(key, e = { val, nodes: new Set() })
        e.nodes.add(node)
        if (e.nodes.size * 2 > n) { let c = chosen.get(s); if (!c) chosen.set(s, c = new Set()); c.add(val) }
      }
      const out: string[] = []
      for (const [s, vals] of chosen) if (vals.size > 1) out.push(`paxos: slot ${s} had ${vals.size} values chosen: ${[...vals].map(v => JSON.stringify(v)).join(', ')}`)
      return out
    },
    withinBound(f: FaultPlan, n: number) {
      if (f.byzantine.length > 0 || f.amnesia || f.partitions.some(p => p.heal === undefined)) return false
      const dead = new Set(f.crashes.filter(c => c.restart === undefined).map(c => c.node))
      return dead.size <= Math.floor((n - 1) / 2)
    },
  }
}
