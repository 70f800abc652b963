import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { httpAgents } from '../../src/consensus/http-agent.ts'
import { simulate } from '../../src/consensus/sim/simulator.ts'
import { pbft } from '../../src/consensus/mechanisms/pbft.ts'
import { weightedVoting } from '../../src/consensus/mechanisms/voting.ts'

// A loopback agent service: node k proposes "plan-(k mod 3)" with confidence by node, and rejects "bad" values.
let server: Server, url = '', calls = 0, mode: 'ok' | 'garbage' | 'error' = 'ok'
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', c => { body += c })
    req.on('end', () => {
      calls++
      const q = JSON.parse(body) as { kind: string; node: number; slot: number; value?: string }
      if (mode === 'error') { res.writeHead(503).end(); return }
      res.writeHead(200, { 'content-type': 'application/json' })
      if (mode === 'garbage') { res.end(JSON.stringify({ value: 7 })); return }
      res.end(JSON.stringify(q.kind === 'propose' ? { value: `plan-${q.node % 3}`, confidence: q.node === 0 ? 0.9 : 0.3 } : { accept: !q.value!.startsWith('bad') }))
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`
})
afterAll(() => new Promise<void>(r => server.close(() => r())))

describe('http agents', () => {
  it('drive a protocol deterministically over real HTTP calls', async () => {
    mode = 'ok'
    const a = await simulate(pbft(), httpAgents({ url }), { n: 4, seed: 5, decisions: 2 })
    const before = calls
    const b = await simulate(pbft(), httpAgents({ url }), { n: 4, seed: 5, decisions: 2 })
    expect(calls - before).toBeGreaterThan(4)
    expect(a.safety.ok).toBe(true)
    expect(a.liveness.live).toBe(true)
    expect(a.decisions[1]).toEqual(['plan-0', 'plan-0']) // the primary (node 0) proposed, replicas judged
    expect(b.traceHash).toBe(a.traceHash)
    const w = await simulate(weightedVoting(), httpAgents({ url }), { n: 5, seed: 1 })
    expect(w.decisions[2]![0]).toBe('plan-0') // plan-0: 0.9 + 0.3 beats plan-1: 0.3 + 0.3
  })
  it('reports bad replies and HTTP errors with the request', async () => {
    mode = 'garbage'
    await expect(simulate(weightedVoting(), httpAgents({ url }), { n: 3, seed: 1 })).rejects.toThrow(/bad reply to \{"kind":"propose".*value/)
    mode = 'error'
    await expect(simulate(weightedVoting(), httpAgents({ url }), { n: 3, seed: 1 })).rejects.toThrow(/HTTP 503/)
    expect(() => httpAgents({ url: 'not a url' })).toThrow()
  })
})
