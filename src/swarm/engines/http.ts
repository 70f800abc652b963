// Our own orchestration of N agents over any OpenAI-compatible (Ollama, llama.cpp server, vLLM, OpenAI) or
// Anthropic endpoint. Every request goes through the tokens ledger (trackFetch), so usage and cost are
// read from the API's own answers; the coordination mode decides who talks to whom (see coordination.ts).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, normalize, sep } from 'node:path'
import { SwarmbenchError } from '../../errors/index.ts'
import type { Provenance } from '../../schema/baseline.ts'
import { trackFetch, type Fetch } from '../../tokens/fetch.ts'
import { createLedger } from '../../tokens/ledger.ts'
import { coordinate, type Role } from '../coordination.ts'
import type { AgentRun, Engine, TranscriptItem } from '../types.ts'

export interface HttpEngineOptions {
  /** API base, e.g. 'http://127.0.0.1:11434/v1' (Ollama), 'https://api.openai.com/v1', 'https://api.anthropic.com/v1'. */
  baseURL: string
  api?: 'openai' | 'anthropic'
  /** The key, or read from the environment variable `apiKeyEnv` (default OPENAI_API_KEY / ANTHROPIC_API_KEY). Never recorded. */
  apiKey?: string
  apiKeyEnv?: string
  /** Model when the cell has none. */
  model?: string
  /** Exchange rounds of the mesh mode (default 2). */
  rounds?: number
  maxTokens?: number
  temperature?: number
  /** The fetch underneath the tracking (a cassette's, a proxy's); default the global fetch. */
  fetch?: Fetch
  provenance?: Provenance
}

export class HttpStatusError extends Error {
  readonly status: number
  readonly headers: Headers
  constructor(status: number, headers: Headers, message: string) { super(message); this.status = status; this.headers = headers }
}

export function http(o: HttpEngineOptions): Engine {
  const api = o.api ?? 'openai'
  const base = o.baseURL.replace(/\/+$/, '')
  return {
    name: 'http', ...(o.provenance ? { provenance: o.provenance } : {}),
    preflight() {
      try { new URL(base) } catch { throw new SwarmbenchError(`'${o.baseURL}' is not a URL`, { field: 'baseURL', fix: 'pass e.g. http://127.0.0.1:11434/v1' }) }
    },
    async run(ctx): Promise<AgentRun> {
      const model = ctx.cell.model ?? o.model
      if (!model) throw new SwarmbenchError('the http engine needs a model', { fix: 'add a model axis or pass model to http({ … })' })
      const key = o.apiKey ?? process.env[o.apiKeyEnv ?? (api === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY')]
      const ledger = createLedger()
      const tracked = trackFetch(ledger, o.fetch ?? globalThis.fetch)
      const transcript: TranscriptItem[] = []
      const t0 = performance.now()
      let firstEventMs: number | undefined
      let standIn = false // a stand-in server says so in its answers
      const ask = async (agent: number, role: Role, system: string, user: string): Promise<string> => {
        const body = api === 'anthropic'
          ? { model, max_tokens: o.maxTokens ?? 4096, system, messages: [{ role: 'user', content: user }], ...(o.temperature !== undefined ? { temperature: o.temperature } : {}) }
          : { model, seed: ctx.trialSeed + agent, messages: [{ role: 'system', content: system }, { role: 'user', content: user }], ...(o.maxTokens ? { max_tokens: o.maxTokens } : {}), ...(o.temperature !== undefined ? { temperature: o.temperature } : {}) }
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        if (key) { if (api === 'anthropic') { headers['x-api-key'] = key; headers['anthropic-version'] = '2023-06-01' } else headers['authorization'] = `Bearer ${key}` }
        const res = await tracked(`${base}${api === 'anthropic' ? '/messages' : '/chat/completions'}`, { method: 'POST', headers, body: JSON.stringify(body), signal: ctx.signal })
        firstEventMs ??= performance.now() - t0
        const json = await res.json().catch(() => undefined) as Record<string, any> | undefined
        transcript.push({ kind: 'http', from: `${role}#${agent}`, to: new URL(res.url || base).pathname, request: body, status: res.status, response: json ?? null })
        if (!res.ok) throw new HttpStatusError(res.status, res.headers, `HTTP ${res.status} from ${base}: ${JSON.stringify(json?.error ?? json ?? '').slice(0, 200)}`)
        const text = api === 'anthropic'
          ? (json?.content ?? []).filter((b: any) => b?.type === 'text').map((b: any) => b.text).join('')
          : json?.choices?.[0]?.message?.content
        if (json?.stand_in === true) standIn = true
        if (typeof text !== 'string') throw new Error(`invalid response from ${base}: no message text`)
        return text
      }
      try {
        const r = await coordinate({ mode: ctx.cell.mode ?? 'centralized', agents: ctx.cell.agents ?? 3, strategy: ctx.cell.strategy ?? 'auto', task: ctx.prompt, rounds: o.rounds ?? 2, seed: ctx.trialSeed }, { ask })
        const written = applyFileBlocks(ctx.workdir, r.final)
        await ledger.settled(5000)
        return {
          ...(standIn ? { standIn: true } : {}), ...(written === 0 ? { detail: 'the final answer held no ```file: blocks' } : {}),
          usages: ledger.take(), turns: r.calls, toolCalls: 0, agents: r.agents, messages: r.messages,
          ...(firstEventMs !== undefined ? { firstEventMs } : {}), wallMs: performance.now() - t0, finalText: r.final, transcript,
        }
      } catch (e) {
        if (e instanceof HttpStatusError || ctx.signal.aborted) throw e
        if ((e as Error).message.startsWith('invalid response')) {
          await ledger.settled(1000)
          return { failure: 'invalid-output', detail: (e as Error).message, usages: ledger.take(), toolCalls: 0, agents: ctx.cell.agents ?? 3, wallMs: performance.now() - t0, transcript }
        }
        throw e
      }
    },
  }
}

/** Writes every ```file:<path> block of the answer into the workdir (paths stay inside it). Returns the count. */
export function applyFileBlocks(workdir: string, text: string): number {
  const re = /```file:([^\n`]+)\n([\s\S]*?)```/g
  let n = 0
  for (const m of text.matchAll(re)) {
    const rel = normalize(m[1]!.trim())
    if (rel.startsWith('..') || rel.startsWith(sep) || rel === '.') continue
    const file = join(workdir, rel)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, m[2]!)
    n++
  }
  return n
}
