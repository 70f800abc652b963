// The swarm harness's own cost per trial (fresh workdir, spawn, stream-json parse, grade, checkpoint), beside
// the agent's time, with the stand-in claude-flow (test/swarm/stand-ins) answering at once. Not a test: a
// measurement, quoted in notes/issue-17.md.
//
// 1. Per trial, one at a time (concurrency 1): wall time of the trial through runSwarm against the agent
//    process's own wall time (spawn → exit, as the engine reports it), and this process's CPU per trial.
// 2. A bare spawn of the same stand-in executable (no harness), as the floor the agent's time stands on.
// 3. The whole 7 × 5 × 3 matrix through the CLI (`swarmbench swarm run`, a child process), concurrency 2.
//
// Usage: npx node scripts/swarm-overhead.ts [--trials 40] [--concurrency 2] [--repeats 3]
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { parseArgs } from 'node:util'
import { claudeFlow, codingSuite, defineTask, graders, runSwarm, STRATEGIES, MODES } from '../src/swarm/index.ts'
import { median } from '../src/compare/stats/index.ts'
import { REPO, standInEnv, STAND_IN_BIN } from '../test/swarm/helpers.ts'

const { values } = parseArgs({ options: { trials: { type: 'string', default: '40' }, concurrency: { type: 'string', default: '2' }, repeats: { type: 'string', default: '3' } } })
const trials = Number(values.trials), concurrency = Number(values.concurrency), repeats = Number(values.repeats)
const dir = mkdtempSync(join(tmpdir(), 'swarm-overhead-'))
const env = standInEnv({ seed: 1, success: 0.9 }, dir)
process.env.PATH = env.PATH
process.env.SWARMBENCH_STANDIN = env.SWARMBENCH_STANDIN
console.log(`load average at start: ${loadavg().map(l => l.toFixed(1)).join(' ')} (${process.env.NODE_ENV ?? ''}node ${process.version})`)

// A grade that reads one file: the harness, not a test runner, is what is measured.
const base = codingSuite({ timeoutMs: 60_000 }).find(t => t.id === 'sum-to')!
const task = defineTask({ ...base, grade: graders.fileContains('src/sum.js', 'i <= n') })

/** CPU ms of this process's finished children (Linux: cutime + cstime of /proc/self/stat, in 1/100 s). */
function childrenCpuMs(): number | null {
  if (!existsSync('/proc/self/stat')) return null
  const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ')
  return (Number(fields[13]) + Number(fields[14])) * 10
}

// 1. Trials one at a time.
const children0 = childrenCpuMs()
const cpu0 = process.cpuUsage()
const t0 = performance.now()
const r = await runSwarm({ suite: 'overhead', tasks: [task], engine: claudeFlow(), repeats: trials, matrix: { strategy: ['auto'], mode: ['centralized'] }, concurrency: 1, seed: 7 })
const wall = performance.now() - t0
const cpu = process.cpuUsage(cpu0)
const children = children0 === null ? null : childrenCpuMs()! - children0
const agentMs = r.trials.map(t => t.wallMs)
const perTrial = wall / r.trials.length
const agentMean = agentMs.reduce((a, b) => a + b, 0) / agentMs.length
console.log(`\n1. ${r.trials.length} trials one at a time: ${perTrial.toFixed(1)} ms per trial; the agent process (spawn → exit) ${agentMean.toFixed(1)} ms (median ${median(agentMs).toFixed(1)});`)
console.log(`   harness ${(perTrial - agentMean).toFixed(1)} ms per trial beside the agent's ${agentMean.toFixed(1)} ms (ratio ${((perTrial - agentMean) / agentMean).toFixed(2)});`)
console.log(`   this process's CPU ${((cpu.user + cpu.system) / 1000 / r.trials.length).toFixed(1)} ms per trial (user ${(cpu.user / 1000 / r.trials.length).toFixed(1)}, system ${(cpu.system / 1000 / r.trials.length).toFixed(1)})` +
  (children === null ? '' : `; the stand-in processes' CPU ${(children / r.trials.length).toFixed(1)} ms per trial (harness / agent CPU = ${((cpu.user + cpu.system) / 1000 / children).toFixed(2)})`))

