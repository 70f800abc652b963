// The contracts between tasks, engines, trials and figures.
import type { Provenance } from '../schema/baseline.ts'
import type { UsageRecordInput } from '../tokens/ledger.ts'
import type { Cell } from './matrix.ts'

/** Why a trial did not count as solved, beyond the grader saying no. */
export const FAILURE_CLASSES = ['timeout', 'crash', 'cli-missing', 'invalid-output', 'budget-exceeded', 'grader-failed', 'infrastructure'] as const
export type FailureClass = (typeof FAILURE_CLASSES)[number]

/** One line of a transcript: a CLI's stdout line, or one HTTP exchange of the http engine. */
export type TranscriptItem =
  | { kind: 'line'; text: string }
  | { kind: 'http'; from: string; to: string; request: unknown; status: number; response: unknown }

/** What an engine reports about one agent run in a workdir. */
export interface AgentRun {
  /** Set when the run itself failed (the grader still looks at the workdir, but the trial does not pass). */
  failure?: FailureClass
  /** One line saying what happened, for failures. */
  detail?: string
  /** Usage per request or per CLI run, for the ledger (cost as reported, when the run reported it). */
  usages: UsageRecordInput[]
  turns?: number
  toolCalls: number
  agents: number
  /** Messages between agents (http engine: counted by the coordination pattern; CLIs: not observable, absent). */
  messages?: number
  /** Spawn (or first request) to the first event, ms. */
  firstEventMs?: number
  wallMs: number
  /** The agent's final text, kept in memory (never written to a baseline). */
  finalText?: string
  transcript: TranscriptItem[]
  /** The agent identified itself as a local stand-in (its figures are labelled 'stand-in'). */
  standIn?: boolean
}

export interface EngineContext {
  prompt: string
  cell: Cell
  workdir: string
  timeoutMs: number
  signal: AbortSignal
  /** Stable id of the trial: task, cell and repeat. Subprocess engines export it as SWARMBENCH_TRIAL_ID. */
  trialId: string
  /** Seed of this trial (run seed × trial id): SWARMBENCH_TRIAL_SEED for subprocesses, `seed` for HTTP requests. */
  trialSeed: number
}

export interface Engine {
  readonly name: string
  /** Where this engine's figures come from when not measured here (a stand-in CLI or server). */
  readonly provenance?: Provenance
  /** Checks before any trial runs (the CLI is installed, the endpoint answers); throws one clear SwarmbenchError. */
  preflight?(): void | Promise<void>
  run(ctx: EngineContext): Promise<AgentRun>
}
