// A loopback HTTP server that plays scripted responses in each API's wire format, so the real SDK
// clients can be driven end to end (retries, SSE, broken bodies) without network or key.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Scripted {
  status?: number
  headers?: Record<string, string>
  /** Whole body (JSON is stringified). */
  body?: unknown
  /** Or SSE/JSONL chunks written one by one. */
  chunks?: string[]
  /** Destroy the socket after the chunks instead of ending the response. */
  cut?: boolean
}

export interface SeenRequest { method: string; url: string; headers: IncomingMessage['headers']; body: string }

export interface Loopback {
  url: string
  /** Responses to play, in order; the last one repeats when the queue runs dry. */
  script(...responses: Scripted[]): void
  /** Or answer by path (used by benches that repeat one call). */
  route(path: string, response: Scripted): void
  seen: SeenRequest[]
  close(): Promise<void>
}

export function sse(events: Array<[event: string | undefined, data: unknown]>): string[] {
  return events.map(([event, data]) => `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`)
}

export async function startLoopback(options: { keepSeen?: boolean } = {}): Promise<Loopback> {
  let queue: Scripted[] = []
  let last: Scripted | undefined
  const routes = new Map<string, Scripted>()
  const seen: SeenRequest[] = []
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = []
    req.on('data', (c: Buffer) => parts.push(c))
    req.on('end', () => {
      if (options.keepSeen !== false) seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(parts).toString('utf8') })
      const path = (req.url ?? '').split('?')[0]!
      const r = routes.get(path) ?? queue.shift() ?? last
      if (!r) { res.writeHead(404).end('{"error":"no script"}'); return }
      last = r
      const isStream = r.chunks !== undefined
      res.writeHead(r.status ?? 200, { 'content-type': isStream ? 'text/event-stream' : 'application/json', ...r.headers })
      if (!isStream) { res.end(typeof r.body === 'string' ? r.body : JSON.stringify(r.body)); return }
      for (const c of r.chunks!) res.write(c)
      if (r.cut) setTimeout(() => res.socket?.destroy(), 5)
      else res.end()
    })
  })
  // Node's default keep-alive (5 s). A 1 s timeout made undici, which keeps a margin below the server's timeout,
  // open a new connection for every request, and that connect was most of a call's time.
  await new Promise<void>(ok => server.listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    script: (...rs) => { queue = rs; last = undefined },
    route: (path, r) => { routes.set(path, r) },
    seen,
    close: () => new Promise<void>(ok => { server.closeAllConnections(); server.close(() => ok()) }),
  }
}
