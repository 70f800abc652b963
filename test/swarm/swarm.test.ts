// Swarm task benchmarks end to end, against stand-in `claude` / `claude-flow` executables on PATH and a
// loopback OpenAI-compatible server: the real drivers, parser, pool, checkpoints, graders and CLI run.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { main } from '../../src/cli/index.ts'
import { DatabaseSync } from 'node:sqlite'
import { readBaselineFile } from '../../src/store/baseline-file.ts'
import { claudeCode, claudeFlow, claudeFlowArgs, coordinate, defineTask, evaluate, fn, graders, http, runSwarm } from '../../src/swarm/index.ts'
import { codingSuite } from '../../src/swarm/suite.ts'
import { startStandInServer } from './stand-ins/openai-server.ts'
import { REPO, standInEnv } from './helpers.ts'

const ONE_TASK = join(REPO, 'test/swarm/fixtures/one-task.ts')

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sb-swarm-')) })
afterEach(() => { vi.unstubAllEnvs(); rmSync(dir, { recursive: true, force: true }) })

function useStandIns(o: Parameters<typeof standInEnv>[0] = {}) {
  const env = standInEnv(o, dir)
  vi.stubEnv('PATH', env.PATH!)
  vi.stubEnv('SWARMBENCH_STANDIN', env.SWARMBENCH_STANDIN!)
}

async function cli(...argv: string[]) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd: dir })
  return { code, out, err }
}

// graded by the real `node --test`, one process per grade (isolation 'none', as test/swarm/fixtures/one-task.ts)
const two = () => codingSuite({ timeoutMs: 20_000, isolation: 'none' }).filter(t => t.id === 'sum-to' || t.id === 'sort-numbers')

describe('swarm run through the claude-flow stand-in', () => {
  it('the CLI runs a matrix; cells reach baseline, history and diff, labelled stand-in; a planted drop is regressed', async () => {
    useStandIns({ success: 1 })
    const args = ['swarm', 'run', '--tasks', ONE_TASK, '--engine', 'claude-flow', '--strategy', 'research,development', '--mode', 'mesh', '--max-agents', '3', '--repeats', '12', '--concurrency', '4']
    const first = await cli(...args, '--json')
    expect(first.err).toMatch(/^swarmbench: no baseline yet at .*this run becomes the baseline\n$/)
    expect(first.code).toBe(0)
    const summary = JSON.parse(first.out)
    expect(summary.trials).toBe(2 * 12)
    expect(summary.cells.map((c: { successRate: number }) => c.successRate)).toEqual([1, 1])
    const base = readBaselineFile(join(dir, '.swarmbench/baseline.json'))
    const id = 'swarm › coding › strategy=research mode=mesh agents=3'
    expect(base.entries[id]!.metrics.success_rate!.rounds[0]!.counts).toEqual({ successes: 12, trials: 12 })
    expect(base.entries[id]!.metrics.success_rate!.provenance?.kind).toBe('stand-in')
    expect(base.entries[id]!.metrics['agents.per_trial']!.rounds[0]!.value).toBe(3)
    // The second run plants a drop in one cell: the stand-in solves research × mesh 30% of the time.
    useStandIns({ success: 1, rules: [{ when: { strategy: 'research' }, success: 0.3 }] })
    const second = await cli(...args, '--gate', '--checkpoint', join(dir, 'second.sqlite'))
    expect(second.code).toBe(1)
    expect(second.out).toMatch(/stand-in/)
    expect(second.out).toMatch(/★/)
    expect(readFileSync(join(dir, '.swarmbench/diff.md'), 'utf8')).toMatch(/success\\?_rate/)
    expect(second.err).toMatch(/regression.*research.*success_rate/)
    expect(existsSync(join(dir, '.swarmbench/history.sqlite'))).toBe(true)
    expect(readFileSync(join(dir, '.swarmbench/swarm.md'), 'utf8')).toMatch(/\| cell \| success/)
  }, 180_000)

  it('builds the three claude-flow command shapes', () => {
    expect(claudeFlowArgs({ strategy: 'research', mode: 'mesh', agents: 5 }, 'do it')).toEqual(['swarm', 'do it', '--strategy', 'research', '--mode', 'mesh', '--max-agents', '5', '--executor', '--non-interactive'])
    expect(claudeFlowArgs({ consensus: 'byzantine', agents: 4 }, 'x')).toEqual(['hive-mind', 'spawn', 'x', '--count', '4', '--coordination', 'byzantine', '--non-interactive'])
    expect(claudeFlowArgs({ sparc: 'tdd' }, 'x', { nonInteractive: [], executor: [], sparcRun: true, consensusFlag: '--consensus' })).toEqual(['sparc', 'run', 'tdd', 'x'])
  })
})

