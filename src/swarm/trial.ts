// One trial: a fresh workdir (the task's fixture copied, CLAUDE.md placed), setup, the engine, the budget,
// the grade, the cassette. Returns a JSON record, which the batch runner checkpoints.
import { cpSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SwarmbenchError } from '../errors/index.ts'
import type { ProvenanceKind } from '../schema/baseline.ts'
import { costOf, type Pricing } from '../tokens/pricing.ts'
import { parseUsageRecord } from '../tokens/ledger.ts'
import { applyChanges, cassettePath, promptSha256, diffSnapshots, readCassetteFor, snapshot, writeCassette } from './cassette.ts'
import { cellKey, type Cell } from './matrix.ts'
import type { Grade, Task } from './task.ts'
import type { AgentRun, Engine, FailureClass } from './types.ts'

export interface TrialRecord {
  id: string
  task: string
  cell: string
  repeat: number
  pass: boolean
  score: number
  reason: string
  failure?: FailureClass
  detail?: string
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number }
  /** USD as the run reported it or priced from the table; null when some model is unpriced (never 0 for unknown). */
  costUsd: number | null
  unpriced?: string[]
  wallMs: number
  firstEventMs?: number
  turns?: number
  toolCalls: number
  agents: number
  messages?: number
  /** Where the figures come from: measured, stand-in, replayed; judged when a model graded. */
  provenance: ProvenanceKind
  judged?: boolean
}

export interface TrialSpec { task: Task; cell: Cell; repeat: number; seed: number }

export interface TrialOptions {
  engine: Engine
  pricing: Pricing
  /** CLAUDE.md variants: name → file, or null for none (a control). A cell's claudeMd is looked up here first, then read as a path. */
  claudeMd?: Record<string, string | null>
  cassettes?: { dir: string; mode: 'record' | 'replay' }
  workRoot?: string
  keepWorkdirs?: boolean
  signal: AbortSignal
}

export function trialId(task: string, cell: Cell, repeat: number): string {
  return `${task} | ${cellKey(cell)} | #${repeat}`
}

/** A seed per trial from the run seed and the trial id (FNV-1a), the same in every process and order. */
export function trialSeed(seed: number, id: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0
  return h
}

export async function runTrial(spec: TrialSpec, o: TrialOptions): Promise<TrialRecord> {
  const { task, cell, repeat } = spec
  const id = trialId(task.id, cell, repeat)
  const key = cellKey(cell)
  const workdir = mkdtempSync(join(o.workRoot ?? tmpdir(), 'swarmbench-trial-'))
  try {
    if (task.fixture) cpSync(task.fixture, workdir, { recursive: true })
    const claudeMd = cell.claudeMd === undefined ? null : resolveClaudeMd(cell.claudeMd, o.claudeMd)
    if (claudeMd !== null) copyFileSync(claudeMd, join(workdir, 'CLAUDE.md'))
    if (task.setup) await task.setup(workdir)
    const before = snapshot(workdir)
    const file = o.cassettes ? cassettePath(o.cassettes.dir, task.id, key, repeat) : undefined
    let run: AgentRun, provenance: ProvenanceKind = o.engine.provenance?.kind ?? 'measured'
    if (o.cassettes?.mode === 'replay') {
      const c = readCassetteFor(file!, { task: task.id, prompt: task.prompt, cell: key })
      applyChanges(workdir, c.changes)
      run = c.run
      provenance = 'replayed'
    } else {
      run = await o.engine.run({ prompt: task.prompt, cell, workdir, timeoutMs: task.timeoutMs, signal: o.signal, trialId: id, trialSeed: spec.seed })
      if (run.standIn) provenance = 'stand-in'
    }
    const usages = run.usages.map(u => parseUsageRecord(u))
    const tokens = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }
    for (const u of usages) { tokens.input += u.input; tokens.output += u.output; tokens.cacheRead += u.cacheRead; tokens.cacheWrite += u.cacheWrite }
    const cost = costOf(usages, o.pricing)
    const unpriced = Object.keys(cost.unpriced)
    let failure = run.failure, detail = run.detail
    const b = task.budget
    if (!failure && b) {
      const total = tokens.input + tokens.output + tokens.cacheRead + tokens.cacheWrite
      if (b.tokens !== undefined && total > b.tokens) { failure = 'budget-exceeded'; detail = `${total} tokens > budget ${b.tokens}` }
      else if (b.usd !== undefined && !unpriced.length && cost.usd > b.usd) { failure = 'budget-exceeded'; detail = `$${cost.usd.toFixed(4)} > budget $${b.usd}` }
      else if (b.turns !== undefined && (run.turns ?? 0) > b.turns) { failure = 'budget-exceeded'; detail = `${run.turns} turns > budget ${b.turns}` }
    }
    let grade: Grade
    if (failure === 'cli-missing') grade = { pass: false, reason: 'not graded: the CLI is missing' }
    else {
      try { grade = await task.grade({ workdir, run, task, signal: o.signal }) } catch (e) {
        failure = 'grader-failed'
        detail = `grader threw: ${(e as Error)?.message ?? String(e)}`
        grade = { pass: false, reason: detail }
      }
    }
    if (o.cassettes?.mode === 'record' && failure !== 'grader-failed') {
      writeCassette(file!, {
        format: 'swarmbench-swarm-cassette', version: 1, origin: provenance === 'stand-in' ? 'stand-in' : 'recorded', task: task.id,
        promptLength: task.prompt.length, promptSha256: promptSha256(task.prompt), cell: key, repeat, engine: o.engine.name, createdAt: new Date().toISOString(),
        run: { ...run, finalText: undefined } as AgentRun, changes: diffSnapshots(before, snapshot(workdir)), grade,
      })
    }
    return {
      id, task: task.id, cell: key, repeat, pass: grade.pass && !failure, score: grade.score ?? (grade.pass ? 1 : 0), reason: grade.reason,
      ...(failure ? { failure } : {}), ...(detail ? { detail } : {}), tokens,
      costUsd: unpriced.length ? null : cost.usd, ...(unpriced.length ? { unpriced } : {}),
      wallMs: run.wallMs, ...(run.firstEventMs !== undefined ? { firstEventMs: run.firstEventMs } : {}),
      ...(run.turns !== undefined ? { turns: run.turns } : {}), toolCalls: run.toolCalls, agents: run.agents,
      ...(run.messages !== undefined ? { messages: run.messages } : {}), provenance, ...(grade.judged ? { judged: true } : {}),
    }
  } finally {
    if (!o.keepWorkdirs) rmSync(workdir, { recursive: true, force: true })
  }
}

function resolveClaudeMd(name: string, variants: Record<string, string | null> | undefined): string | null {
  if (variants && Object.hasOwn(variants, name) && variants[name] === null) return null
  const file = variants?.[name] ?? name
  if (!existsSync(file)) throw new SwarmbenchError(`CLAUDE.md variant '${name}' is neither a known variant nor a file`, { field: 'claudeMd', fix: `pass claudeMd: { '${name}': 'path/to/CLAUDE.md' } or a path that exists` })
  return file
}
