// Raft (Ongaro & Ousterhout): randomized election timeouts, RequestVote with the up-to-date log rule,
// AppendEntries with the consistency check, commit only of current-term entries by majority match, and
// durable term / vote / log. A new leader appends a no-op so earlier-term entries can commit.
// Decisions are the applied non-no-op entries in log order: slot k = k-th value applied.
import { twist } from '../sim/byzantine.ts'
import type { FaultPlan } from '../sim/schema.ts'
import type { NodeCtx, Protocol } from '../sim/types.ts'

export interface Entry { term: number; val: string | null }
export type RaftMsg =
  | { t: 'rv'; term: number; lastIdx: number; lastTerm: number }
  | { t: 'rvr'; term: number; granted: boolean }
  | { t: 'ae'; term: number; prevIdx: number; prevTerm: number; entries: Entry[]; commit: number }
  | { t: 'aer'; term: number; ok: boolean; match: number }

export interface RaftOptions {
  electionMin?: number
  electionMax?: number
  heartbeat?: number
  /** Most entries per AppendEntries. */
  batch?: number
  /** Observer hook: called with every applied entry (index, value) at every node, e.g. for a replicated KV. */
  onApply?: (node: number, index: number, val: string, time: number) => void
}

const ELECTION = 0, HEARTBEAT = 1

