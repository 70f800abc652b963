// The usage ledger: one entry per API request (or per agent-CLI run), normalised so that
// input + cacheRead + cacheWrite is every prompt token and reasoning is the part of output spent thinking.
import { z } from 'zod'
import { ProvenanceKindSchema, ProvenanceSchema } from '../schema/baseline.ts'
import { toProvenance } from '../metrics/provenance.ts'

const count = z.number().int().nonnegative()

/** What `tokens.record({...})` accepts; the wrappers build the same shape from what the API returned. */
export const UsageRecordSchema = z.strictObject({
  provider: z.string().min(1).default('manual'),
  model: z.string().min(1).nullable().default(null),
  /** Prompt tokens that were neither read from nor written to a cache. */
  input: count.default(0),
  /** All output tokens, reasoning included (both APIs bill reasoning as output). */
  output: count.default(0),
  /** Prompt tokens written to the cache (Anthropic cache_creation_input_tokens, OpenAI cache_write_tokens). */
  cacheWrite: count.default(0),
  /** Of cacheWrite, those written with a 1-hour TTL (priced higher by Anthropic). */
  cacheWrite1h: count.default(0),
  /** Prompt tokens served from the cache. */
  cacheRead: count.default(0),
  /** Of output, the reasoning/thinking tokens. */
  reasoning: count.default(0),
  /** Tool calls the model made (client and server tools). */
  toolUses: count.default(0),
  requests: count.default(1),
  /** Wall time of the request, from the call to the last byte, in ms. */
  latencyMs: z.number().nonnegative().optional(),
  /** Billed at the batch discount. */
  batch: z.boolean().default(false),
  /** Cost the provider itself reported (Claude Code's total_cost_usd); used instead of the price table. */
  reportedCostUsd: z.number().nonnegative().optional(),
  /**
   * Where the counts come from when not from a live API response seen here: 'replayed' or 'authored' (a
   * cassette), 'estimate' (counted offline, see tokens.count()), 'stand-in'… Absent means measured.
   */
  provenance: z.union([ProvenanceKindSchema, ProvenanceSchema]).transform(toProvenance).optional(),
  /** Set for failed requests (HTTP status, unparseable body, stream cut short). */
  error: z.string().min(1).optional(),
})
export type UsageRecordInput = z.input<typeof UsageRecordSchema>
export type UsageEntry = z.output<typeof UsageRecordSchema>

export interface UsageTotals {
  input: number
  output: number
  cacheWrite: number
  cacheWrite1h: number
  cacheRead: number
  reasoning: number
  toolUses: number
  requests: number
  failedRequests: number
  /** cacheRead / (input + cacheRead + cacheWrite); null when no prompt tokens were seen. */
  cacheHitRate: number | null
  latenciesMs: number[]
}

export interface Ledger {
  /** Validates and appends an entry; returns it normalised. */
  record(entry: UsageRecordInput): UsageEntry
  /** Appends an entry a wrapper built from API fields (counts already non-negative integers); skips validation, which costs more than the rest of the wrapper. */
  add(entry: UsageRecordInput): UsageEntry
  /** Entries recorded since the last `take()`. */
  pending(): number
  entries(): readonly UsageEntry[]
  totals(): UsageTotals
  /** Entries recorded since the last `take()`, which are then cleared from the pending set (not from `entries()`). */
  take(): UsageEntry[]
  /**
   * Resolves `true` when every response a wrapper has seen start has been accounted for, or `false` after
   * `timeoutMs` if some are still arriving (a streamed body nobody reads stops arriving: undici pauses it).
   */
  settled(timeoutMs?: number): Promise<boolean>
  /** Responses a wrapper has seen start and not yet end. */
  inFlight(): number
  /** Used by the wrappers: keep `settled()` waiting until the returned function is called (once is enough). */
  open(): () => void
  /** Used by the wrappers: a response has started; `settled()` waits until it is handed over with `defer()`. */
  begin(): void
  /**
   * Used by the wrappers: hand over a response that `begin()` announced, now finished. `work(item)` turns it
   * into entries before the ledger is next read, or at once when more than DEFER_LIMIT is queued, so that a
   * tracked request does not pay for parsing while it runs.
   */
  defer<T>(bytes: number, work: (item: T) => void, item: T): void
  /** Responses whose deferred work has not run yet. */
  queued(): number
  clear(): void
}

export function parseUsageRecord(entry: UsageRecordInput): UsageEntry {
  const r = UsageRecordSchema.safeParse(entry)
  if (!r.success) {
    const issue = r.error.issues[0]!
    throw new TypeError(`tokens.record: field '${issue.path.join('.') || '(record)'}': ${issue.message}`)
  }
  const e = r.data
  if (e.reasoning > e.output) throw new TypeError(`tokens.record: reasoning (${e.reasoning}) cannot exceed output (${e.output}); output includes reasoning`)
  if (e.cacheWrite1h > e.cacheWrite) throw new TypeError(`tokens.record: cacheWrite1h (${e.cacheWrite1h}) cannot exceed cacheWrite (${e.cacheWrite})`)
  return e
}

