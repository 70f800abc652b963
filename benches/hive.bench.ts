// Hive-mind scenarios: N agents (3 to 100) decide under each mechanism, with and without faults. Message
// complexity per decision is fitted against N (theory: Raft, Paxos, voting O(n); PBFT O(n²)).
import { test } from '../src/index.ts'
import { oracleAgents } from '../src/consensus/agents.ts'
import { MECHANISMS, MECHANISM_INFO, type Mechanism } from '../src/consensus/registry.ts'
import { simulate } from '../src/consensus/sim/simulator.ts'
import { fitExponent, measureMechanism } from '../src/consensus/measure.ts'
import { WARMUP_MS } from './warmup.ts'

const SIZES: Record<Mechanism, number[]> = {
  majority: [3, 5, 10, 25, 50, 100], weighted: [3, 5, 10, 25, 50, 100], raft: [3, 5, 10, 25, 50, 100],
  paxos: [3, 5, 10, 25, 50, 100], 'multi-paxos': [3, 5, 10, 25, 50, 100], pbft: [4, 7, 10, 25, 49, 100],
}
const DECISIONS = 5

test('hive-mind message complexity vs N', async ({ bench, metric }) => {
  const agents = oracleAgents({ options: ['A', 'B', 'C', 'D'], accuracy: 0.7 })
  const sim = simulate
  // Wall-clock cost of the largest hive (n = 100) per mechanism, side by side.
  await bench.compare(
    ...MECHANISMS.map(m => bench(`${m} n=${SIZES[m].at(-1)}`, async () => { await sim(MECHANISM_INFO[m].create(), agents, { n: SIZES[m].at(-1)!, seed: 1, decisions: 1 }) })),
    { time: 200, iterations: 3, warmupIterations: 1, warmupTime: WARMUP_MS },
  )
  const lines: string[] = []
  for (const m of MECHANISMS) {
    const runs = []
    for (const n of SIZES[m]) runs.push(await measureMechanism(m, { n, decisions: DECISIONS, seeds: 1 }))
    const per = runs.map(r => r.messagesPerDecision)
    // Fit on N ≥ 10, where fixed per-run costs (first election, final heartbeats) no longer dominate.
    const from = SIZES[m].findIndex(n => n >= 10)
    const fit = fitExponent(SIZES[m].slice(from), per.slice(from))
    lines.push(`${m.padEnd(12)} exponent ${fit.exponent.toFixed(2)} (r² ${fit.r2.toFixed(3)})  msgs/decision ${SIZES[m].map((n, i) => `n=${n}:${per[i]!.toFixed(0)}`).join(' ')}`)
    const name = `${m} n=${SIZES[m].at(-1)}`
    const sizes = `${m}, n = ${SIZES[m].join(', ')}, seed 1, ${DECISIONS} decisions, clean network, virtual time`
    await metric('complexity.exponent', fit.exponent, { unit: '', better: 'lower', kind: 'deterministic', bench: name, provenance: { kind: 'simulated', how: `${sizes}; least-squares slope of log(messages/decision) on log(N), N ≥ 10` } })
    for (const [i, n] of SIZES[m].entries()) await metric(`messages.perDecision.n${n}`, per[i]!, { unit: 'messages', better: 'lower', kind: 'deterministic', bench: name, provenance: runs[i]!.provenance })
  }
  console.log(`message complexity per decision vs N (${DECISIONS} decisions, clean network):\n  ${lines.join('\n  ')}`)
})

