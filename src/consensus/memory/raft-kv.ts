// Swarm memory on the Raft log: every write is a log entry, each node applies committed entries in order to
// its key-value map. Measured: write commit latency (leader append → majority commit) and sync latency
// (→ applied on every running node), stale reads on followers vs on the leader, convergence and recovery.
import { raft } from '../mechanisms/raft.ts'
import { simulate, type SimHooks } from '../sim/simulator.ts'
import type { Agent } from '../sim/types.ts'
import { distribution, type Distribution } from '../../compare/stats/describe.ts'
import { downWindows, parseKvOptions, sampleReads, workloadWrite, type KvOptionsInput, type KvWrite, type ReadStats, type Timeline } from './common.ts'

export interface RaftKvReport {
  variant: 'raft'
  writesApplied: number
  commitLatency: Distribution | undefined
  syncLatency: Distribution | undefined
  commitLatencies: number[]
  followerReads: ReadStats
  leaderReads: ReadStats
  converged: boolean
  /** Per restarted node: virtual ms from restart until it re-applied everything committed at restart time. */
  recoveryMs: number[]
  messages: number
  bytes: number
  leaderElections: number
  safe: boolean
  finalState: Record<string, string>
  virtualTime: number
  traceHash: string
}

export async function runRaftKv(input: KvOptionsInput, hooks: SimHooks = {}): Promise<RaftKvReport> {
  const o = parseKvOptions(input)
  const timelines: Timeline[] = Array.from({ length: o.n }, () => ({ changes: [], resets: [] }))
  const applied: { node: number; time: number; index: number; w: KvWrite }[] = []
  const proto = raft({ onApply: (node, index, val, time) => {
    const w = JSON.parse(val) as KvWrite
    applied.push({ node, time, index, w })
    timelines[node]!.changes.push({ time, k: w.k, v: w.v })
  } })
  const agent = (): Agent => ({ propose: ({ slot }) => ({ value: JSON.stringify(workloadWrite(slot, o.keys, o.seed)) }) })
  const r = await simulate(proto, agent, { n: o.n, seed: o.seed, decisions: o.writes, maxTime: o.maxTime, network: o.network, faults: o.faults }, hooks)
  for (const c of o.faults?.crashes ?? []) if (c.restart !== undefined) timelines[c.node]!.resets.push(c.restart)

  // Proposal time of write w: the last 'round' note (leader append) for slot w.
  const proposed = new Map<number, number>()
  for (const note of r.notes) if (note.kind === 'round') proposed.set(note.a - 1, note.time)
  const firstApply = new Map<number, number>(), lastApply = new Map<number, number>()
  for (const a of applied) {
    if (!firstApply.has(a.w.w)) firstApply.set(a.w.w, a.time)
    if (r.up[a.node]) lastApply.set(a.w.w, Math.max(lastApply.get(a.w.w) ?? 0, a.time))
  }
  const commitL: number[] = [], syncL: number[] = []
  for (const [w, t0] of proposed) {
    const c = firstApply.get(w), s = lastApply.get(w)
    if (c !== undefined && c >= t0) commitL.push(c - t0)
    if (s !== undefined && s >= t0) syncL.push(s - t0)
  }
  // Fresh value = the latest committed write to the key (commit = first apply anywhere, at the leader).
  const commits = [...firstApply].map(([w, time]) => ({ time, w: workloadWrite(w, o.keys, o.seed) })).sort((a, b) => a.time - b.time)
  const fresh = (key: string, t: number): string | undefined => {
    let v: string | undefined
    for (const c of commits) { if (c.time > t) break; if (c.w.k === key) v = c.w.v }
    return v
  }
  const down = downWindows(o.faults, o.n)
  const leaders = r.notes.filter(x => x.kind === 'leader').map(x => ({ time: x.time, node: x.node }))
  const leaderAt = (t: number): number | undefined => leaders.filter(l => l.time <= t).at(-1)?.node
  const end = Number.isNaN(r.decidedAt) ? r.virtualTime : r.decidedAt
  const readOpts = { seed: o.seed, reads: o.reads, keys: o.keys, end, n: o.n }
  const followerReads = sampleReads(readOpts, timelines, down, fresh)
  const leaderReads = sampleReads(readOpts, timelines, down, fresh, t => leaderAt(t))

  const stateOf = (node: number): Record<string, string> => {
    const since = Math.max(-Infinity, ...timelines[node]!.resets)
    const m: Record<string, string> = {}
    for (const c of timelines[node]!.changes) if (c.time >= since) m[c.k] = c.v
    return m
  }
  const running = r.up.map((u, i) => (u ? i : -1)).filter(i => i >= 0)
  const states = running.map(i => JSON.stringify(Object.entries(stateOf(i)).sort()))
  const recoveryMs: number[] = []
  for (const c of o.faults?.crashes ?? []) {
    if (c.restart === undefined) continue
    const target = applied.filter(a => a.time <= c.restart!).reduce((m, a) => Math.max(m, a.index), 0)
    const done = applied.find(a => a.node === c.node && a.time >= c.restart! && a.index >= target)
    if (done) recoveryMs.push(done.time - c.restart)
  }
  return {
    variant: 'raft', writesApplied: firstApply.size, commitLatency: distribution(commitL), syncLatency: distribution(syncL), commitLatencies: commitL,
    followerReads, leaderReads, converged: states.every(s => s === states[0]), recoveryMs,
    messages: r.messages, bytes: r.bytes, leaderElections: r.leaderElections, safe: r.safety.ok,
    finalState: running.length ? stateOf(running[0]!) : {}, virtualTime: r.virtualTime, traceHash: r.traceHash,
  }
}
