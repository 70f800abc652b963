// Majority and weighted voting with a coordinator: the coordinator asks every agent for a proposal, tallies
// the (weighted) votes once all arrived or a majority arrived and the round timed out, and announces the
// decision; announcements are retransmitted until acknowledged. Tolerates lossy links and crashed voters;
// the coordinator may crash only if it restarts (its decisions are persisted). Not Byzantine tolerant.
import { twist } from '../sim/byzantine.ts'
import type { FaultPlan } from '../sim/schema.ts'
import type { Msg, NodeCtx, Protocol } from '../sim/types.ts'

export type VotingMsg =
  | { t: 'req'; s: number }
  | { t: 'vote'; s: number; val: string; w: number }
  | { t: 'dec'; s: number; val: string }
  | { t: 'ack'; s: number }

export interface VotingOptions {
  coordinator?: number
  /** 'equal' = simple majority; 'confidence' = weight by the agent's stated confidence; an array = track-record weights per node. */
  weights?: 'equal' | 'confidence' | readonly number[]
  /** Virtual ms between retransmissions / round deadline. */
  timeout?: number
}

export function votingProtocol(opts: VotingOptions = {}): Protocol<VotingMsg> {
  const coord = opts.coordinator ?? 0
  const weights = opts.weights ?? 'equal'
  const timeout = opts.timeout ?? 40
  const name = weights === 'equal' ? 'majority' : 'weighted'
  if (Array.isArray(weights) && weights.some(w => !(w >= 0) || !Number.isFinite(w))) throw new TypeError('votingProtocol: weights must be finite non-negative numbers')

  return {
    name,
    init(ctx: NodeCtx<VotingMsg>) {
      const { n, id } = ctx
      if (id !== coord) {
        return {
          async onMessage(from, m) {
            if (m.t === 'req') {
              const p = await ctx.agent.propose({ node: id, slot: m.s })
              const w = weights === 'equal' ? 1 : weights === 'confidence' ? Math.min(1, Math.max(0, p.confidence ?? 1)) : (weights as readonly number[])[id] ?? 1
              ctx.send(from, { t: 'vote', s: m.s, val: p.value, w })
            } else if (m.t === 'dec') {
              ctx.decide(m.s, m.val)
              ctx.send(from, { t: 'ack', s: m.s })
            }
          },
          onTimer() {},
        }
      }
      // Coordinator state; decided values are durable so a restart never re-decides a slot differently.
      const decided: string[] = ctx.restore<string[]>('decided') ?? []
      let slot = decided.length
      let votes = new Map<number, { val: string; w: number }>()
      const acked: Set<number>[] = []
      let round = 0
      const tally = async (): Promise<void> => {
        const own = await ctx.agent.propose({ node: id, slot })
        const ownW = weights === 'equal' ? 1 : weights === 'confidence' ? Math.min(1, Math.max(0, own.confidence ?? 1)) : (weights as readonly number[])[id] ?? 1
        const sum = new Map<string, number>()
        sum.set(own.value, ownW)
        for (const v of votes.values()) sum.set(v.val, (sum.get(v.val) ?? 0) + v.w)
        // Highest weight wins; ties go to the lexicographically smallest value so every replay agrees.
        let best = '', bestW = -1
        for (const [val, w] of [...sum].sort((a, b) => (a[0] < b[0] ? -1 : 1))) if (w > bestW) { best = val; bestW = w }
        decided[slot] = best
        ctx.persist('decided', decided)
        ctx.decide(slot, best)
        acked[slot] = new Set([id])
        ctx.broadcast({ t: 'dec', s: slot, val: best })
        slot++
        votes = new Map()
        if (slot < ctx.target) startRound()
      }
      const startRound = (): void => {
        ctx.note('round', ++round)
        ctx.broadcast({ t: 'req', s: slot })
      }
      return {
        start() {
          decided.forEach((v, s) => { ctx.decide(s, v); acked[s] = new Set([id]); ctx.broadcast({ t: 'dec', s, val: v }) })
          if (slot < ctx.target) startRound()
          ctx.setTimer(timeout, 0)
        },
        async onMessage(from, m) {
          if (m.t === 'vote' && m.s === slot && slot < ctx.target) {
            votes.set(from, { val: m.val, w: m.w })
            if (votes.size === n - 1) await tally()
          } else if (m.t === 'ack') acked[m.s]?.add(from)
        },
        async onTimer() {
          // Deadline: with a majority of votes in hand, decide; otherwise ask the missing voters again.
          if (slot < ctx.target) {
            if (votes.size + 1 > n / 2) await tally()
            else for (let to = 0; to < n; to++) if (to !== id && !votes.has(to)) ctx.send(to, { t: 'req', s: slot })
          }
          for (let s = 0; s < slot; s++) {
            const a = acked[s]
            if (a && a.size < n) for (let to = 0; to < n; to++) if (!a.has(to)) ctx.send(to, { t: 'dec', s, val: decided[s]! })
          }
          ctx.setTimer(timeout, 0)
        },
      }
    },
    tamper(m, to, mode) {
      if (m.t === 'vote' || m.t === 'dec') return { ...m, val: twist(m.val, to, mode) }
      return m
    },
    withinBound(f: FaultPlan, n: number) {
      if (f.byzantine.length > 0 || f.amnesia) return false
      if (f.partitions.some(p => p.heal === undefined)) return false
      const dead = new Set(f.crashes.filter(c => c.restart === undefined).map(c => c.node))
      return !dead.has(coord) && n - dead.size > n / 2
    },
  }
}

export const majorityVoting = (opts: Omit<VotingOptions, 'weights'> = {}): Protocol<VotingMsg> => votingProtocol({ ...opts, weights: 'equal' })
export const weightedVoting = (opts: VotingOptions = { weights: 'confidence' }): Protocol<VotingMsg> =>
  votingProtocol({ ...opts, weights: opts.weights === undefined || opts.weights === 'equal' ? 'confidence' : opts.weights })
export type { Msg }
