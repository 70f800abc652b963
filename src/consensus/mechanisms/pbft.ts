// PBFT (Castro & Liskov) for a sequence of slots: pre-prepare from the view's primary, prepare and commit
// quorums of q = ceil((n+f+1)/2) (2f+1 when n = 3f+1), view change carrying certificates, and a new-view
// message that replicas re-verify. A decided replica's certificate is final (it stands for a checkpoint
// proof); f+1 matching `dec` announcements let a lagging replica catch up. Messages are modelled as signed:
// a Byzantine node may lie about its own votes and hide its certificates, but cannot forge others' messages.
import { twist } from '../sim/byzantine.ts'
import type { FaultPlan } from '../sim/schema.ts'
import type { NodeCtx, Protocol } from '../sim/types.ts'

export interface Cert { s: number; v: number; val: string }
export interface ViewChange { i: number; v: number; s: number; certs: Cert[] }
export type PbftMsg =
  | { t: 'pp'; v: number; s: number; val: string }
  | { t: 'p'; v: number; s: number; val: string }
  | { t: 'c'; v: number; s: number; val: string }
  | { t: 'dec'; s: number; val: string }
  | { t: 'fetch'; s: number }
  | { t: 'vc'; vc: ViewChange }
  | { t: 'nv'; v: number; vcs: ViewChange[]; slots: { s: number; val: string }[] }

export interface PbftOptions {
  /** Virtual ms between progress checks / retransmissions. */
  tick?: number
  /** Ticks without progress before a view change (doubles after each view change). */
  patience?: number
}

const FINAL = Number.MAX_SAFE_INTEGER
export const pbftFaultBound = (n: number): number => Math.floor((n - 1) / 3)
export const pbftQuorum = (n: number): number => Math.ceil((n + pbftFaultBound(n) + 1) / 2)

/** Slots a new view must (re-)propose: from the lowest to the highest next-slot reported, each with the
 *  highest-view certificate's value, or null where none exists (the new primary proposes afresh). */
export function newViewChoice(vcs: readonly ViewChange[], target: number): { s: number; val: string | null }[] {
  const lo = Math.min(...vcs.map(v => v.s)), hi = Math.min(target - 1, Math.max(...vcs.map(v => v.s)))
  const out: { s: number; val: string | null }[] = []
  for (let s = lo; s <= hi; s++) {
    let best: Cert | undefined
    for (const vc of vcs) for (const c of vc.certs) if (c.s === s && (!best || c.v > best.v)) best = c
    out.push({ s, val: best?.val ?? null })
  }
  return out
}

