// Agents behind HTTP: each propose/judge is a JSON POST to a service (an LLM gateway, a model server, a
// human-in-the-loop tool). The simulator awaits every call, so virtual time stands still while it runs and
// the run is as deterministic as the service's answers.
import { z } from 'zod'
import type { AgentFactory } from './sim/types.ts'

export const HttpAgentOptionsSchema = z.strictObject({
  url: z.url(),
  timeoutMs: z.number().int().positive().default(30_000),
  headers: z.record(z.string(), z.string()).default({}),
})
export type HttpAgentOptions = z.input<typeof HttpAgentOptionsSchema>

const ProposeReply = z.object({ value: z.string().min(1), confidence: z.number().min(0).max(1).optional() })
const JudgeReply = z.object({ accept: z.boolean() })

/**
 * Request bodies: `{ "kind": "propose", "node": 2, "slot": 0 }` → `{ "value": "B", "confidence": 0.8 }`;
 * `{ "kind": "judge", "node": 2, "slot": 0, "value": "B" }` → `{ "accept": true }`.
 */
export function httpAgents(input: HttpAgentOptions): AgentFactory {
  const o = HttpAgentOptionsSchema.parse(input)
  const call = async <T>(body: object, schema: z.ZodType<T>): Promise<T> => {
    const res = await fetch(o.url, {
      method: 'POST', headers: { 'content-type': 'application/json', ...o.headers }, body: JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs),
    })
    if (!res.ok) throw new Error(`http agent ${o.url}: HTTP ${res.status} for ${JSON.stringify(body)}`)
    const parsed = schema.safeParse(await res.json())
    if (!parsed.success) throw new Error(`http agent ${o.url}: bad reply to ${JSON.stringify(body)}: ${parsed.error.issues.map(i => `${i.path.join('.') || '(reply)'}: ${i.message}`).join('; ')}`)
    return parsed.data
  }
  return (node) => ({
    async propose({ slot }) {
      const r = await call({ kind: 'propose', node, slot }, ProposeReply)
      return r.confidence === undefined ? { value: r.value } : { value: r.value, confidence: r.confidence }
    },
    async judge({ slot, value }) { return (await call({ kind: 'judge', node, slot, value }, JudgeReply)).accept },
  })
}