// 2. The stand-in alone, spawned the same way (argument array, pipes), no harness around it.
const bare: number[] = []
const work = mkdtempSync(join(dir, 'bare-'))
for (let i = 0; i < Math.min(trials, 20); i++) {
  const s = performance.now()
  const p = spawnSync(join(STAND_IN_BIN, 'claude-flow'), ['swarm', base.prompt, '--strategy', 'auto', '--mode', 'centralized', '--max-agents', '5', '--executor', '--non-interactive'],
    { cwd: work, env: { ...process.env, SWARMBENCH_TRIAL_SEED: String(i) }, encoding: 'utf8' })
  bare.push(performance.now() - s)
  if (p.status !== 0) throw new Error(`stand-in exited ${p.status}: ${p.stderr}`)
}
console.log(`\n2. the stand-in spawned bare: median ${median(bare).toFixed(1)} ms (of ${bare.length}); harness trial / bare spawn = ${(perTrial / median(bare)).toFixed(2)}`)

// 3. The whole matrix through the CLI.
const tasksFile = join(dir, 'tasks.ts')
writeFileSync(tasksFile, `import { codingSuite, defineTask, graders } from ${JSON.stringify(join(REPO, 'src/swarm/index.ts'))}
const t = codingSuite({ timeoutMs: 60_000 }).find(t => t.id === 'sum-to')!
export const suite = 'overhead'
export default [defineTask({ ...t, grade: graders.fileContains('src/sum.js', 'i <= n') })]
`)
const out = mkdtempSync(join(dir, 'cli-'))
const args = [join(REPO, 'bin/swarmbench.js'), '--root', out, 'swarm', 'run', '--tasks', tasksFile, '--strategy', STRATEGIES.join(','), '--mode', MODES.join(','),
  '--repeats', String(repeats), '--concurrency', String(concurrency), '--json']
// /usr/bin/time reports the CPU of the command and all its children (stand-ins, graders): on two idle cores the
// matrix cannot take less than half of it, whatever the load here.
const timeFile = join(dir, 'time.txt')
const timed = existsSync('/usr/bin/time')
const c0 = performance.now()
const cli = await new Promise<{ code: number | null; out: string; err: string }>(resolve => {
  const p = timed
    ? spawn('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, ...args], { cwd: out, env: { ...process.env, PATH: `${STAND_IN_BIN}${delimiter}${process.env.PATH}` } })
    : spawn(process.execPath, args, { cwd: out, env: { ...process.env, PATH: `${STAND_IN_BIN}${delimiter}${process.env.PATH}` } })
  let o = '', e = ''
  p.stdout.setEncoding('utf8').on('data', d => { o += d })
  p.stderr.setEncoding('utf8').on('data', d => { e += d })
  p.on('close', code => resolve({ code, out: o, err: e }))
})
const cliMs = performance.now() - c0
if (cli.code !== 0) { console.error(cli.err); throw new Error(`swarm run exited ${cli.code}`) }
const summary = JSON.parse(cli.out) as { trials: number; cells: unknown[] }
console.log(`\n3. swarmbench swarm run, ${summary.cells.length} cells × ${repeats} repeats = ${summary.trials} trials at concurrency ${concurrency}: ${(cliMs / 1000).toFixed(1)} s wall (the whole command: start, trials, store, diff, reports); ${(cliMs / summary.trials).toFixed(1)} ms per trial`)
if (timed) {
  const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) as [number, number]
  console.log(`   CPU of the command and its children: ${(user + sys).toFixed(1)} s (user ${user.toFixed(1)}, system ${sys.toFixed(1)}) = ${((user + sys) * 1000 / summary.trials).toFixed(1)} ms per trial; at least ${((user + sys) / 2).toFixed(1)} s on two idle cores`)
}
console.log(`   command: node bin/swarmbench.js swarm run --tasks <sum-to, fileContains grade> --strategy ${STRATEGIES.join(',')} --mode ${MODES.join(',')} --repeats ${repeats} --concurrency ${concurrency} --json (stand-in claude-flow first on PATH)`)
console.log(`load average at end: ${loadavg().map(l => l.toFixed(1)).join(' ')}`)
rmSync(dir, { recursive: true, force: true })