const DEFAULTS = { provider: 'manual', model: null, input: 0, output: 0, cacheWrite: 0, cacheWrite1h: 0, cacheRead: 0, reasoning: 0, toolUses: 0, requests: 1, batch: false } as const

export function sumEntries(entries: readonly UsageEntry[]): UsageTotals {
  const t: UsageTotals = { input: 0, output: 0, cacheWrite: 0, cacheWrite1h: 0, cacheRead: 0, reasoning: 0, toolUses: 0, requests: 0, failedRequests: 0, cacheHitRate: null, latenciesMs: [] }
  for (const e of entries) {
    t.input += e.input; t.output += e.output; t.cacheWrite += e.cacheWrite; t.cacheWrite1h += e.cacheWrite1h
    t.cacheRead += e.cacheRead; t.reasoning += e.reasoning; t.toolUses += e.toolUses; t.requests += e.requests
    if (e.error) t.failedRequests += e.requests
    if (e.latencyMs !== undefined) t.latenciesMs.push(e.latencyMs)
  }
  t.cacheHitRate = cacheHitRate(t)
  return t
}

export function cacheHitRate(t: { input: number; cacheRead: number; cacheWrite: number }): number | null {
  const prompt = t.input + t.cacheRead + t.cacheWrite
  return prompt > 0 ? t.cacheRead / prompt : null
}

/** Queued response bytes (or responses) above which deferred work runs at once: bounds the memory held. */
export const DEFER_LIMIT = { bytes: 8 * 1024 * 1024, responses: 10_000 }

export function createLedger(): Ledger {
  const all: UsageEntry[] = []
  let pending: UsageEntry[] = []
  // Deferred work as flat (work, item) pairs: a tracked request allocates no closure for it.
  let queued: unknown[] = [], queuedBytes = 0
  const drain = () => {
    if (queued.length === 0) return
    const q = queued
    queued = []; queuedBytes = 0
    for (let i = 0; i < q.length; i += 2) (q[i] as (item: unknown) => void)(q[i + 1])
  }
  // A count of bodies being read rather than a set of promises: a tracked call allocates no promise for
  // this bookkeeping (the cheaper design; its share of the per-call cost was below what I could resolve).
  let inflight = 0
  let waiters: Array<() => void> = []
  const landed = () => {
    if (--inflight === 0 && waiters.length) { const w = waiters; waiters = []; for (const f of w) f() }
  }
  const open = () => {
    inflight++
    let closed = false
    return () => {
      if (closed) return
      closed = true
      landed()
    }
  }
  return {
    record(entry) {
      const e = parseUsageRecord(entry)
      drain() // keep entries in the order they happened
      all.push(e); pending.push(e)
      return e
    },
    add(x) {
      drain()
      // Every field written out, in one order, so that all entries share one object shape (spreading two
      // objects per request gave them varying shapes).
      const e: UsageEntry = {
        provider: x.provider ?? DEFAULTS.provider, model: x.model ?? null, input: x.input ?? 0, output: x.output ?? 0,
        cacheWrite: x.cacheWrite ?? 0, cacheWrite1h: x.cacheWrite1h ?? 0, cacheRead: x.cacheRead ?? 0,
        reasoning: x.reasoning ?? 0, toolUses: x.toolUses ?? 0, requests: x.requests ?? 1, latencyMs: x.latencyMs,
        batch: x.batch ?? false, reportedCostUsd: x.reportedCostUsd, provenance: toProvenance(x.provenance), error: x.error,
      }
      all.push(e); pending.push(e)
      return e
    },
    pending: () => { drain(); return pending.length },
    entries: () => { drain(); return all },
    totals: () => { drain(); return sumEntries(all) },
    take() { drain(); const out = pending; pending = []; return out },
    settled(timeoutMs) {
      if (inflight === 0) return Promise.resolve(true)
      return new Promise<boolean>(resolve => {
        let timer: ReturnType<typeof setTimeout> | undefined
        const done = () => { clearTimeout(timer); resolve(true) }
        waiters.push(done)
        if (timeoutMs !== undefined) timer = setTimeout(() => { waiters = waiters.filter(w => w !== done); resolve(false) }, timeoutMs)
      })
    },
    inFlight: () => inflight,
    open,
    begin() { inflight++ },
    defer(bytes, work, item) {
      queued.push(work, item)
      queuedBytes += bytes
      if (queuedBytes > DEFER_LIMIT.bytes || queued.length >= 2 * DEFER_LIMIT.responses) drain()
      landed()
    },
    queued: () => queued.length / 2,
    clear() { queued = []; queuedBytes = 0; all.length = 0; pending = [] },
  }
}