describe('failure classes from real subprocesses', () => {
  it('crash, garbage, exit 127, max turns; sparc and hive-mind shapes run; CLAUDE.md variants plant behaviour', async () => {
    useStandIns({ success: 1, rules: [
      { when: { sparc: 'debugger' }, behaviour: 'crash' }, { when: { sparc: 'documenter' }, behaviour: 'garbage' },
      { when: { sparc: 'tester' }, behaviour: 'exit127' }, { when: { claudeMdContains: 'variant: weak' }, success: 0 },
    ] })
    const r = await runSwarm({ tasks: two(), engine: claudeFlow(), repeats: 1, matrix: { sparc: ['coder', 'debugger', 'documenter', 'tester'] } })
    const by = (cell: string) => r.cells.find(c => c.cell === cell)!
    expect(by('sparc=coder').successes).toBe(2)
    expect(by('sparc=debugger').failures.crash).toBe(2)
    expect(by('sparc=documenter').failures['invalid-output']).toBe(2)
    expect(by('sparc=tester').failures['cli-missing']).toBe(2)
    const hive = await runSwarm({ tasks: two(), engine: claudeFlow(), repeats: 1, matrix: { consensus: ['byzantine'], agents: [4] } })
    expect(hive.cells[0]!.agents).toBe(4)
    writeFileSync(join(dir, 'weak.md'), '<!-- variant: weak -->\n# Project rules\n')
    writeFileSync(join(dir, 'good.md'), '<!-- variant: good -->\n# Project rules\n')
    const md = await runSwarm({ tasks: two(), engine: claudeCode({ maxTurns: 1 }), repeats: 1, matrix: { claudeMd: ['weak', 'good'] }, claudeMd: { weak: join(dir, 'weak.md'), good: join(dir, 'good.md') } })
    expect(md.cells.map(c => [c.cell, c.failures['budget-exceeded']])).toEqual([['claudeMd=weak', 2], ['claudeMd=good', 2]]) // 2 turns > --max-turns 1
    const ok = await runSwarm({ tasks: two(), engine: claudeCode(), repeats: 1, matrix: { claudeMd: ['weak', 'good'] }, claudeMd: { weak: join(dir, 'weak.md'), good: join(dir, 'good.md') } })
    expect(ok.cells.map(c => c.successes)).toEqual([0, 2])
  })

  it('a hung agent is killed at its timeout with its whole process group', async () => {
    const pidFile = join(dir, 'pids.json')
    useStandIns({ rules: [{ behaviour: 'hang' }], pidFile })
    const task = defineTask({ id: 'hang', prompt: 'never finishes', timeoutMs: 5000, grade: graders.fileContains('x', 'y') })
    const r = await runSwarm({ tasks: [task], engine: claudeCode(), repeats: 1, matrix: {} })
    expect(r.trials[0]!.failure).toBe('timeout')
    const { parent, child } = JSON.parse(readFileSync(pidFile, 'utf8')) as { parent: number; child: number }
    const alive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }
    await vi.waitFor(() => { expect(alive(parent)).toBe(false); expect(alive(child)).toBe(false) }, { timeout: 5000 })
  })
})

