// Claude Code headless mode (`claude -p … --output-format json|stream-json`) and claude-flow's
// non-interactive stream-json, which passes Claude Code's events through. One parser for both.
import { spawn } from 'node:child_process'
import type { UsageRecordInput } from './ledger.ts'
import type { Provenance, ProvenanceKind } from '../schema/baseline.ts'
import { anthropicToolUses, anthropicUsage } from './usage.ts'

type J = Record<string, any>

export interface ClaudeRunSummary {
  /** From the final `result` event; undefined when the run ended without one (crash, kill). */
  subtype?: string
  isError: boolean
  sessionId?: string
  model?: string
  numTurns?: number
  durationMs?: number
  durationApiMs?: number
  totalCostUsd?: number
  /** The final answer text; kept in memory for the caller, never written to the ledger or baseline. */
  result?: string
  toolUses: number
  /** Usage per model, ready for the ledger (cost as Claude Code reported it, when it did). */
  usages: UsageRecordInput[]
  /** The CLI said in its init event that it is a local stand-in (`stand_in: true`), not Claude Code. */
  standIn?: boolean
  /** Lines that were not JSON (claude-flow prints banners and logs around the events). */
  skippedLines: number
  problems: string[]
}

/** Parses the whole stdout of a `json` or `stream-json` run (one JSON value, or one event per line). */
export function parseClaudeOutput(stdout: string): ClaudeRunSummary {
  const events: J[] = []
  let skipped = 0
  const trimmed = stdout.trim()
  const whole = trimmed.startsWith('{') && !trimmed.includes('\n') ? tryJson(trimmed) : undefined
  if (whole) events.push(whole)
  else for (const line of stdout.split(/\r?\n/)) {
    const l = line.trim()
    if (!l) continue
    const ev = l.startsWith('{') ? tryJson(l) : undefined
    if (ev && typeof ev['type'] === 'string') events.push(ev)
    else skipped++
  }
  return summarise(events, skipped)
}

function tryJson(s: string): J | undefined {
  try { const v = JSON.parse(s); return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined } catch { return undefined }
}

function summarise(events: J[], skippedLines: number): ClaudeRunSummary {
  const problems: string[] = []
  let model: string | undefined, sessionId: string | undefined, standIn = false
  // Claude Code emits one `assistant` event per content block, repeating the message's usage: dedupe by id.
  const messages = new Map<string, J>()
  let toolUses = 0, result: J | undefined
  for (const ev of events) {
    if (ev['type'] === 'system' && ev['subtype'] === 'init') { model = ev['model']; sessionId = ev['session_id']; if (ev['stand_in'] === true) standIn = true }
    else if (ev['type'] === 'assistant' && ev['message']) {
      const m = ev['message']
      toolUses += anthropicToolUses(m.content)
      messages.set(String(m.id ?? messages.size), m)
    } else if (ev['type'] === 'result') result = ev
  }
  const summary: ClaudeRunSummary = { isError: true, toolUses, usages: [], skippedLines, problems, ...(model ? { model } : {}), ...(sessionId ? { sessionId } : {}), ...(standIn ? { standIn } : {}) }
  if (!result) {
    problems.push(events.length ? 'output ended without a result event' : 'no JSON events in output')
    // Without the result, the per-message usage is all there is; priced from the table, marked as failed.
    for (const m of messages.values()) summary.usages.push({ provider: 'claude-code', ...anthropicUsage(m.usage), model: m.model ?? model ?? null, error: 'run ended without a result' })
    return summary
  }
  Object.assign(summary, {
    subtype: result['subtype'], isError: result['is_error'] === true || String(result['subtype'] ?? '').startsWith('error'),
    ...(result['session_id'] ? { sessionId: result['session_id'] } : {}),
    ...(typeof result['num_turns'] === 'number' ? { numTurns: result['num_turns'] } : {}),
    ...(typeof result['duration_ms'] === 'number' ? { durationMs: result['duration_ms'] } : {}),
    ...(typeof result['duration_api_ms'] === 'number' ? { durationApiMs: result['duration_api_ms'] } : {}),
    ...(typeof result['total_cost_usd'] === 'number' ? { totalCostUsd: result['total_cost_usd'] } : {}),
    ...(typeof result['result'] === 'string' ? { result: result['result'] } : {}),
  })
  const error = summary.isError ? `claude result: ${summary.subtype ?? 'error'}` : undefined
  const modelUsage = result['modelUsage'] && typeof result['modelUsage'] === 'object' ? Object.entries(result['modelUsage'] as J) : []
  if (modelUsage.length) {
    modelUsage.forEach(([name, u], i) => summary.usages.push({
      provider: 'claude-code', model: name,
      ...anthropicUsage({ input_tokens: u.inputTokens, output_tokens: u.outputTokens, cache_read_input_tokens: u.cacheReadInputTokens, cache_creation_input_tokens: u.cacheCreationInputTokens }),
      toolUses: i === 0 ? toolUses : 0,
      // One CLI run is one request in the ledger, however many models it used.
      requests: i === 0 ? 1 : 0,
      ...(typeof u.costUSD === 'number' ? { reportedCostUsd: u.costUSD } : {}),
      ...(error ? { error } : {}),
    }))
  } else if (result['usage']) {
    summary.usages.push({
      provider: 'claude-code', ...anthropicUsage(result['usage']), model: model ?? [...messages.values()][0]?.model ?? null, toolUses,
      ...(summary.totalCostUsd !== undefined ? { reportedCostUsd: summary.totalCostUsd } : {}),
      ...(error ? { error } : {}),
    })
  } else problems.push('result event carried no usage')
  return summary
}

