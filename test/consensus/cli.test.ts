import { describe, expect, it } from 'vitest'
import { Command } from 'commander'
import { register } from '../../src/cli/commands/consensus.ts'
import { replayScenario } from '../../src/consensus/replay.ts'
import type { CliState } from '../../src/cli/context.ts'

async function cli(args: string[]): Promise<{ out: string; code: number }> {
  let out = ''
  const state: CliState = { io: { out: s => { out += s }, err: s => { out += s }, isTTY: false, env: {}, cwd: process.cwd() }, exitCode: 0 }
  const program = new Command('swarmbench').exitOverride()
  register(program, state)
  await program.parseAsync(args, { from: 'user' })
  return { out, code: state.exitCode }
}

describe('swarmbench consensus', () => {
  it('replays a seed to the same trace as the test helper', async () => {
    const { out, code } = await cli(['consensus', 'replay', '--mechanism', 'raft', '--seed', '42', '--n', '5', '--decisions', '2', '--limit', '5'])
    const r = await replayScenario({ mechanism: 'raft', seed: 42, n: 5, decisions: 2, faults: 'within' })
    expect(code).toBe(0)
    expect(out).toContain(`trace hash ${r.traceHash}`)
    expect(out).toContain(r.trace[4]!)
    expect(out).toMatch(/more events \(--limit\)/)
  })
  it('exits 1 when the replayed run violates safety, and prints JSON on request', async () => {
    const { out, code } = await cli(['consensus', 'replay', '--mechanism', 'majority', '--seed', '1', '--n', '5', '--faults', 'beyond', '--json'])
    expect(code).toBe(1)
    const r = JSON.parse(out)
    expect(r.safety.ok).toBe(false)
    expect(r.trace.length).toBeGreaterThan(0)
  })
  it('sweeps seeds and points at replays', async () => {
    const ok = await cli(['consensus', 'sweep', '--mechanism', 'paxos', '--seeds', '20'])
    expect(ok.code).toBe(0)
    expect(ok.out).toMatch(/paxos +within runs 20 {2}unsafe 0/)
    const bad = await cli(['consensus', 'sweep', '--mechanism', 'majority', '--seeds', '3', '--faults', 'beyond'])
    expect(bad.out).toMatch(/replay: swarmbench consensus replay --mechanism majority --seed 1 --n 5/)
  })
  it('rejects bad flags with a fix', async () => {
    await expect(cli(['consensus', 'replay', '--mechanism', 'zab', '--seed', '1'])).rejects.toThrow(/unknown consensus mechanism 'zab'.*Fix: use one of/)
    await expect(cli(['consensus', 'replay', '--mechanism', 'raft', '--seed', 'x'])).rejects.toThrow(/--seed takes a whole number/)
    await expect(cli(['consensus', 'replay', '--mechanism', 'raft', '--seed', '1', '--faults', 'some'])).rejects.toThrow(/--faults/)
    await expect(cli(['consensus', 'replay', '--mechanism', 'raft', '--seed', '1', '--limit', '-1'])).rejects.toThrow(/--limit/)
  })
})