describe('the http engine: five coordination modes over a loopback OpenAI-compatible server', () => {
  it('message counts follow the patterns for N = 4', async () => {
    const calls: string[] = []
    const io = { ask: async (agent: number, role: string) => { calls.push(`${role}#${agent}`); return 'same answer' } }
    const count = async (mode: 'centralized' | 'hierarchical' | 'mesh' | 'distributed' | 'hybrid') => {
      calls.length = 0
      const r = await coordinate({ mode, agents: 4, strategy: 'development', task: 't', rounds: 2, seed: 1 }, io)
      return { messages: r.messages, calls: r.calls, hops: r.hops }
    }
    // N = 4: centralized 2(N−1); hierarchical 2(N−1) with L = 1 lead; mesh R·N(N−1) + 4(N−1) for the vote; distributed N; hybrid N(N−1).
    expect(await count('centralized')).toEqual({ messages: 6, calls: 5, hops: 2 })
    expect(await count('hierarchical')).toEqual({ messages: 6, calls: 6, hops: 4 })
    expect(await count('mesh')).toEqual({ messages: 2 * 12 + 12, calls: 12, hops: 6 })
    expect(await count('distributed')).toEqual({ messages: 4, calls: 4, hops: 1 })
    expect(await count('hybrid')).toEqual({ messages: 12, calls: 8, hops: 3 })
  })

  it('runs every mode end to end, through the ledger, and solves with the served solution', async () => {
    const { codingSuiteSolutions } = await import('../../src/swarm/suite.ts')
    const server = await startStandInServer({ success: 1, tasks: codingSuiteSolutions().map(t => ({ match: t.prompt, solution: t.solution })) })
    try {
      const r = await runSwarm({ tasks: two(), engine: http({ baseURL: server.url, model: 'llama3.2' }), repeats: 1, matrix: { mode: ['centralized', 'hierarchical', 'mesh', 'distributed', 'hybrid'], agents: [4] } })
      expect(r.cells.map(c => [c.cell.split(' ')[0], c.messages])).toEqual([['mode=centralized', 6], ['mode=hierarchical', 6], ['mode=mesh', 36], ['mode=distributed', 4], ['mode=hybrid', 12]])
      expect(r.cells.every(c => c.successes === 2 && c.provenance === 'stand-in' && c.tokens.input > 0)).toBe(true)
      expect(r.cells.every(c => c.costPerTrial === null && c.unpricedTrials === 2)).toBe(true) // llama3.2 has no price: never $0
    } finally { await server.close() }
  })
})

describe('fn engine, cassettes, evaluate', () => {
  it('records trials, replays them offline with identical figures labelled replayed, refuses another task\'s cassette', async () => {
    const task = defineTask({ id: 'write', prompt: 'write ok to out.txt', timeoutMs: 5000, grade: graders.fileEquals('out.txt', 'ok') })
    let runs = 0
    const engine = fn(({ workdir, trialSeed }) => { runs++; writeFileSync(join(workdir, 'out.txt'), trialSeed % 2 ? 'ok' : 'no'); return { usage: [{ model: 'claude-haiku-4-5', input: 100, output: 20 }], turns: 1 } })
    const rec = await evaluate({ tasks: [task], engine, repeats: 6, matrix: { agents: [1, 2] }, cassettes: { dir: join(dir, 'tapes'), mode: 'record' } })
    const rep = await evaluate({ tasks: [task], engine, repeats: 6, matrix: { agents: [1, 2] }, cassettes: { dir: join(dir, 'tapes'), mode: 'replay' }, against: rec })
    expect(runs).toBe(12)
    expect(rep.cells.map(c => c.figures.successes)).toEqual(rec.cells.map(c => c.figures.successes))
    expect(rep.cells.map(c => c.figures.costPerTrial)).toEqual(rec.cells.map(c => c.figures.costPerTrial))
    expect(rep.cells.every(c => c.figures.provenance === 'replayed' && c.verdict === 'unchanged')).toBe(true)
    const other = defineTask({ ...task, id: 'other' })
    await expect(runSwarm({ tasks: [other], engine, repeats: 1, matrix: {}, cassettes: { dir: join(dir, 'tapes'), mode: 'replay' } })).rejects.toThrow(/no recorded trial/)
    // a cassette recorded for another task, found where this task's should be, is refused and not replayed
    cpSync(join(dir, 'tapes', 'write'), join(dir, 'tapes', 'other'), { recursive: true })
    await expect(runSwarm({ tasks: [other], engine, repeats: 1, matrix: { agents: [1] }, cassettes: { dir: join(dir, 'tapes'), mode: 'replay' } }))
      .rejects.toThrow(/tapes\/other\/agents=1\/1\.json: holds task 'write' cell 'agents=1', not task 'other' cell 'agents=1'.*Fix: point --replay at the cassettes of this suite/)
    // so is one of another version of the same task (its prompt changed, even to one of the same length)
    const edited = defineTask({ ...task, prompt: task.prompt.replace('ok', 'OK') })
    await expect(runSwarm({ tasks: [edited], engine, repeats: 1, matrix: { agents: [1] }, cassettes: { dir: join(dir, 'tapes'), mode: 'replay' } }))
      .rejects.toThrow(/was recorded for another version of task 'write' \(its prompt changed\)/)
    expect(runs).toBe(12) // nothing ran live instead
  })
})

