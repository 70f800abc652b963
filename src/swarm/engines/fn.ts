// Your own swarm, built on any framework: an async function that works in the trial's workdir.
import type { Provenance } from '../../schema/baseline.ts'
import type { UsageRecordInput } from '../../tokens/ledger.ts'
import type { AgentRun, Engine, EngineContext, FailureClass } from '../types.ts'

/** What your function reports; everything is optional except that the work happens in ctx.workdir. */
export interface FnResult {
  /** Token usage per request, as your framework reports it (the ledger prices it; reportedCostUsd wins). */
  usage?: UsageRecordInput[]
  turns?: number
  toolCalls?: number
  agents?: number
  messages?: number
  finalText?: string
  /** Set when your run failed in a way you can classify. */
  failure?: FailureClass
  detail?: string
}

export type SwarmFn = (ctx: EngineContext) => Promise<FnResult | void> | FnResult | void

/** `fn(async ({ prompt, workdir, cell, signal }) => { … return { usage } })`. Honour `signal`: the trial's timeout aborts it. */
export function fn(run: SwarmFn, o: { name?: string; provenance?: Provenance } = {}): Engine {
  return {
    name: o.name ?? 'fn', ...(o.provenance ? { provenance: o.provenance } : {}),
    async run(ctx): Promise<AgentRun> {
      const t0 = performance.now()
      const timedOut = new Promise<'timeout'>(res => {
        if (ctx.signal.aborted) res('timeout')
        ctx.signal.addEventListener('abort', () => res('timeout'), { once: true })
      })
      const r = await Promise.race([Promise.resolve(run(ctx)).then(v => v ?? {}), timedOut])
      const wallMs = performance.now() - t0
      if (r === 'timeout') return { failure: 'timeout', detail: `the function did not finish within ${ctx.timeoutMs} ms`, usages: [], toolCalls: 0, agents: 0, wallMs, transcript: [] }
      return {
        ...(r.failure ? { failure: r.failure } : {}), ...(r.detail ? { detail: r.detail } : {}),
        usages: r.usage ?? [], ...(r.turns !== undefined ? { turns: r.turns } : {}), toolCalls: r.toolCalls ?? 0, agents: r.agents ?? 1,
        ...(r.messages !== undefined ? { messages: r.messages } : {}), wallMs, ...(r.finalText !== undefined ? { finalText: r.finalText } : {}), transcript: [],
      }
    },
  }
}