export function pbft(opts: PbftOptions = {}): Protocol<PbftMsg> {
  const tick = opts.tick ?? 60, patience0 = opts.patience ?? 3
  const preparedLog: [number, string, string][] = [] // checker only: (node, view:slot, value) prepared certificates

  return {
    name: 'pbft',
    init(ctx: NodeCtx<PbftMsg>) {
      const { n, id } = ctx
      const f = pbftFaultBound(n), q = pbftQuorum(n)
      const primary = (v: number): number => v % n
      const k = (v: number, s: number): string => `${v}:${s}`
      let view = ctx.restore<number>('view') ?? 0
      const decided = new Map<number, string>(ctx.restore<[number, string][]>('decided') ?? [])
      const certs = new Map<number, Cert>(ctx.restore<[number, Cert][]>('certs') ?? [])
      const sent = new Map<string, string>(ctx.restore<[string, string][]>('sent') ?? []) // value I prepared per view:slot
      const ppVal = new Map<string, string>()
      type Tally = Map<string, Map<string, Set<number>>>
      const votes: { p: Tally; c: Tally; dec: Tally } = { p: new Map(), c: new Map(), dec: new Map() }
      const committedSent = new Set<string>()
      const myCommit = new Map<number, { v: number; val: string }>()
      const vcs = new Map<number, Map<number, ViewChange>>()
      const nvSent = new Set<number>()
      let lastNv: PbftMsg | undefined
      let inVC = false, ticks = 0, patience = patience0, proposing = false
      let nextSlot = 0
      while (decided.has(nextSlot)) nextSlot++
      for (const [s, v] of decided) ctx.decide(s, v)

      const add = (m: Tally, key: string, val: string, from: number): number => {
        let byVal = m.get(key)
        if (!byVal) m.set(key, byVal = new Map())
        let set = byVal.get(val)
        if (!set) byVal.set(val, set = new Set())
        set.add(from)
        return set.size
      }
      const count = (m: Tally, key: string, val: string): number => m.get(key)?.get(val)?.size ?? 0
      const persistAll = (): void => {
        ctx.persist('view', view); ctx.persist('decided', [...decided]); ctx.persist('certs', [...certs]); ctx.persist('sent', [...sent])
      }
      const doDecide = async (s: number, val: string): Promise<void> => {
        if (decided.has(s)) return
        decided.set(s, val)
        certs.set(s, { s, v: FINAL, val })
        ctx.decide(s, val)
        persistAll()
        ctx.broadcast({ t: 'dec', s, val })
        while (decided.has(nextSlot)) nextSlot++
        ticks = 0; patience = patience0
        await maybePropose()
      }
      const acceptPP = async (v: number, s: number, val: string, fresh: boolean): Promise<void> => {
        const key = k(v, s)
        if (ppVal.has(key) || s >= ctx.target) return
        const d = decided.get(s)
        if (d !== undefined && d !== val) return
        const mine = sent.get(key)
        if (mine !== undefined && mine !== val) return // never prepare two values in one view:slot
        if (d === undefined && fresh && ctx.agent.judge && !(await ctx.agent.judge({ node: id, slot: s, value: val }))) return
        if (view !== v || inVC || ppVal.has(key)) return
        ppVal.set(key, val)
        sent.set(key, val); persistAll()
        ctx.broadcast({ t: 'p', v, s, val }, true)
      }
      const maybePropose = async (): Promise<void> => {
        if (inVC || primary(view) !== id || proposing || nextSlot >= ctx.target) return
        const s = nextSlot, v = view
        if (sent.has(k(v, s))) return
        proposing = true
        const p = await ctx.agent.propose({ node: id, slot: s })
        proposing = false
        if (view !== v || inVC || sent.has(k(v, s)) || decided.has(s)) return
        ctx.note('round', s + 1)
        ctx.broadcast({ t: 'pp', v, s, val: p.value })
        await acceptPP(v, s, p.value, false)
      }
      const checkPrepared = (v: number, s: number, val: string): void => {
        const key = k(v, s)
        if (ppVal.get(key) !== val || count(votes.p, key, val) < q || committedSent.has(key)) return
        committedSent.add(key)
        myCommit.set(s, { v, val })
        preparedLog.push([id, key, val])
        const c = certs.get(s)
        if (!c || (c.v !== FINAL && c.v < v)) { certs.set(s, { s, v, val }); persistAll() }
        ctx.broadcast({ t: 'c', v, s, val }, true)
      }
      const startViewChange = (w: number): void => {
        if (w <= view && inVC) return
        view = w; inVC = true; ticks = 0; patience = Math.min(patience * 2, patience0 * 16) // capped: a stuck view must still time out
        persistAll()
        ctx.broadcast({ t: 'vc', vc: { i: id, v: w, s: nextSlot, certs: [...certs.values()] } }, true)
      }
      const enterView = async (w: number, slots: { s: number; val: string }[], fresh: Set<number>): Promise<void> => {
        view = w; inVC = false; ticks = 0
        persistAll()
        ctx.note('leader', w)
        for (const { s, val } of slots) await acceptPP(w, s, val, fresh.has(s))
        await maybePropose()
      }

      return {
        async start() { ctx.setTimer(tick * (0.5 + ctx.rng.next()), 0); await maybePropose() }, // random phase: no lockstep
        async onMessage(from, m) {
          switch (m.t) {
            case 'pp':
              if (from === primary(m.v) && m.v === view && !inVC) await acceptPP(m.v, m.s, m.val, true)
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
            case 'fetch': {
              const val = decided.get(m.s)
              if (val === undefined) break
              ctx.send(from, { t: 'dec', s: m.s, val })
              // Re-send my commit too: a laggard that prepared needs q commits, and decided peers go quiet.
              const c = myCommit.get(m.s)
              if (c) ctx.send(from, { t: 'c', v: c.v, s: m.s, val: c.val })
              break
            }
            case 'vc': {
              const vc = m.vc
              if (vc.i !== from || vc.v < view) break
              // Someone still asks for the view I lead: it missed the new-view message, send it again.
              if (vc.v === view && !inVC && primary(view) === id && lastNv?.t === 'nv' && lastNv.v === view) { ctx.send(from, lastNv); break }
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
                const slots: { s: number; val: string }[] = []
                for (const c of newViewChoice(set, ctx.target)) {
                  slots.push({ s: c.s, val: c.val ?? (await ctx.agent.propose({ node: id, slot: c.s })).value })
                }
                lastNv = { t: 'nv', v: vc.v, vcs: set, slots }
                ctx.broadcast(lastNv)
                await enterView(vc.v, slots, new Set())
              }
              break
            }
            case 'nv': {
              if (from !== primary(m.v) || m.v < view || (m.v === view && !inVC)) break
              const senders = new Set(m.vcs.filter(vc => vc.v === m.v).map(vc => vc.i))
              if (senders.size < q) break
              const choice = newViewChoice(m.vcs, ctx.target)
              if (choice.length !== m.slots.length || choice.some((c, i) => c.s !== m.slots[i]!.s || (c.val !== null && c.val !== m.slots[i]!.val))) break
              await enterView(m.v, m.slots, new Set(choice.filter(c => c.val === null).map(c => c.s)))
              break
            }
          }
        },
        async onTimer() {
          ctx.setTimer(tick, 0)
          // A replica changing view keeps re-sending its view-change, even when it has decided everything:
          // the others may need its vote to complete the view.
          if (inVC) { const vc = vcs.get(view)?.get(id); if (vc) ctx.broadcast({ t: 'vc', vc }) }
          if (nextSlot >= ctx.target) return
          // No progress for a whole tick: retransmit this slot's messages (links may be lossy), ask peers for
          // decided slots, and eventually suspect the primary.
          if (ticks++ === 0) { await maybePropose(); return }
          const key = k(view, nextSlot)
          const mine = sent.get(key)
          if (!inVC && primary(view) === id && lastNv && view > 0) ctx.broadcast(lastNv)
          if (!inVC && mine !== undefined) {
            if (primary(view) === id) ctx.broadcast({ t: 'pp', v: view, s: nextSlot, val: mine })
            ctx.broadcast({ t: 'p', v: view, s: nextSlot, val: mine })
            if (committedSent.has(key)) ctx.broadcast({ t: 'c', v: view, s: nextSlot, val: mine })
          }
          ctx.broadcast({ t: 'fetch', s: nextSlot })
          // Castro–Liskov liveness rule: a replica changing view only times out once a quorum has joined the
          // new view; otherwise it waits for the others to catch up rather than running ahead of them.
          if (inVC && (vcs.get(view)?.size ?? 0) < q) ticks--
          else if (ticks >= patience) startViewChange(view + 1)
          else await maybePropose()
        },
      }
    },
    tamper(m, to, mode) {
      switch (m.t) {
        case 'pp': case 'p': case 'c': case 'dec': return { ...m, val: twist(m.val, to, mode) }
        case 'vc': return { t: 'vc', vc: { ...m.vc, certs: [] } }
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
