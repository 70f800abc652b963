// PBFT (Castro & Liskov) for a sequence of slots: pre-prepare from the view's primary, prepare and commit
// quorums of q = ceil((n+f+1)/2) (2f+1 when n = 3f+1), view change carrying prepared certificates, and a
// new-view message the replicas re-verify. Decided replicas announce `dec`; f+1 matching announcements let a
// lagging replica catch up (one of them is honest). Messages are modelled as signed: a Byzantine node may lie
// about its own votes and hide its certificates but cannot forge another node's message.
import { twist } from '../sim/byzantine.ts'
import type { FaultPlan } from '../sim/schema.ts'
import type { NodeCtx, Protocol } from '../sim/types.ts'

export interface ViewChange { i: number; v: number; s: number; prep: { v: number; val: string } | null }
export type PbftMsg =
  | { t: 'pp'; v: number; s: number; val: string }
  | { t: 'p'; v: number; s: number; val: string }
  | { t: 'c'; v: number; s: number; val: string }
  | { t: 'dec'; s: number; val: string }
  | { t: 'vc'; vc: ViewChange }
  | { t: 'nv'; v: number; vcs: ViewChange[]; s: number; val: string | null }

export interface PbftOptions {
  /** Virtual ms between progress checks / retransmissions. */
  tick?: number
  /** Ticks without progress before a view change (doubles after each view change). */
  patience?: number
}

export const pbftFaultBound = (n: number): number => Math.floor((n - 1) / 3)
const quorum = (n: number): number => Math.ceil((n + pbftFaultBound(n) + 1) / 2)

/** The slot and value a new view must re-propose, from a set of view-change messages. */
export function newViewChoice(vcs: readonly ViewChange[]): { s: number; val: string | null } {
  const s = Math.max(...vcs.map(v => v.s))
  let best: { v: number; val: string } | null = null
  for (const vc of vcs) if (vc.s === s && vc.prep && (!best || vc.prep.v > best.v)) best = vc.prep
  return { s, val: best?.val ?? null }
}

