// The five coordination modes as message-passing patterns between N agents. Each agent's turn is one model
// call (`ask`); each hand-over between agents is one counted message (`send`). Pure orchestration: the http
// engine supplies ask/send over a real endpoint, tests supply them directly.
//
//   centralized   coordinator plans, sends one subtask to each of N−1 workers, they reply, it merges
//                 messages 2(N−1); calls N+1; hops 2
//   hierarchical  coordinator → L = ⌊√(N−1)⌋ leads → the other workers, round-robin; results flow back up
//                 messages 2(N−1) (a tree has N−1 edges, each used down and up); calls 2 + W + Σ(lead: 2 if it has workers, else 1); hops 4
//   mesh          N peers draft, then for R rounds each broadcasts its draft to the other N−1 and revises;
//                 they decide by majority voting (swarmbench/consensus, over its simulated network)
//                 messages R·N(N−1) + the vote's messages (4(N−1) on a loss-free network); calls N(R+1)
//   distributed   N independent workers solve the whole task; each sends its result to the tally; plurality vote
//                 messages N; calls N; hops 1
//   hybrid        centralized planning with one mesh review round among the workers: coordinator assigns
//                 (N−1), workers draft, exchange drafts with each other ((N−1)(N−2)), revise, report (N−1), it merges
//                 messages N(N−1); calls 2N; hops 3
import { majorityVoting } from '../consensus/mechanisms/voting.ts'
import { simulate } from '../consensus/sim/simulator.ts'
import type { Mode, Strategy } from './matrix.ts'

export interface CoordinationIo {
  /** One model call by agent `agent` in `role`; returns its text. */
  ask(agent: number, role: Role, system: string, user: string): Promise<string>
}

export type Role = 'coordinator' | 'lead' | 'worker' | 'peer' | 'merger'

export interface CoordinationResult { final: string; messages: number; calls: number; hops: number; agents: number }

/** Role prompts by strategy: what each agent is asked to emphasise. */
export const STRATEGY_BRIEFS: Record<Strategy, string> = {
  auto: 'Choose the approach the task needs.',
  research: 'Investigate the code and its tests before changing anything; explain what you found.',
  development: 'Implement the change directly and completely.',
  analysis: 'Analyse the failure precisely, then make the smallest correct change.',
  testing: 'Make the tests pass, and keep every existing test passing.',
  optimization: 'Make the change with the least code and the least work at run time.',
  maintenance: 'Keep the code readable and consistent with what is there.',
}

const OUTPUT_RULE = 'Give every file you change in full as a fenced block opened with ```file:<relative path> and closed with ```.'

export function systemPrompt(role: Role, strategy: Strategy): string {
  const what: Record<Role, string> = {
    coordinator: 'You are the coordinator of a team of agents. Split the task into the requested number of subtasks, one per line.',
    lead: 'You lead a group of workers. Split your subtask into the requested number of parts, one per line.',
    worker: 'You are a worker agent. Solve what you are given.',
    peer: 'You are one of several peer agents. Solve the task; when shown other drafts, improve yours.',
    merger: 'You merge your team\'s results into one final answer.',
  }
  return `${what[role]} ${STRATEGY_BRIEFS[strategy]} ${OUTPUT_RULE}`
}

export interface CoordinateOptions { mode: Mode; agents: number; strategy: Strategy; task: string; rounds?: number; seed: number }

