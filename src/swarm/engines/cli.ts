// Claude Code and claude-flow as subprocesses (argument arrays, own process group), read with the one
// stream-json parser in src/tokens/claude-code.ts.
import { accessSync, constants } from 'node:fs'
import { delimiter, isAbsolute, join } from 'node:path'
import { SwarmbenchError } from '../../errors/index.ts'
import type { Provenance } from '../../schema/baseline.ts'
import { runClaude, type ClaudeRun } from '../../tokens/claude-code.ts'
import type { Cell } from '../matrix.ts'
import type { AgentRun, Engine, EngineContext } from '../types.ts'

export interface CliEngineOptions {
  /** Executable and leading arguments, e.g. ['npx', 'claude-flow@alpha']. */
  command?: readonly [string, ...string[]]
  /** Extra arguments after the generated ones. */
  args?: readonly string[]
  /** Extra environment for the CLI (merged over this process's). */
  env?: NodeJS.ProcessEnv
  /** Set when the CLI is a stand-in, so every figure says so. */
  provenance?: Provenance
}

export interface ClaudeCodeOptions extends CliEngineOptions {
  maxTurns?: number
  /** Model when the cell has none. */
  model?: string
}

const INSTALL = {
  claude: 'install Claude Code (npm install -g @anthropic-ai/claude-code) or pass the engine a command: [path, …]',
  'claude-flow': 'install claude-flow (npm install -g claude-flow@alpha, or use command: ["npx", "claude-flow@alpha"]) and Claude Code, which it drives',
}

/** `claude -p <prompt> --output-format stream-json --verbose [--max-turns N] [--model M]` in the workdir. */
export function claudeCode(o: ClaudeCodeOptions = {}): Engine {
  const command = o.command ?? ['claude']
  return {
    name: 'claude-code', ...(o.provenance ? { provenance: o.provenance } : {}),
    preflight: () => requireOnPath(command[0], INSTALL.claude),
    async run(ctx) {
      const model = ctx.cell.model ?? o.model
      const args = [...(o.maxTurns ? ['--max-turns', String(o.maxTurns)] : []), ...(model ? ['--model', model] : []), ...(o.args ?? [])]
      return fromClaudeRun(await spawnRun(ctx, { command, args, raw: false, env: o.env }, INSTALL.claude))
    },
  }
}

export interface ClaudeFlowFlags {
  /** Headless switch; `--non-interactive` broke after alpha.83 in some releases (use ['--output-format', 'stream-json'] there). */
  nonInteractive: string[]
  /** Added to `swarm` so that agents really run. */
  executor: string[]
  /** `sparc run <mode>` (some versions) instead of `sparc <mode>`. */
  sparcRun: boolean
  /** hive-mind's consensus flag: '--coordination' or '--consensus' depending on the version. */
  consensusFlag: string
  /** Flag that passes the cell's model through, when the installed version has one. */
  modelFlag?: string
}

export const DEFAULT_CLAUDE_FLOW_FLAGS: ClaudeFlowFlags = { nonInteractive: ['--non-interactive'], executor: ['--executor'], sparcRun: false, consensusFlag: '--coordination' }

export interface ClaudeFlowOptions extends CliEngineOptions { flags?: Partial<ClaudeFlowFlags> }

/**
 * The three command shapes: a cell with `sparc` runs `sparc <mode> <task>`; with `consensus`,
 * `hive-mind spawn <task> --count N --coordination C`; otherwise `swarm <task> --strategy S --mode M --max-agents N`.
 */
export function claudeFlowArgs(cell: Cell, prompt: string, flags: ClaudeFlowFlags = DEFAULT_CLAUDE_FLOW_FLAGS): string[] {
  const model = flags.modelFlag && cell.model ? [flags.modelFlag, cell.model] : []
  if (cell.sparc !== undefined) return ['sparc', ...(flags.sparcRun ? ['run'] : []), cell.sparc, prompt, ...model, ...flags.nonInteractive]
  if (cell.consensus !== undefined) return ['hive-mind', 'spawn', prompt, '--count', String(cell.agents ?? 4), flags.consensusFlag, cell.consensus, ...model, ...flags.nonInteractive]
  return ['swarm', prompt, '--strategy', cell.strategy ?? 'auto', '--mode', cell.mode ?? 'centralized', '--max-agents', String(cell.agents ?? 5), ...flags.executor, ...model, ...flags.nonInteractive]
}

