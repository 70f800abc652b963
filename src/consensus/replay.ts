// Replay: re-run a seeded scenario with the full trace kept. Same inputs give the same trace and hash, so a
// failing seed from the safety sweep can be inspected event by event.
import { runScenario, type ScenarioInput } from './scenario.ts'
import type { SimResult } from './sim/types.ts'

export async function replayScenario(input: ScenarioInput): Promise<SimResult & { trace: string[] }> {
  const r = await runScenario({ ...input, keepTrace: true })
  return r as SimResult & { trace: string[] }
}

/** Human-readable summary of a run: the header the CLI prints above the trace. */
export function describeRun(r: SimResult): string {
  const lines = [
    `mechanism ${r.mechanism}  seed ${r.seed}  n ${r.n}  decisions wanted ${r.target}`,
    `trace hash ${r.traceHash}  events ${r.events}  stopped: ${r.stopped}  virtual time ${r.virtualTime.toFixed(1)} ms (simulated)`,
    `messages ${r.messages} (delivered ${r.delivered}, dropped ${r.dropped})  bytes ${r.bytes}  leader elections ${r.leaderElections}`,
    `safety: ${r.safety.ok ? 'ok' : `VIOLATED\n  ${r.safety.violations.join('\n  ')}`}`,
    `liveness: ${r.liveness.live ? 'all honest nodes decided' : `undecided honest nodes ${r.liveness.undecidedNodes.join(', ') || '(none up)'}`} (faults ${r.liveness.withinBound ? 'within' : 'beyond'} the bound)`,
  ]
  return lines.join('\n')
}