describe('bad input: one line, exit 2', () => {
  it.each([
    [['--strategy', 'speed'], /strategy.*Fix: use one of auto, research/],
    [['--strategy', 'research', '--mode', 'mesh', '--max-agents', '0'], /--max-agents takes a whole number/],
    [['--command', 'no-such-claude-flow'], /'no-such-claude-flow' not found on PATH.*install claude-flow/],
  ])('%j', async (extra, message) => {
    useStandIns()
    const r = await cli('swarm', 'run', '--tasks', 'coding', '--repeats', '1', ...extra)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(message)
    expect(r.err.trim().split('\n')).toHaveLength(1)
  })

  it('an empty matrix, a task file without a grader, a grader that throws, a cassette of another task', async () => {
    useStandIns()
    let files = 0
    const tasks = (body: string) => { const f = join(dir, `t${++files}.mjs`); writeFileSync(f, body); return f }
    const lib = JSON.stringify(join(REPO, 'src/swarm/index.ts'))
    const noGrader = tasks(`export default [{ id: 'a', prompt: 'p', timeoutMs: 1000 }]`)
    const throwing = tasks(`import { defineTask } from ${lib}\nexport default [defineTask({ id: 'boom', prompt: 'p', timeoutMs: 5000, grade: () => { throw new Error('bad grader') } })]`)
    const checks: [string[], RegExp][] = [
      [['--tasks', 'coding', '--engine', 'claude-code', '--model', 'x', '--repeats', '1', '--checkpoint', join(dir, 'e.sqlite'), '--claude-md', join(dir, 'missing.md')], /CLAUDE.md variant/],
      [['--tasks', noGrader, '--engine', 'claude-code'], /task 'a', field grade: has no grader/],
      [['--tasks', throwing, '--engine', 'claude-code', '--repeats', '2', '--checkpoint', join(dir, 'g.sqlite')], /2 trial\(s\) had a grader that threw.*bad grader/],
      [['--tasks', 'coding', '--engine', 'claude-code', '--repeats', '1', '--replay', join(dir, 'nothing')], /no recorded trial to replay/],
    ]
    // a cassette of another task: recorded for task 'first', found under task 'second'
    const first = tasks(`import { defineTask, graders } from ${lib}\nexport default [defineTask({ id: 'first', prompt: 'p', timeoutMs: 20000, grade: graders.fileEquals('x', 'y') })]`)
    const second = tasks(`import { defineTask, graders } from ${lib}\nexport default [defineTask({ id: 'second', prompt: 'p', timeoutMs: 20000, grade: graders.fileEquals('x', 'y') })]`)
    const recorded = await cli('swarm', 'run', '--tasks', first, '--engine', 'claude-code', '--repeats', '1', '--checkpoint', join(dir, 'r.sqlite'), '--record', join(dir, 'tapes'), '--json')
    expect(recorded.code, recorded.err).toBe(0)
    cpSync(join(dir, 'tapes', 'first'), join(dir, 'tapes', 'second'), { recursive: true })
    checks.push([['--tasks', second, '--engine', 'claude-code', '--repeats', '1', '--checkpoint', join(dir, 'p.sqlite'), '--replay', join(dir, 'tapes')], /holds task 'first' cell 'default', not task 'second'/])
    for (const [argv, message] of checks) {
      const r = await cli('swarm', 'run', ...argv)
      expect(r.code, `${argv.join(" ")}: ${r.err}`).toBe(2)
      expect(r.err).toMatch(message)
      expect(r.err.trim().split('\n')).toHaveLength(1)
    }
    // Nothing recorded is lost: the throwing grader's trials are in the checkpoint.
    expect(itemRows(join(dir, 'g.sqlite')).filter(r => r.status === 'done')).toHaveLength(2)
    await expect( runSwarm({ tasks: two(), engine: claudeCode(), repeats: 1, matrix: { mode: ['mesh'], include: [{ mode: 'centralized' }] } })).rejects.toThrow(/matrix is empty/)
  })
})

