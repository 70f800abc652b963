// A local stand-in for Claude Code (`claude`) and claude-flow (`claude-flow`), used through PATH so that the
// real drivers are what the tests exercise. It writes the stream-json events documented for Claude Code's
// headless mode (system/init, assistant messages with usage and tool_use blocks, user tool results, a final
// result with total_cost_usd), edits the working directory to solve the task or not with a seeded
// probability per cell, and can crash, hang, print banners, print garbage or exit 127.
//
// Configuration: the JSON file named by SWARMBENCH_STANDIN (see test/swarm/stand-ins/README.md):
//   { seed, success, rules: [{ when: { strategy, mode, agents, consensus, sparc, model, claudeMdContains, command },
//     success?, tokens?, behaviour?, delayMs? }], tasks: [{ match, solution }], log?, pidFile?, claudeMdInContext? }
// The trial's own draw comes from SWARMBENCH_TRIAL_SEED, which the harness sets for every trial.
import { appendFileSync, cpSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { join } from 'node:path'

export async function main(personality) {
  const argv = process.argv.slice(2)
  const config = process.env.SWARMBENCH_STANDIN ? JSON.parse(readFileSync(process.env.SWARMBENCH_STANDIN, 'utf8')) : { seed: 0, success: 1 }
  const call = personality === 'claude' ? parseClaude(argv) : parseClaudeFlow(argv)
  if (call.error) { process.stderr.write(`${personality}: ${call.error}\n`); process.exit(2) }
  const claudeMd = existsSync('CLAUDE.md') ? readFileSync('CLAUDE.md', 'utf8') : ''
  const rule = { success: config.success ?? 1, tokens: 1, behaviour: 'normal', delayMs: 0 }
  for (const r of config.rules ?? []) if (matches(r.when ?? {}, { ...call, command: personality }, claudeMd)) Object.assign(rule, pick(r))
  const trialSeed = Number(process.env.SWARMBENCH_TRIAL_SEED ?? hash(call.prompt + process.cwd()))
  const rng = mulberry32(hash(`${config.seed ?? 0}:${trialSeed}`))
  if (config.log) appendFileSync(config.log, JSON.stringify({ trial: process.env.SWARMBENCH_TRIAL_ID ?? null, seed: trialSeed, command: personality, pid: process.pid }) + '\n')

  if (rule.behaviour === 'exit127') { process.stderr.write('claude: command not found\n'); process.exit(127) }
  if (rule.behaviour === 'garbage') { process.stdout.write('Segmentation fault (core dumped)\n<html>502 Bad Gateway</html>\n'); process.exit(0) }
  if (personality === 'claude-flow' || rule.behaviour === 'banner') {
    process.stdout.write(`🐝 Claude-Flow v2.0.0-alpha (stand-in)\n🚀 Starting ${call.shape} — strategy ${call.strategy ?? '-'}, mode ${call.mode ?? '-'}, agents ${call.agents}\n`)
  }
  if (rule.delayMs > 0) await new Promise(r => setTimeout(r, rule.delayMs))
  const model = call.model ?? 'claude-sonnet-4-5'
  const solved = rng() < rule.success
  const emit = (ev) => process.stdout.write(JSON.stringify(ev) + '\n')
  const totals = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
  let turns = 0, tools = 0
  // claudeMdInContext: the CLAUDE.md joins the cached system prompt, as Claude Code loads it (≈ 4 bytes a token).
  const mdTokens = config.claudeMdInContext ? Math.ceil(Buffer.byteLength(claudeMd) / 4) : 0
  for (let a = 0; a < call.agents; a++) {
    const session = `standin-${trialSeed}-${a}`
    emit({ type: 'system', subtype: 'init', stand_in: true, session_id: session, model, cwd: process.cwd(), tools: ['Read', 'Edit', 'Bash'], permissionMode: 'bypassPermissions' })
    const usage = {
      input_tokens: Math.round((40 + call.prompt.length / 4) * rule.tokens * (0.8 + 0.4 * rng())),
      output_tokens: Math.round(220 * rule.tokens * (0.8 + 0.4 * rng())),
      cache_creation_input_tokens: a === 0 ? Math.round(1800 * rule.tokens) + mdTokens : 0,
      cache_read_input_tokens: a === 0 ? 0 : Math.round(1800 * rule.tokens) + mdTokens,
    }
    for (const k of Object.keys(totals)) totals[k] += usage[k]
    const id = `msg_${session}`
    emit({ type: 'assistant', message: { id, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: `Agent ${a} working on the task.` }], usage } })
    emit({ type: 'assistant', message: { id, type: 'message', role: 'assistant', model, content: [{ type: 'tool_use', id: `toolu_${a}`, name: 'Edit', input: { file_path: 'src' } }], usage } })
    emit({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_${a}`, content: 'ok' }] } })
    turns += 2; tools += 1
    if (rule.behaviour === 'crash' && a === 0) { process.stderr.write('Error: stand-in crashed mid-run\n'); process.exit(1) }
  }
  if (rule.behaviour === 'hang') {
    // A grandchild in the same process group, as claude-flow's own `claude` child would be; both must die on timeout.
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'ignore' })
    if (config.pidFile) { writeFileSync(`${config.pidFile}.tmp`, JSON.stringify({ parent: process.pid, child: child.pid })); renameSync(`${config.pidFile}.tmp`, config.pidFile) }
    setInterval(() => {}, 1e6)
    return
  }
  if (solved) {
    const task = (config.tasks ?? []).find(t => call.prompt.includes(t.match))
    if (task) cpSync(task.solution, process.cwd(), { recursive: true })
  }
  const cost = (totals.input_tokens * 3 + totals.output_tokens * 15 + totals.cache_creation_input_tokens * 3.75 + totals.cache_read_input_tokens * 0.3) / 1e6
  const maxTurns = call.maxTurns
  const subtype = maxTurns !== undefined && turns > maxTurns ? 'error_max_turns' : 'success'
  emit({ type: 'result', subtype, is_error: subtype !== 'success', num_turns: turns, duration_ms: 1 + rule.delayMs, duration_api_ms: 1 + rule.delayMs,
    total_cost_usd: cost, usage: totals, session_id: `standin-${trialSeed}-0`, result: solved ? 'Done: the change is in place.' : 'I could not finish the task.' })
}

function pick(r) {
  const out = {}
  for (const k of ['success', 'tokens', 'behaviour', 'delayMs']) if (r[k] !== undefined) out[k] = r[k]
  return out
}

function matches(when, call, claudeMd) {
  for (const [k, v] of Object.entries(when)) {
    if (k === 'claudeMdContains') { if (!claudeMd.includes(v)) return false }
    else if (String(call[k]) !== String(v)) return false
  }
  return true
}

function flag(argv, name) {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}

function parseClaude(argv) {
  const prompt = flag(argv, '-p') ?? flag(argv, '--print')
  if (prompt === undefined) return { error: 'this stand-in only answers print mode (-p)' }
  if (flag(argv, '--output-format') === 'stream-json' && !argv.includes('--verbose')) return { error: 'When using --print, --output-format=stream-json requires --verbose' }
  const mt = flag(argv, '--max-turns')
  return { shape: 'print', prompt, model: flag(argv, '--model'), agents: 1, ...(mt ? { maxTurns: Number(mt) } : {}) }
}

function parseClaudeFlow(argv) {
  const [cmd, ...rest] = argv
  const model = flag(rest, '--model')
  if (cmd === 'swarm') return { shape: 'swarm', prompt: rest[0] ?? '', strategy: flag(rest, '--strategy') ?? 'auto', mode: flag(rest, '--mode') ?? 'centralized', agents: Number(flag(rest, '--max-agents') ?? 5), model }
  if (cmd === 'hive-mind' && rest[0] === 'spawn') return { shape: 'hive-mind', prompt: rest[1] ?? '', consensus: flag(rest, '--coordination') ?? flag(rest, '--consensus') ?? 'majority', agents: Number(flag(rest, '--count') ?? 4), model }
  if (cmd === 'sparc') {
    const [mode, prompt] = rest[0] === 'run' ? [rest[1], rest[2]] : [rest[0], rest[1]]
    return { shape: 'sparc', prompt: prompt ?? '', sparc: mode, agents: 1, model }
  }
  return { error: `unknown command '${cmd ?? ''}' (stand-in knows swarm, hive-mind spawn, sparc)` }
}

function hash(s) {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}

function mulberry32(a) {
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
