// A deterministic loopback server speaking OpenAI's chat-completions wire format, standing in for a model
// behind the http engine. Each answer depends only on the request body (which carries a per-trial `seed`):
// with probability `success` (seeded) it returns the task's reference solution as ```file: blocks.
import { createServer, type Server } from 'node:http'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export interface StandInServerOptions { success?: number; seed?: number; tasks?: { match: string; solution: string }[] }

function fnv(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}

function files(dir: string): [string, string][] {
  const out: [string, string][] = []
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else out.push([relative(dir, p), readFileSync(p, 'utf8')]) } }
  walk(dir)
  return out
}

export async function startStandInServer(o: StandInServerOptions = {}): Promise<{ url: string; requests: number; close(): Promise<void> }> {
  const state = { requests: 0 }
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', c => { body += c })
    req.on('end', () => {
      state.requests++
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) { res.writeHead(404, { 'content-type': 'application/json' }); res.end('{"error":{"message":"not found"}}'); return }
      const r = JSON.parse(body) as { model: string; messages: { role: string; content: string }[] }
      const user = r.messages.filter(m => m.role === 'user').map(m => m.content).join('\n')
      const u = (fnv(`${o.seed ?? 0}:${body}`) % 1_000_000) / 1_000_000
      const task = (o.tasks ?? []).find(t => user.includes(t.match))
      const content = task && u < (o.success ?? 1)
        ? `Here is the change.\n${files(task.solution).map(([p, c]) => `\`\`\`file:${p}\n${c}\`\`\``).join('\n')}\n`
        : 'I could not find the problem.'
      const prompt = Math.ceil(JSON.stringify(r.messages).length / 4), completion = Math.ceil(content.length / 4)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ id: `chatcmpl-${fnv(body)}`, object: 'chat.completion', created: 0, model: r.model, stand_in: true,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion } }))
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as { port: number }).port
  return { url: `http://127.0.0.1:${port}/v1`, get requests() { return state.requests }, close: () => new Promise(r => server.close(() => r())) }
}
