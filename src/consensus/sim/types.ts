// Contracts between the simulator, the protocols and the agents that sit behind them.
import type { Rng } from '../../random/index.ts'
import type { ByzantineMode, FaultPlan } from './schema.ts'

/** Every protocol message carries a type tag; the trace hash and the per-type counters use it. */
export interface Msg { readonly t: string }

export interface Proposal { value: string; confidence?: number }

/**
 * An agent behind a protocol: user code, an LLM call, anything. Both callbacks may be async; the simulator
 * awaits them at the event that asked, and virtual time does not move meanwhile, so runs stay deterministic
 * as long as the agent's answers are.
 */
export interface Agent {
  propose(q: { node: number; slot: number }): Proposal | Promise<Proposal>
  judge?(q: { node: number; slot: number; value: string }): boolean | Promise<boolean>
}
export type AgentFactory = (node: number, rng: Rng) => Agent

export interface NodeCtx<M extends Msg> {
  readonly id: number
  readonly n: number
  readonly rng: Rng
  readonly agent: Agent
  now(): number
  send(to: number, msg: M): void
  /** Send to every other node (and to itself when includeSelf). */
  broadcast(msg: M, includeSelf?: boolean): void
  /** Fire onTimer(tag) after `delay` virtual ms unless the node crashes first. */
  setTimer(delay: number, tag: number): void
  /** Durable state: survives crash and restart (unless the plan sets amnesia). Values are copied. */
  persist(key: string, value: unknown): void
  restore<T>(key: string): T | undefined
  /** Decide `value` for `slot`; a node deciding a slot twice differently is itself a safety violation. */
  decide(slot: number, value: string): void
  /** Protocol events the checkers and counters use: 'leader' (term), 'round', 'commit' etc. */
  note(kind: string, a: number, b?: number | string): void
  /** The highest slot index (exclusive) this run wants decided. */
  readonly target: number
}

export interface NodeHandlers<M extends Msg> {
  start?(): void | Promise<void>
  onMessage(from: number, msg: M): void | Promise<void>
  onTimer(tag: number): void | Promise<void>
}

export interface Note { time: number; node: number; kind: string; a: number; b?: number | string }

export interface ProtocolCheckInput {
  n: number
  honest: boolean[]
  decisions: (string | undefined)[][]
  notes: Note[]
}

export interface Protocol<M extends Msg> {
  readonly name: string
  /** Called at start and again after each restart; rebuild volatile state, reload durable state via ctx.restore. */
  init(ctx: NodeCtx<M>): NodeHandlers<M>
  /** What a Byzantine node sends instead of `msg` to `to` (undefined = nothing). Signatures are modelled as unforgeable: a liar can only lie about its own votes. */
  tamper?(msg: M, to: number, mode: ByzantineMode, from: number): M | undefined
  /** Protocol-specific safety checks beyond "honest nodes agree". */
  check?(input: ProtocolCheckInput): string[]
  /** Whether the fault plan stays inside this protocol's tolerance (liveness is only promised then). */
  withinBound(faults: FaultPlan, n: number, lossy: boolean): boolean
}

export interface SimResult {
  mechanism: string
  seed: number
  n: number
  target: number
  /** decisions[node][slot] */
  decisions: (string | undefined)[][]
  /** Virtual time at which the last honest node reached its last decision (NaN if never). */
  decidedAt: number
  virtualTime: number
  messages: number
  delivered: number
  dropped: number
  bytes: number
  events: number
  byType: Record<string, number>
  leaderElections: number
  rounds: number
  notes: Note[]
  honest: boolean[]
  /** Which nodes were running when the simulation stopped. */
  up: boolean[]
  traceHash: string
  trace?: string[]
  wallMs: number
  safety: { ok: boolean; violations: string[] }
  liveness: { withinBound: boolean; live: boolean; undecidedNodes: number[] }
  stopped: 'decided' | 'max-time' | 'max-events' | 'quiescent'
}