export function pbft(opts: PbftOptions = {}): Protocol<PbftMsg> {
  const tick = opts.tick ?? 60, patience0 = opts.patience ?? 3
  const preparedLog: [number, string, string][] = [] // checker only: (node, view:slot, value) prepared certificates

  return {
    name: 'pbft',
    init(ctx: NodeCtx<PbftMsg>) {
      const { n, id } = ctx
      const f = pbftFaultBound(n), q = quorum(n)
      const primary = (v: number): number => v % n
      const k = (v: number, s: number): string => `${v}:${s}`
      let view = ctx.restore<number>('view') ?? 0
      const decided = new Map<number, string>(ctx.restore<[number, string][]>('decided') ?? [])
      const prepared = new Map<number, { v: number; val: string }>(ctx.restore<[number, { v: number; val: string }][]>('prepared') ?? [])
      const sent = new Map<string, string>(ctx.restore<[string, string][]>('sent') ?? []) // value I pre-prepared/prepared per view:slot
      const ppVal = new Map<string, string>()
      const votes = { p: new Map<string, Map<string, Set<number>>>(), c: new Map<string, Map<string, Set<number>>>(), dec: new Map<string, Map<string, Set<number>>>() }
      const committedSent = new Set<string>()
      const vcs = new Map<number, Map<number, ViewChange>>()
      const nvSent = new Set<number>()
      let lastNv: PbftMsg | undefined
      let inVC = false, ticks = 0, patience = patience0, proposing = false
      let nextSlot = 0
      while (decided.has(nextSlot)) nextSlot++
      for (const [s, v] of decided) ctx.decide(s, v)

      const add = (m: Map<string, Map<string, Set<number>>>, key: string, val: string, from: number): number => {
        let byVal = m.get(key)
        if (!byVal) m.set(key, byVal = new Map())
        let set = byVal.get(val)
        if (!set) byVal.set(val, set = new Set())
        set.add(from)
        return set.size
      }
      const count = (m: Map<string, Map<string, Set<number>>>, key: string, val: string): number => m.get(key)?.get(val)?.size ?? 0
      const persistAll = (): void => {
        ctx.persist('view', view); ctx.persist('decided', [...decided]); ctx.persist('prepared', [...prepared]); ctx.persist('sent', [...sent])
      }
      const doDecide = async (s: number, val: string): Promise<void> => {
        if (decided.has(s)) return
        decided.set(s, val)
        prepared.delete(s)
        ctx.decide(s, val)
        persistAll()
        ctx.broadcast({ t: 'dec', s, val })
        while (decided.has(nextSlot)) nextSlot++
        ticks = 0; patience = patience0
        await maybePropose()
      }
      const acceptPP = async (v: number, s: number, val: string, fresh: boolean): Promise<void> => {
        const key = k(v, s)
        if (ppVal.has(key) || decided.has(s)) return
        const mine = sent.get(key)
        if (mine !== undefined && mine !== val) return // never prepare two values in one view:slot
        if (fresh && ctx.agent.judge && !(await ctx.agent.judge({ node: id, slot: s, value: val }))) return
        if (view !== v || inVC) return
        ppVal.set(key, val)
        sent.set(key, val); persistAll()
        ctx.broadcast({ t: 'p', v, s, val }, true)
      }
      const maybePropose = async (): Promise<void> => {
        if (inVC || primary(view) !== id || proposing || nextSlot >= ctx.target) return
        const s = nextSlot, v = view, key = k(v, s)
        if (sent.has(key)) return
        proposing = true
        const p = await ctx.agent.propose({ node: id, slot: s })
        proposing = false
        if (view !== v || inVC || sent.has(key) || decided.has(s)) return
        ctx.note('round', s + 1)
        ctx.broadcast({ t: 'pp', v, s, val: p.value })
        await acceptPP(v, s, p.value, false)
      }
      const checkPrepared = (v: number, s: number, val: string): void => {
        const key = k(v, s)
        if (ppVal.get(key) !== val || count(votes.p, key, val) < q || committedSent.has(key)) return
        committedSent.add(key)
        preparedLog.push([id, key, val])
        prepared.set(s, { v, val }); persistAll()
        ctx.broadcast({ t: 'c', v, s, val }, true)
      }
      const startViewChange = (w: number): void => {
        if (w <= view && inVC) return
        view = w; inVC = true; ticks = 0; patience *= 2
        persistAll()
        const p = prepared.get(nextSlot)
        ctx.broadcast({ t: 'vc', vc: { i: id, v: w, s: nextSlot, prep: p ?? null } }, true)
      }
      const enterView = async (w: number, s: number, val: string | null, fresh: boolean): Promise<void> => {
        view = w; inVC = false; ticks = 0
        persistAll()
        ctx.note('leader', w)
        if (val !== null && s < ctx.target && !decided.has(s)) await acceptPP(w, s, val, fresh)
        await maybePropose()
      }

      return {
        async start() { ctx.setTimer(tick, 0); await maybePropose() },
        async onMessage(from, m) {
          switch (m.t) {
            case 'pp':
              if (from === primary(m.v) && m.v === view && !inVC && m.s === nextSlot) await acceptPP(m.v, m.s, m.val, true)
              break
            case 'p':
              add(votes.p, k(m.v, m.s), m.val, from)
              checkPrepared(m.v, m.s, m.val)
              break
            case 'c': {
              const key = k(m.v, m.s)
              if (add(votes.c, key, m.val, from) >= q && committedSent.has(key) && ppVal.get(key) === m.val) await doDecide(m.s, m.val)
              break
            }
            case 'dec':
              if (add(votes.dec, String(m.s), m.val, from) >= f + 1) await doDecide(m.s, m.val)
              break
            case 'vc': {
              const vc = m.vc
              if (vc.i !== from || vc.v < view) break
              let byNode = vcs.get(vc.v)
              if (!byNode) vcs.set(vc.v, byNode = new Map())
              byNode.set(from, vc)
              // f+1 replicas want a higher view: at least one is honest, so join them.
              if (vc.v > view) {
                const wanting = new Set<number>()
                for (const [w, b] of vcs) if (w > view) for (const i of b.keys()) wanting.add(i)
                if (wanting.size >= f + 1) startViewChange(Math.min(...[...vcs.keys()].filter(w => w > view)))
              }
              if (primary(vc.v) === id && byNode.size >= q && !nvSent.has(vc.v) && vc.v >= view) {
                nvSent.add(vc.v)
                const set = [...byNode.values()].slice(0, q)
                const choice = newViewChoice(set)
                const s = choice.s
                let val = choice.val
                if (val === null && s < ctx.target) val = (await ctx.agent.propose({ node: id, slot: s })).value
                lastNv = { t: 'nv', v: vc.v, vcs: set, s, val }
                ctx.broadcast(lastNv)
                await enterView(vc.v, s, val, false)
              }
              break
            }
            case 'nv': {
              if (from !== primary(m.v) || m.v < view || (m.v === view && !inVC)) break
              const senders = new Set(m.vcs.filter(vc => vc.v === m.v).map(vc => vc.i))
              if (senders.size < q) break
              const choice = newViewChoice(m.vcs)
              if (choice.s !== m.s || (choice.val !== null && choice.val !== m.val)) break
              await enterView(m.v, m.s, m.val, choice.val === null)
              break
            }
          }
        },
        async onTimer() {
          ctx.setTimer(tick, 0)
          if (nextSlot >= ctx.target) return
          // Retransmit this slot's messages (links may be lossy), help laggards, and suspect the primary.
          const key = k(view, nextSlot)
          const mine = sent.get(key)
          if (!inVC && mine !== undefined) {
            if (primary(view) === id) { if (lastNv && view > 0) ctx.broadcast(lastNv); ctx.broadcast({ t: 'pp', v: view, s: nextSlot, val: mine }) }
            ctx.broadcast({ t: 'p', v: view, s: nextSlot, val: mine })
            if (committedSent.has(key)) ctx.broadcast({ t: 'c', v: view, s: nextSlot, val: mine })
          }
          if (nextSlot > 0) ctx.broadcast({ t: 'dec', s: nextSlot - 1, val: decided.get(nextSlot - 1)! })
          if (inVC) { const vc = vcs.get(view)?.get(id); if (vc) ctx.broadcast({ t: 'vc', vc }) }
          if (++ticks >= patience) startViewChange(view + 1)
          else await maybePropose()
        },
      }
    },
    tamper(m, to, mode) {
      switch (m.t) {
        case 'pp': case 'p': case 'c': case 'dec': return { ...m, val: twist(m.val, to, mode) }
        case 'vc': return { t: 'vc', vc: { ...m.vc, prep: null } }
        default: return m
      }
    },
    check({ honest }) {
      const out: string[] = []
      const seen = new Map<string, string>()
      for (const [node, key, val] of preparedLog) {
        if (!honest[node]) continue
        const other = seen.get(key)
        if (other === undefined) seen.set(key, val)
        else if (other !== val) { out.push(`pbft: conflicting prepared certificates at view:slot ${key}: ${JSON.stringify(other)} vs ${JSON.stringify(val)}`); seen.set(key, val) }
      }
      return out
    },
    withinBound(fp: FaultPlan, n: number) {
      if (fp.amnesia || fp.partitions.some(p => p.heal === undefined)) return false
      const faulty = new Set([...fp.byzantine.map(b => b.node), ...fp.crashes.map(c => c.node)])
      return faulty.size <= pbftFaultBound(n)
    },
  }
}