export async function coordinate(o: CoordinateOptions, io: CoordinationIo): Promise<CoordinationResult> {
  const n = o.agents
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`coordinate: agents must be a whole number ≥ 1, got ${n}`)
  let messages = 0, calls = 0
  const send = (count = 1) => { messages += count }
  const ask = (agent: number, role: Role, user: string) => { calls++; return io.ask(agent, role, systemPrompt(role, o.strategy), user) }
  const split = (text: string, k: number, whole: string) => {
    const parts = text.split('\n').map(l => l.trim()).filter(Boolean).slice(0, k)
    while (parts.length < k) parts.push(whole)
    return parts
  }
  const merge = (results: string[]) => `Task:\n${o.task}\n\nResults of your team:\n${results.map((r, i) => `--- result ${i + 1}\n${r}`).join('\n')}\n\nGive the final answer.`
  const done = (final: string, hops: number) => ({ final, messages, calls, hops, agents: n })

  if (n === 1) return done(await ask(0, 'worker', o.task), 0)
  switch (o.mode) {
    case 'centralized': {
      const subtasks = split(await ask(0, 'coordinator', `Split into ${n - 1} subtasks:\n${o.task}`), n - 1, o.task)
      const results = await Promise.all(subtasks.map(async (sub, i) => {
        send() // coordinator → worker
        const r = await ask(i + 1, 'worker', `${o.task}\n\nYour subtask: ${sub}`)
        send() // worker → coordinator
        return r
      }))
      return done(await ask(0, 'merger', merge(results)), 2)
    }
    case 'hierarchical': {
      const leads = Math.max(1, Math.floor(Math.sqrt(n - 1)))
      const groups: number[][] = Array.from({ length: leads }, () => [])
      for (let w = 0; w < n - 1 - leads; w++) groups[w % leads]!.push(1 + leads + w)
      const parts = split(await ask(0, 'coordinator', `Split into ${leads} subtasks:\n${o.task}`), leads, o.task)
      const results = await Promise.all(groups.map(async (workers, li) => {
        const lead = 1 + li
        send() // coordinator → lead
        let r: string
        if (workers.length === 0) r = await ask(lead, 'worker', `${o.task}\n\nYour subtask: ${parts[li]}`)
        else {
          const subs = split(await ask(lead, 'lead', `Split into ${workers.length} parts:\n${parts[li]}`), workers.length, parts[li]!)
          const rs = await Promise.all(workers.map(async (w, k) => {
            send() // lead → worker
            const x = await ask(w, 'worker', `${o.task}\n\nYour part: ${subs[k]}`)
            send() // worker → lead
            return x
          }))
          r = await ask(lead, 'merger', merge(rs))
        }
        send() // lead → coordinator
        return r
      }))
      return done(await ask(0, 'merger', merge(results)), 4)
    }
    case 'mesh': {
      const rounds = o.rounds ?? 2
      let drafts = await Promise.all(Array.from({ length: n }, (_, i) => ask(i, 'peer', o.task)))
      for (let r = 0; r < rounds; r++) {
        send(n * (n - 1)) // every peer broadcasts its draft to every other peer
        const seen = drafts
        drafts = await Promise.all(seen.map((own, i) => ask(i, 'peer', `${o.task}\n\nYour draft:\n${own}\n\nThe other drafts:\n${seen.filter((_, j) => j !== i).join('\n---\n')}\n\nImprove your draft.`)))
      }
      // Decide by majority voting among the peers, as a real message-passing protocol (seeded, loss-free network).
      const vote = await simulate(majorityVoting({ coordinator: 0 }), node => ({ propose: () => ({ value: fingerprint(drafts[node]!) }) }), { n, seed: o.seed, decisions: 1, network: { latency: { kind: 'constant', ms: 1 } }, countBytes: false })
      send(vote.messages)
      const decided = vote.decisions[0]?.[0]
      return done(drafts.find(d => fingerprint(d) === decided) ?? drafts[0]!, 2 + 2 * rounds)
    }
    case 'distributed': {
      const results = await Promise.all(Array.from({ length: n }, async (_, i) => { const r = await ask(i, 'worker', o.task); send(); return r }))
      return done(plurality(results), 1)
    }
    case 'hybrid': {
      const subtasks = split(await ask(0, 'coordinator', `Split into ${n - 1} subtasks:\n${o.task}`), n - 1, o.task)
      send(n - 1) // assignments
      const drafts = await Promise.all(subtasks.map((sub, i) => ask(i + 1, 'worker', `${o.task}\n\nYour subtask: ${sub}`)))
      send((n - 1) * (n - 2)) // each worker shows its draft to the other workers
      const revised = await Promise.all(drafts.map((own, i) => ask(i + 1, 'worker', `${o.task}\n\nYour draft:\n${own}\n\nYour peers' drafts:\n${drafts.filter((_, j) => j !== i).join('\n---\n')}\n\nRevise yours.`)))
      send(n - 1) // reports
      return done(await ask(0, 'merger', merge(revised)), 3)
    }
  }
}

/** Answers that differ only in whitespace count as the same vote. */
export function fingerprint(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** The most frequent answer; ties go to the earliest. */
export function plurality(answers: readonly string[]): string {
  const counts = new Map<string, { n: number; first: number }>()
  answers.forEach((a, i) => { const k = fingerprint(a); const c = counts.get(k); if (c) c.n++; else counts.set(k, { n: 1, first: i }) })
  let best: { n: number; first: number } | undefined
  for (const c of counts.values()) if (!best || c.n > best.n || (c.n === best.n && c.first < best.first)) best = c
  return answers[best!.first]!
}