export function raft(opts: RaftOptions = {}): Protocol<RaftMsg> {
  const eMin = opts.electionMin ?? 150, eMax = opts.electionMax ?? 300, hb = opts.heartbeat ?? 50, batch = opts.batch ?? 64
  // Checker-only observations (no node reads these): leaders per term, and entries known committed.
  const leaders = new Map<number, number>()
  const committed = new Map<number, string>()
  const violations: string[] = []
  const key = (e: Entry): string => `${e.term}:${e.val ?? '∅'}`

  return {
    name: 'raft',
    init(ctx: NodeCtx<RaftMsg>) {
      const { n, id } = ctx
      let term = ctx.restore<number>('term') ?? 0
      let votedFor = ctx.restore<number>('vote') ?? -1
      const log: Entry[] = [{ term: 0, val: null }]
      const len = ctx.restore<number>('len') ?? 1
      for (let i = 1; i < len; i++) log.push(ctx.restore<Entry>(`log:${i}`)!)
      let role: 'follower' | 'candidate' | 'leader' = 'follower'
      let commit = 0, applied = 0, slots = 0
      let electionGen = 0, hbGen = 0
      let votes = new Set<number>()
      const next = new Int32Array(n), match = new Int32Array(n)
      let proposing = false

      const saveTerm = (): void => { ctx.persist('term', term); ctx.persist('vote', votedFor) }
      const truncateAndAppend = (from: number, entries: Entry[]): void => {
        log.length = from
        for (const e of entries) { ctx.persist(`log:${log.length}`, e); log.push(e) }
        ctx.persist('len', log.length)
      }
      const lastIdx = (): number => log.length - 1
      const resetElection = (): void => { ctx.setTimer(eMin + (eMax - eMin) * ctx.rng.next(), (++electionGen << 1) | ELECTION) }
      const stepDown = (t: number): void => {
        if (t > term) { term = t; votedFor = -1; saveTerm() }
        if (role === 'leader') hbGen++
        role = 'follower'
      }
      const apply = (): void => {
        while (applied < commit) {
          const e = log[++applied]!
          if (e.val !== null) { ctx.decide(slots++, e.val); opts.onApply?.(id, applied, e.val, ctx.now()) }
        }
      }
      const sendAppend = (to: number): void => {
        const prev = next[to]! - 1
        const entries = log.slice(prev + 1, prev + 1 + batch)
        ctx.send(to, { t: 'ae', term, prevIdx: prev, prevTerm: log[prev]!.term, entries, commit })
        // Optimistic: assume delivery; a lost message shows up as a rejected heartbeat and backs next off.
        next[to] = prev + 1 + entries.length
      }
      const replicate = (): void => { for (let to = 0; to < n; to++) if (to !== id) sendAppend(to) }
      const valuesInLog = (): number => { let c = 0; for (let i = 1; i < log.length; i++) if (log[i]!.val !== null) c++; return c }
      const propose = async (): Promise<void> => {
        // One value in flight at a time: propose the next slot once everything in the log has committed.
        if (role !== 'leader' || proposing || commit < lastIdx()) return
        const slot = valuesInLog()
        if (slot >= ctx.target) return
        proposing = true
        const p = await ctx.agent.propose({ node: id, slot })
        proposing = false
        if (role !== 'leader') return
        truncateAndAppend(log.length, [{ term, val: p.value }])
        match[id] = lastIdx()
        ctx.note('round', slot + 1)
        replicate()
      }
      const advanceCommit = (): void => {
        for (let i = lastIdx(); i > commit; i--) {
          if (log[i]!.term !== term) break
          let c = 0
          for (let k = 0; k < n; k++) if (match[k]! >= i) c++
          if (c * 2 > n) {
            for (let j = commit + 1; j <= i; j++) {
              const k = key(log[j]!), prev = committed.get(j)
              if (prev !== undefined && prev !== k) violations.push(`raft: committed entry ${j} changed from ${prev} to ${k}`)
              committed.set(j, k)
            }
            commit = i
            apply()
            break
          }
        }
      }
      const becomeLeader = (): void => {
        role = 'leader'
        ctx.note('leader', term)
        const other = leaders.get(term)
        if (other !== undefined && other !== id) violations.push(`raft: two leaders in term ${term}: nodes ${other} and ${id}`)
        leaders.set(term, id)
        // Leader completeness: every entry known committed must be in the new leader's log.
        for (const [i, k] of committed) if (i >= log.length || key(log[i]!) !== k) violations.push(`raft: leader ${id} of term ${term} lacks committed entry ${i} (${k})`)
        next.fill(log.length); match.fill(0)
        truncateAndAppend(log.length, [{ term, val: null }])
        match[id] = lastIdx()
        replicate()
        ctx.setTimer(hb, (++hbGen << 1) | HEARTBEAT)
      }
      return {
        start() { resetElection() },
        async onMessage(from, m) {
          if (m.term > term) stepDown(m.term)
          switch (m.t) {
            case 'rv': {
              const upToDate = m.lastTerm > log[lastIdx()]!.term || (m.lastTerm === log[lastIdx()]!.term && m.lastIdx >= lastIdx())
              const granted = m.term === term && (votedFor === -1 || votedFor === from) && upToDate
              if (granted) { votedFor = from; saveTerm(); resetElection() }
              ctx.send(from, { t: 'rvr', term, granted })
              break
            }
            case 'rvr':
              if (role === 'candidate' && m.term === term && m.granted) {
                votes.add(from)
                if (votes.size * 2 > n) becomeLeader()
              }
              break
            case 'ae': {
              if (m.term < term) { ctx.send(from, { t: 'aer', term, ok: false, match: 0 }); break }
              if (role !== 'follower') stepDown(m.term)
              resetElection()
              if (m.prevIdx > lastIdx() || log[m.prevIdx]!.term !== m.prevTerm) { ctx.send(from, { t: 'aer', term, ok: false, match: Math.min(m.prevIdx - 1, lastIdx()) }); break }
              // Append, truncating only on a real conflict so a stale, reordered AppendEntries cannot cut the log.
              let i = 0
              while (i < m.entries.length && m.prevIdx + 1 + i <= lastIdx() && log[m.prevIdx + 1 + i]!.term === m.entries[i]!.term) i++
              if (i < m.entries.length) truncateAndAppend(m.prevIdx + 1 + i, m.entries.slice(i))
              const matched = m.prevIdx + m.entries.length
              const c = Math.min(m.commit, matched)
              if (c > commit) { commit = c; apply() }
              ctx.send(from, { t: 'aer', term, ok: true, match: matched })
              break
            }
            case 'aer':
              if (role !== 'leader' || m.term !== term) break
              if (m.ok) {
                if (m.match > match[from]!) match[from] = m.match
                advanceCommit()
                if (next[from]! <= lastIdx()) sendAppend(from)
                await propose()
              } else {
                next[from] = Math.max(1, Math.min(next[from]! - 1, m.match + 1))
                sendAppend(from)
              }
              break
          }
        },
        async onTimer(tag) {
          const kind = tag & 1, gen = tag >> 1
          if (kind === ELECTION) {
            if (gen !== electionGen) return
            // A leader keeps the timer armed so that, once deposed, it still stands for election later.
            if (role === 'leader') { resetElection(); return }
            role = 'candidate'
            term++; votedFor = id; saveTerm()
            votes = new Set([id])
            ctx.broadcast({ t: 'rv', term, lastIdx: lastIdx(), lastTerm: log[lastIdx()]!.term })
            if (n === 1) becomeLeader()
            resetElection()
          } else if (gen === hbGen && role === 'leader') {
            replicate()
            ctx.setTimer(hb, (++hbGen << 1) | HEARTBEAT)
            await propose()
          }
        },
      }
    },
    tamper(m, to, mode) {
      // A lying voter grants every vote; a lying leader sends different entries to different followers.
      if (m.t === 'rvr' && mode !== 'silent') return { ...m, granted: true }
      if (m.t === 'ae' && mode === 'equivocate') return { ...m, entries: m.entries.map(e => e.val === null ? e : { ...e, val: twist(e.val, to, mode) }) }
      return m
    },
    check() { return violations.slice() },
    withinBound(f: FaultPlan, n: number) {
      if (f.byzantine.length > 0 || f.amnesia || f.partitions.some(p => p.heal === undefined)) return false
      const dead = new Set(f.crashes.filter(c => c.restart === undefined).map(c => c.node))
      return dead.size <= Math.floor((n - 1) / 2)
    },
  }
}
