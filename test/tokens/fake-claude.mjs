#!/usr/bin/env node
// Stand-in for the `claude` CLI in headless mode: writes the documented `--output-format json` and
// `stream-json` shapes (Claude Code docs, "CLI reference" / "Headless mode"), error results and a crash.
// Scenario from FAKE_CLAUDE_SCENARIO: success | max-turns | api-error | crash | claude-flow | garbage.
const args = process.argv.slice(2)
const scenario = process.env.FAKE_CLAUDE_SCENARIO ?? 'success'
const fmtAt = args.indexOf('--output-format')
const format = fmtAt >= 0 ? args[fmtAt + 1] : 'text'
const write = (o) => process.stdout.write(JSON.stringify(o) + '\n')

if (scenario !== 'claude-flow' && (!args.includes('-p') || args[args.indexOf('-p') + 1] === undefined)) {
  process.stderr.write('Error: Input must be provided either through stdin or as a prompt argument when using --print\n')
  process.exit(1)
}
if (format === 'stream-json' && !args.includes('--verbose') && scenario !== 'claude-flow') {
  process.stderr.write('Error: When using --print, --output-format=stream-json requires --verbose\n')
  process.exit(1)
}

const session = '9f1c2d7e-0000-4000-8000-000000000001'
const model = 'claude-sonnet-4-5-20250929'
const usage1 = { input_tokens: 4, cache_creation_input_tokens: 6120, cache_read_input_tokens: 13948, output_tokens: 112, service_tier: 'standard' }
const usage2 = { input_tokens: 7, cache_creation_input_tokens: 350, cache_read_input_tokens: 20068, output_tokens: 241, service_tier: 'standard' }
const result = (over) => ({
  type: 'result', subtype: 'success', is_error: false, duration_ms: 8421, duration_api_ms: 7954, num_turns: 3,
  result: 'Created three agents and merged their plans.', session_id: session, total_cost_usd: 0.0402618,
  usage: { input_tokens: 11, cache_creation_input_tokens: 6470, cache_read_input_tokens: 34016, output_tokens: 353, server_tool_use: { web_search_requests: 0 }, service_tier: 'standard' },
  modelUsage: {
    [model]: { inputTokens: 11, outputTokens: 353, cacheReadInputTokens: 34016, cacheCreationInputTokens: 6470, webSearchRequests: 0, costUSD: 0.0389118, contextWindow: 200000 },
    'claude-haiku-4-5-20251001': { inputTokens: 1200, outputTokens: 60, cacheReadInputTokens: 0, cacheCreationInputTokens: 0, webSearchRequests: 0, costUSD: 0.00135, contextWindow: 200000 },
  },
  permission_denials: [], uuid: 'a1b2c3d4-0000-4000-8000-000000000002', ...over,
})
const init = { type: 'system', subtype: 'init', cwd: process.cwd(), session_id: session, tools: ['Task', 'Bash', 'Read', 'Edit'], mcp_servers: [], model, permissionMode: 'default', slash_commands: [], apiKeySource: 'none', output_style: 'default', uuid: 'u-init', ...(process.env.FAKE_CLAUDE_HIDE_STAND_IN ? {} : { stand_in: true }) }
const assistant = (id, content, usage) => ({ type: 'assistant', message: { id, type: 'message', role: 'assistant', model, content, stop_reason: null, stop_sequence: null, usage }, parent_tool_use_id: null, session_id: session, uuid: `u-${id}-${content[0].type}` })

function events(final) {
  const evs = [init,
    // Claude Code writes one assistant event per content block; both carry the message's usage.
    assistant('msg_01', [{ type: 'text', text: 'Spawning agents.' }], usage1),
    assistant('msg_01', [{ type: 'tool_use', id: 'toolu_01', name: 'Task', input: { description: 'plan' } }], usage1),
    { type: 'user', message: { role: 'user', content: [{ tool_use_id: 'toolu_01', type: 'tool_result', content: 'done' }] }, parent_tool_use_id: null, session_id: session, uuid: 'u-tr' },
    assistant('msg_02', [{ type: 'tool_use', id: 'toolu_02', name: 'Bash', input: { command: 'ls' } }], usage2),
  ]
  if (final) evs.push(final)
  return evs
}

switch (scenario) {
  case 'success':
    if (format === 'json') process.stdout.write(JSON.stringify(result({})))
    else for (const e of events(result({}))) write(e)
    break
  case 'max-turns': {
    const r = result({ subtype: 'error_max_turns', is_error: true, num_turns: 2, total_cost_usd: 0.021, modelUsage: undefined, result: undefined })
    if (format === 'json') process.stdout.write(JSON.stringify(r))
    else for (const e of events(r)) write(e)
    process.exit(1)
  }
  case 'api-error': {
    const r = result({ subtype: 'success', is_error: true, num_turns: 1, result: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', total_cost_usd: 0, usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 }, modelUsage: {} })
    if (format === 'json') process.stdout.write(JSON.stringify(r))
    else for (const e of events(r)) write(e)
    process.exit(1)
  }
  case 'crash':
    // Partial stream, then an uncaught error: Node prints a stack on stderr and exits with code 1.
    for (const e of events(undefined).slice(0, 3)) write(e)
    setTimeout(() => { throw new Error('simulated crash of the CLI') }, 5)
    break
  case 'claude-flow':
    // claude-flow's non-interactive mode prints banners and status lines around Claude Code's events.
    process.stdout.write('🐝 claude-flow v2 — swarm mode (non-interactive)\n[swarm] objective accepted\n')
    for (const e of events(result({}))) write(e)
    process.stdout.write('✅ swarm completed\n')
    break
  case 'garbage':
    process.stdout.write('not json at all\n')
    break
  default:
    process.stderr.write(`unknown FAKE_CLAUDE_SCENARIO ${scenario}\n`)
    process.exit(2)
}
