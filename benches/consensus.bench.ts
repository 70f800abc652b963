// Consensus simulator speed and each mechanism's cost per decision, side by side in one run.
// Figures in virtual time are simulated (labelled); wall-clock figures are measured here.
import { test } from '../src/index.ts'
import { oracleAgents } from '../src/consensus/agents.ts'
import { MECHANISMS, MECHANISM_INFO } from '../src/consensus/registry.ts'
import { simulate } from '../src/consensus/sim/simulator.ts'
import { tokenFlood } from '../src/consensus/workloads.ts'
import { measureMechanism } from '../src/consensus/measure.ts'
import { WARMUP_MS } from './warmup.ts'

const agents = oracleAgents({ options: ['A', 'B', 'C', 'D'], accuracy: 0.7 })
const FLOOD_MSGS = 200_000
const sim = simulate, flood = tokenFlood // local aliases: the module runner's export getters cost time

test('consensus simulator throughput (token flood, 64 nodes, 200k messages)', async ({ bench, metric }) => {
  const lossyNet = { latency: { kind: 'lognormal' as const, median: 5, sigma: 0.5 }, loss: 0.05, duplicate: 0.05, reorder: { p: 0.2, maxDelay: 20 } }
  const cmp = await bench.compare(
    bench('flood, bare network', async () => { await sim(flood(1000, 200), agents, { n: 64, seed: 1, countBytes: false }) }),
    bench('flood, loss+dup+reorder, bytes counted', async () => { await sim(flood(1000, 200), agents, { n: 64, seed: 1, network: lossyNet }) }),
    { time: 400, iterations: 5, warmupIterations: 1, warmupTime: WARMUP_MS },
  )
  const bare = cmp.get('flood, bare network'), lossy = cmp.get('flood, loss+dup+reorder, bytes counted')
  const rate = FLOOD_MSGS / (bare.latency.mean / 1000)
  console.log(`simulator: ${(rate / 1e6).toFixed(2)} M simulated messages/s (bare network, one core); with faults and byte counting ${(FLOOD_MSGS / (lossy.latency.mean / 1000) / 1e6).toFixed(2)} M/s`)
  await metric('sim.messagesPerSecond', rate, { unit: 'msg/s', better: 'higher', kind: 'timing', bench: 'flood, bare network', provenance: 'measured' })
  await metric('sim.messagesPerSecond', FLOOD_MSGS / (lossy.latency.mean / 1000), { unit: 'msg/s', better: 'higher', kind: 'timing', bench: 'flood, loss+dup+reorder, bytes counted', provenance: 'measured' })
  await metric('sim.faultModelCostRatio', lossy.latency.mean / bare.latency.mean, { unit: 'x', better: 'lower', kind: 'timing', bench: 'flood, loss+dup+reorder, bytes counted', provenance: 'measured' })
})

test('cost per decision, each mechanism vs majority voting (n = 7, 10 decisions)', async ({ bench, metric }) => {
  const N = 7, D = 10
  const run = (m: (typeof MECHANISMS)[number]) => async () => { await sim(MECHANISM_INFO[m].create(), agents, { n: N, seed: 1, decisions: D }) }
  // 10 iterations (tinybench's default minimum is 64: ~6 s of the file for a wall ratio that is not gated)
  const cmp = await bench.compare(...MECHANISMS.map(m => bench(m, run(m))), { time: 200, iterations: 10, warmupIterations: 2, warmupTime: WARMUP_MS })
  const base = await measureMechanism('majority', { n: N, decisions: D, seeds: 1 })
  const baseWall = cmp.get('majority').latency.mean
  const rows: string[] = []
  for (const m of MECHANISMS) {
    const r = await measureMechanism(m, { n: N, decisions: D, seeds: 1 })
    const wall = cmp.get(m).latency.mean
    rows.push(`${m.padEnd(12)} msgs/decision ${r.messagesPerDecision.toFixed(1).padStart(7)} (${(r.messagesPerDecision / base.messagesPerDecision).toFixed(2)}× majority)  ` +
      `bytes/decision ${r.bytesPerDecision.toFixed(0).padStart(6)}  virtual ms/decision ${r.virtualMsPerDecision.toFixed(1).padStart(6)} (≈${(r.virtualMsPerDecision / 5.5).toFixed(1)} message delays)  wall ${(wall * 1000 / D).toFixed(0)} µs/decision (${(wall / baseWall).toFixed(2)}×)`)
    const sim = r.provenance
    await metric('messages.perDecision', r.messagesPerDecision, { unit: 'messages', better: 'lower', kind: 'deterministic', bench: m, provenance: sim })
    await metric('messages.ratioToMajority', r.messagesPerDecision / base.messagesPerDecision, { unit: 'x', better: 'lower', kind: 'deterministic', bench: m, provenance: { kind: 'simulated', how: `${sim.how}; over majority's, same settings` } })
    await metric('bytes.perDecision', r.bytesPerDecision, { unit: 'bytes', better: 'lower', kind: 'deterministic', bench: m, provenance: { kind: 'simulated', how: `${sim.how}; JSON length of each simulated message` } })
    await metric('virtualTime.perDecision', r.virtualMsPerDecision, { unit: 'ms', better: 'lower', kind: 'deterministic', bench: m, provenance: sim })
    await metric('wall.ratioToMajority', wall / baseWall, { unit: 'x', better: 'lower', kind: 'timing', bench: m, provenance: 'measured' })
    // Rounds to decision as message delays: virtual time per decision over the mean one-way latency (5.5 ms).
    await metric('rounds.perDecision', r.virtualMsPerDecision / 5.5, { unit: 'message delays', better: 'lower', kind: 'deterministic', bench: m, provenance: { kind: 'simulated', how: `${sim.how}; virtual ms per decision / 5.5 ms mean one-way latency` } })
  }
  console.log(`cost per decision (n = ${N}, ${D} decisions, clean network):\n  ${rows.join('\n  ')}`)
})