export function claudeFlow(o: ClaudeFlowOptions = {}): Engine {
  const command = o.command ?? ['claude-flow']
  const flags = { ...DEFAULT_CLAUDE_FLOW_FLAGS, ...o.flags }
  return {
    name: 'claude-flow', ...(o.provenance ? { provenance: o.provenance } : {}),
    preflight: () => requireOnPath(command[0], INSTALL['claude-flow']),
    async run(ctx) {
      const args = [...claudeFlowArgs(ctx.cell, ctx.prompt, flags), ...(o.args ?? [])]
      return fromClaudeRun(await spawnRun(ctx, { command, args, raw: true, env: o.env }, INSTALL['claude-flow']))
    },
  }
}

async function spawnRun(ctx: EngineContext, c: { command: readonly [string, ...string[]]; args: string[]; raw: boolean; env: NodeJS.ProcessEnv | undefined }, install: string): Promise<ClaudeRun | AgentRun> {
  try {
    return await runClaude({
      prompt: ctx.prompt, format: 'stream-json', command: c.command, args: c.args, raw: c.raw, cwd: ctx.workdir,
      env: { ...process.env, ...c.env, SWARMBENCH_TRIAL_ID: ctx.trialId, SWARMBENCH_TRIAL_SEED: String(ctx.trialSeed) },
      timeoutMs: ctx.timeoutMs, signal: ctx.signal, killGroup: true, keepOutput: true,
    })
  } catch (e) {
    if (/not found on PATH/.test((e as Error).message)) return { failure: 'cli-missing', detail: `'${c.command[0]}' not found on PATH: ${install}`, usages: [], toolCalls: 0, agents: 0, wallMs: 0, transcript: [] }
    throw e
  }
}

/** Maps a CLI run to the trial's figures and failure class. */
export function fromClaudeRun(r: ClaudeRun | AgentRun): AgentRun {
  if (!('exitCode' in r)) return r
  const lines = (r.stdout ?? '').split(/\r?\n/).filter(l => l !== '')
  // claude-flow runs one Claude Code per agent; each prints its own init event with its own session.
  const sessions = new Set<string>()
  let standIn = false // a stand-in says so in its init event; its figures are then labelled stand-in
  for (const l of lines) {
    if (!l.startsWith('{"type":"system"') && !l.includes('"init"')) continue
    try {
      const ev = JSON.parse(l)
      if (ev.type === 'system' && ev.subtype === 'init') { sessions.add(String(ev.session_id ?? sessions.size)); if (ev.stand_in === true) standIn = true }
    } catch { /* not JSON */ }
  }
  const noEvents = r.problems.includes('no JSON events in output')
  const noResult = r.subtype === undefined
  let failure: AgentRun['failure'], detail: string | undefined
  if (r.timedOut) { failure = 'timeout'; detail = `killed at the timeout (${Math.round(r.wallMs)} ms), with its process group` }
  else if (r.exitCode === 127) { failure = 'cli-missing'; detail = `exit 127: a CLI it runs is missing (${r.stderrTail.trim().split('\n').pop() ?? ''}); ${INSTALL.claude}` }
  else if (noEvents) { failure = 'invalid-output'; detail = `no stream-json events in the output (exit ${r.exitCode})` }
  else if (noResult) { failure = r.exitCode === 0 ? 'invalid-output' : 'crash'; detail = `ended without a result event (exit ${r.exitCode ?? r.exitSignal}): ${r.stderrTail.trim().split('\n').pop() ?? ''}` }
  else if (r.subtype === 'error_max_turns') { failure = 'budget-exceeded'; detail = 'stopped at --max-turns' }
  else if (r.isError) { failure = 'crash'; detail = `result ${r.subtype ?? 'error'}${r.exitCode ? `, exit ${r.exitCode}` : ''}` }
  return {
    ...(failure ? { failure } : {}), ...(detail ? { detail } : {}),
    ...(standIn ? { standIn: true } : {}), usages: r.usages, ...(r.numTurns !== undefined ? { turns: r.numTurns } : {}), toolCalls: r.toolUses,
    agents: Math.max(sessions.size, noEvents ? 0 : 1), ...(r.firstEventMs !== undefined ? { firstEventMs: r.firstEventMs } : {}),
    wallMs: r.wallMs, ...(r.result !== undefined ? { finalText: r.result } : {}), transcript: lines.map(text => ({ kind: 'line' as const, text })),
  }
}

/** Throws one clear line when the executable is not on PATH (or not executable at its path). */
export function requireOnPath(bin: string, install: string, env: NodeJS.ProcessEnv = process.env): void {
  const candidates = isAbsolute(bin) || bin.includes('/') ? [bin] : (env.PATH ?? '').split(delimiter).filter(Boolean).map(d => join(d, bin))
  for (const c of candidates) { try { accessSync(c, constants.X_OK); return } catch { /* next */ } }
  throw new SwarmbenchError(`'${bin}' not found on PATH`, { fix: install })
}