export interface ClaudeRunOptions {
  prompt: string
  /** 'stream-json' adds --verbose, which Claude Code requires for it in print mode. */
  format?: 'json' | 'stream-json'
  /** Extra CLI arguments (e.g. ['--max-turns', '3', '--model', 'claude-haiku-4-5']). */
  args?: readonly string[]
  /** Executable and leading arguments; default ['claude']. For claude-flow: ['npx', 'claude-flow', …] and set `raw`. */
  command?: readonly [string, ...string[]]
  /** Pass `args` as they are, without -p/--output-format (for claude-flow and other wrappers). */
  raw?: boolean
  cwd?: string
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
  signal?: AbortSignal
  /**
   * Run the CLI in its own process group and SIGKILL the whole group at the timeout, on abort and when the CLI
   * exits, so that no grandchild (claude-flow's own `claude`, a test runner) survives it.
   */
  killGroup?: boolean
  /** Keep the raw stdout on the result (a transcript for cassettes). */
  keepOutput?: boolean
  /**
   * What this run's figures are when the command is not the real Claude Code or claude-flow: e.g. 'stand-in'
   * for a local stand-in, or { kind: 'replayed', how: 'transcript x.jsonl' } for a recorded output played back.
   * Default: 'stand-in' when the CLI says so in its init event (`stand_in: true`), else measured.
   */
  provenance?: ProvenanceKind | Provenance
}

export interface ClaudeRun extends ClaudeRunSummary {
  exitCode: number | null
  exitSignal: NodeJS.Signals | null
  /** ms from spawn to the first byte on stdout. */
  firstEventMs?: number
  wallMs: number
  /** Last 2 kB of stderr, for error messages. */
  stderrTail: string
  /** Killed at timeoutMs. */
  timedOut: boolean
  /** The whole stdout, with keepOutput. */
  stdout?: string
}

/** Runs the CLI with an argument array (never a shell) and parses its output, including failed runs. */
export function runClaude(o: ClaudeRunOptions): Promise<ClaudeRun> {
  const [bin, ...lead] = o.command ?? ['claude']
  const format = o.format ?? 'stream-json'
  const args = o.raw ? [...lead, ...(o.args ?? [])]
    : [...lead, '-p', o.prompt, '--output-format', format, ...(format === 'stream-json' ? ['--verbose'] : []), ...(o.args ?? [])]
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    let firstEventMs: number | undefined
    const out: Buffer[] = []
    let err = ''
    const group = o.killGroup === true
    const child = spawn(bin, args, { cwd: o.cwd, env: o.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], shell: false,
      ...(group ? { detached: true } : { signal: o.signal, timeout: o.timeoutMs, killSignal: 'SIGKILL' as const }) })
    let timedOut = false
    let timer: NodeJS.Timeout | undefined
    const killGroup = (): void => { try { if (child.pid) process.kill(-child.pid, 'SIGKILL') } catch { /* already gone */ } }
    if (group) {
      if (o.timeoutMs !== undefined) timer = setTimeout(() => { timedOut = true; killGroup() }, o.timeoutMs)
      if (o.signal?.aborted) killGroup()
      else o.signal?.addEventListener('abort', killGroup, { once: true })
      child.on('exit', killGroup)
    }
    child.stdout.on('data', (c: Buffer) => { firstEventMs ??= performance.now() - t0; out.push(c) })
    child.stderr.on('data', (c: Buffer) => { err = (err + c.toString('utf8')).slice(-2048) })
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer)
      if (e.code === 'ENOENT') reject(new Error(`tokens.claude: '${bin}' not found on PATH; install Claude Code or pass command: [path, …]`))
      else if (e.name !== 'AbortError') reject(e)
    })
    child.on('close', (code, sig) => {
      if (timer) clearTimeout(timer)
      o.signal?.removeEventListener('abort', killGroup)
      const stdout = Buffer.concat(out).toString('utf8')
      const s = parseClaudeOutput(stdout)
      // Without a group the spawn timeout kills with SIGKILL; a kill at or past the deadline is the timeout's.
      if (!group && sig === 'SIGKILL' && o.timeoutMs !== undefined && performance.now() - t0 >= o.timeoutMs) timedOut = true
      if (code !== 0 && code !== null) s.problems.push(`exit code ${code}`)
      if (sig) s.problems.push(`killed by ${sig}`)
      if (code !== 0) s.isError = true
      if (timedOut) s.problems.push(`timed out after ${o.timeoutMs} ms`)
      resolve({ ...s, exitCode: code, exitSignal: sig, wallMs: performance.now() - t0, stderrTail: err, timedOut, ...(o.keepOutput ? { stdout } : {}), ...(firstEventMs !== undefined ? { firstEventMs } : {}) })
    })
  })
}