describe('crash safety', () => {
  it('a run killed with SIGKILL mid-matrix resumes and finishes every trial exactly once', async () => {
    const log = join(dir, 'calls.log')
    const env = standInEnv({ success: 0.8, rules: [{ delayMs: 150 }], log }, dir)
    const checkpoint = join(dir, 'ckpt.sqlite')
    const argv = [join(REPO, 'src/cli/bin.ts'), 'swarm', 'run', '--tasks', ONE_TASK, '--strategy', 'auto,research', '--mode', 'centralized', '--repeats', '5', '--concurrency', '2', '--checkpoint', checkpoint, '--json']
    const runCli = (killAfterCalls?: number) => new Promise<number | null>(res => {
      const child = spawn(process.execPath, argv, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] })
      let timer: NodeJS.Timeout | undefined
      if (killAfterCalls) timer = setInterval(() => { if (existsSync(log) && readFileSync(log, 'utf8').split('\n').length > killAfterCalls) child.kill('SIGKILL') }, 20)
      child.on('close', code => { clearInterval(timer); res(code) })
    })
    expect(await runCli(4)).toBe(null) // killed
    expect(itemRows(checkpoint).filter(r => r.status === 'done').length).toBeLessThan(10)
    expect(await runCli()).toBe(0)
    const rows = itemRows(checkpoint)
    expect(rows).toHaveLength(10)
    expect(rows.every(r => r.status === 'done' && r.completions === 1)).toBe(true)
    const calls = readFileSync(log, 'utf8').trim().split('\n').map(l => JSON.parse(l).trial as string)
    // Every trial ran; only those in flight at the kill ran twice.
    expect(new Set(calls).size).toBe(10)
    expect(calls.length - 10).toBeLessThanOrEqual(2)
  }, 180_000)
})

function itemRows(file: string): { item_id: string; status: string; completions: number }[] {
  const db = new DatabaseSync(file)
  try { return db.prepare('SELECT item_id, status, completions FROM automation_items').all() as never } finally { db.close() }
}

describe('swarm plan', () => {
  it('prints the trials per cell for 80% power, and the power at a given n', async () => {
    const plan = await cli('swarm', 'plan', '--rate', '0.7', '--detect', '0.3', '--json')
    expect(plan.code).toBe(0)
    const p = JSON.parse(plan.out)
    expect(p.trialsPerCell).toBeGreaterThan(10)
    expect(p.power).toBeGreaterThanOrEqual(0.8)
    const at = await cli('swarm', 'plan', '--rate', '0.9', '--detect', '0.6', '--cells', '35', '--repeats', '30')
    expect(at.out).toMatch(/30 trials per cell: power 9\d\.\d% .*Barnard's exact test at α\/35/)
    const text = await cli('swarm', 'plan', '--rate', '0.7', '--detect', '0.3', '--test', 'fisher')
    expect(text.out).toMatch(/trials per cell \(power .*Fisher's/)
    expect((await cli('swarm', 'plan', '--rate', '0.2', '--detect', '0.3')).code).toBe(2)
  })
})