test('hive-mind decisions with and without faults (N = 7 and 25)', async ({ bench, metric }) => {
  const agents = oracleAgents({ options: ['A', 'B', 'C', 'D'], accuracy: 0.7 })
  const sim = simulate
  await bench('raft n=25 with faults, 5 decisions', async () => { await sim(MECHANISM_INFO.raft.create(), agents, { n: 25, seed: 3, decisions: 5, network: { loss: 0.05 } }) }).run({ time: 200, iterations: 3, warmupIterations: 2, warmupTime: WARMUP_MS })
  const lines: string[] = []
  for (const n of [7, 25]) {
    for (const faults of [false, true]) {
      for (const m of MECHANISMS) {
        const size = m === 'pbft' && n === 25 ? 25 : n
        const r = await measureMechanism(m, { n: size, decisions: DECISIONS, seeds: faults ? 12 : 3, faults })
        const tag = `${m}.n${size}.${faults ? 'faults' : 'clean'}`
        const sim = r.provenance
        lines.push(`${tag.padEnd(26)} decided ${(r.decidedFraction * 100).toFixed(0)}%  virtual ms/decision ${r.virtualMsPerDecision.toFixed(1)}  msgs/decision ${r.messagesPerDecision.toFixed(0)}  ` +
          `leader elections ${r.leaderElections.toFixed(1)}  honest agreement ${r.honestAgreement?.toFixed(3) ?? `none (${r.undecidedRuns} runs decided nothing)`}  quality ${r.quality.toFixed(2)}  safety violations ${r.safetyViolations}`)
        await metric(`${tag}.decided`, r.decidedFraction, { unit: 'ratio', better: 'higher', kind: 'deterministic', provenance: sim })
        await metric(`${tag}.virtualMsPerDecision`, r.virtualMsPerDecision, { unit: 'ms', better: 'lower', kind: 'deterministic', provenance: sim })
        await metric(`${tag}.messagesPerDecision`, r.messagesPerDecision, { unit: 'messages', better: 'lower', kind: 'deterministic', provenance: sim })
        await metric(`${tag}.leaderElections`, r.leaderElections, { unit: 'elections', better: 'lower', kind: 'deterministic', provenance: sim })
        // no decision, no agreement to measure: the metric is absent and the undecided runs are counted instead
        if (r.honestAgreement !== null) await metric(`${tag}.honestAgreement`, r.honestAgreement, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: sim })
        await metric(`${tag}.undecidedRuns`, r.undecidedRuns, { unit: 'runs', better: 'lower', kind: 'deterministic', provenance: sim })
        await metric(`${tag}.quality`, r.quality, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: sim })
        await metric(`${tag}.safetyViolations`, r.safetyViolations, { unit: 'runs', better: 'lower', kind: 'deterministic', provenance: sim })
      }
    }
  }
  console.log(`hive-mind decisions (${DECISIONS} per run):\n  ${lines.join('\n  ')}`)
})

test('weighted voting by track record vs simple majority (heterogeneous agents)', async ({ bench, metric }) => {
  // Two reliable agents among unreliable ones: track-record weights let them outvote the crowd.
  const accuracy = [0.95, 0.9, 0.4, 0.4, 0.35, 0.35, 0.35]
  const agents = oracleAgents({ options: ['A', 'B', 'C', 'D'], accuracy })
  const { votingProtocol } = await import('../src/consensus/mechanisms/voting.ts')
  const sim = simulate
  const quality = async (weights: 'equal' | 'confidence' | number[]) => {
    const r = await sim(votingProtocol({ weights }), agents, { n: 7, seed: 11, decisions: 400 })
    let right = 0
    for (let s = 0; s < 400; s++) if (r.decisions[1]![s] === agents.truth(s)) right++
    return right / 400
  }
  await bench('weighted voting, 400 decisions', async () => { await quality(accuracy) }).run({ time: 200, iterations: 3, warmupIterations: 2, warmupTime: WARMUP_MS })
  const q = { majority: await quality('equal'), confidence: await quality('confidence'), trackRecord: await quality(accuracy.map(a => Math.log(a * 3 / (1 - a)))) }
  console.log(`decision quality over 400 decisions: majority ${q.majority.toFixed(3)}, confidence-weighted ${q.confidence.toFixed(3)}, track-record (log-odds) weighted ${q.trackRecord.toFixed(3)}`)
  for (const [k, v] of Object.entries(q)) await metric(`quality.${k}`, v, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: { kind: 'simulated', how: `voting, n = 7, seed 11, 400 decisions, clean network; oracle agents, per-agent accuracy [${accuracy.join(', ')}] over 4 options` } })
})
