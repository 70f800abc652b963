// A raw-throughput workload for the simulator itself: tokens hop between random nodes until their TTL runs
// out. No protocol logic, so the benchmark measures the event loop, heap and network model.
import type { FaultPlan } from './sim/schema.ts'
import type { Protocol } from './sim/types.ts'

export type TokenMsg = { t: 'tok'; ttl: number }

export function tokenFlood(tokens: number, ttl: number): Protocol<TokenMsg> {
  return {
    name: 'token-flood',
    init(ctx) {
      return {
        start() {
          if (ctx.id !== 0) return
          for (let i = 0; i < tokens; i++) ctx.send(1 + ctx.rng.int(ctx.n - 1), { t: 'tok', ttl })
        },
        onMessage(_from, m) {
          if (m.ttl > 1) {
            let to = ctx.rng.int(ctx.n - 1)
            if (to >= ctx.id) to++
            ctx.send(to, { t: 'tok', ttl: m.ttl - 1 })
          }
        },
        onTimer() {},
      }
    },
    withinBound: (_f: FaultPlan) => true,
  }
}
