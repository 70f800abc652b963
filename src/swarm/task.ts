// Tasks as code: a prompt, a fixture folder copied into a fresh workdir per trial, optional setup, and
// graders that are code (file contents, exact or schema JSON match, a test command that must exit 0).
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import type { z } from 'zod'
import { SwarmbenchError } from '../errors/index.ts'
import type { AgentRun } from './types.ts'

export interface Grade {
  pass: boolean
  /** 0..1, when the grader gives partial credit. */
  score?: number
  reason: string
  /** 'judged' when a model gave the grade rather than code. */
  judged?: boolean
}

export interface GradeInput { workdir: string; run: AgentRun; task: Task; signal: AbortSignal }
export type Grader = (input: GradeInput) => Grade | Promise<Grade>

export interface Budget { usd?: number; tokens?: number; turns?: number }

export interface TaskSpec {
  id: string
  prompt: string
  /** A folder copied into each trial's fresh workdir. */
  fixture?: string
  setup?: (workdir: string) => void | Promise<void>
  /** One grader, or several that must all pass (the score is their mean). */
  grade: Grader | readonly Grader[]
  timeoutMs: number
  budget?: Budget
}

export interface Task extends Readonly<Omit<TaskSpec, 'grade'>> { readonly grade: Grader }

/** Validates a task; a mistake is one SwarmbenchError naming the task and the field. */
export function defineTask(spec: TaskSpec): Task {
  const where = `task '${typeof spec?.id === 'string' ? spec.id : '?'}'`
  const bad = (field: string, problem: string, fix?: string) => new SwarmbenchError(problem, { file: where, field, ...(fix ? { fix } : {}) })
  if (!spec || typeof spec !== 'object') throw new SwarmbenchError('defineTask takes an object { id, prompt, grade, timeoutMs }')
  if (typeof spec.id !== 'string' || !/^[\w.-]+$/.test(spec.id)) throw bad('id', 'needs an id of letters, digits, ".", "_" or "-"')
  if (typeof spec.prompt !== 'string' || spec.prompt.trim() === '') throw bad('prompt', 'needs a non-empty prompt')
  const graders = Array.isArray(spec.grade) ? spec.grade : spec.grade === undefined ? [] : [spec.grade]
  if (graders.length === 0 || !graders.every(g => typeof g === 'function')) throw bad('grade', 'has no grader', 'add grade: graders.command([...]) or another grader')
  if (!(typeof spec.timeoutMs === 'number' && spec.timeoutMs > 0 && Number.isFinite(spec.timeoutMs))) throw bad('timeoutMs', 'needs a timeout in ms > 0')
  if (spec.fixture !== undefined) {
    if (!existsSync(spec.fixture) || !statSync(spec.fixture).isDirectory()) throw bad('fixture', `fixture folder ${spec.fixture} does not exist`)
  }
  for (const [k, v] of Object.entries(spec.budget ?? {})) if (!(typeof v === 'number' && v > 0)) throw bad(`budget.${k}`, 'must be a number > 0')
  const grade: Grader = graders.length === 1 ? graders[0]! : all(...graders)
  return Object.freeze({ ...spec, ...(spec.fixture ? { fixture: resolve(spec.fixture) } : {}), grade })
}

function fileIn(workdir: string, path: string): string {
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) throw new SwarmbenchError(`grader path '${path}' must stay inside the workdir`)
  return join(workdir, path)
}

function read(workdir: string, path: string): string | undefined {
  const f = fileIn(workdir, path)
  return existsSync(f) ? readFileSync(f, 'utf8') : undefined
}

/** Every grader must pass; the score is the mean of their scores (1/0 for graders without one). */
export function all(...graders: Grader[]): Grader {
  return async (input) => {
    const grades: Grade[] = []
    for (const g of graders) grades.push(await g(input))
    return {
      pass: grades.every(g => g.pass),
      score: grades.reduce((s, g) => s + (g.score ?? (g.pass ? 1 : 0)), 0) / grades.length,
      reason: grades.map(g => g.reason).join('; '),
      ...(grades.some(g => g.judged) ? { judged: true } : {}),
    }
  }
}

export const graders = {
  all,
  /** The file exists and contains the text (or matches the pattern). */
  fileContains(path: string, expected: string | RegExp): Grader {
    return ({ workdir }) => {
      const text = read(workdir, path)
      if (text === undefined) return { pass: false, reason: `${path} is missing` }
      const ok = typeof expected === 'string' ? text.includes(expected) : expected.test(text)
      return { pass: ok, reason: ok ? `${path} contains ${String(expected)}` : `${path} lacks ${String(expected)}` }
    }
  },
  /** The file's content equals the text exactly (trailing newline ignored). */
  fileEquals(path: string, expected: string): Grader {
    return ({ workdir }) => {
      const text = read(workdir, path)
      if (text === undefined) return { pass: false, reason: `${path} is missing` }
      const ok = text.replace(/\n$/, '') === expected.replace(/\n$/, '')
      return { pass: ok, reason: ok ? `${path} matches` : `${path} differs from the expected content` }
    }
  },
  /** The file holds JSON equal to `expected`, or (given a zod schema) valid under it. */
  json(path: string, expected: unknown | z.ZodType): Grader {
    return ({ workdir }) => {
      const text = read(workdir, path)
      if (text === undefined) return { pass: false, reason: `${path} is missing` }
      let value: unknown
      try { value = JSON.parse(text) } catch { return { pass: false, reason: `${path} is not JSON` } }
      if (isSchema(expected)) {
        const r = expected.safeParse(value)
        return r.success ? { pass: true, reason: `${path} fits the schema` } : { pass: false, reason: `${path}: ${r.error.issues[0]!.path.join('.') || '(root)'}: ${r.error.issues[0]!.message}` }
      }
      const ok = JSON.stringify(canonical(value)) === JSON.stringify(canonical(expected))
      return { pass: ok, reason: ok ? `${path} equals the expected JSON` : `${path} differs from the expected JSON` }
    }
  },
  /** Runs a command in the workdir (argument array, no shell); passes when it exits 0. Killed with its process group at the timeout. */
  command(argv: readonly [string, ...string[]], o: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Grader {
    return ({ workdir, signal }) => runCommand(argv, workdir, o.timeoutMs ?? 60_000, signal, o.env)
  },
  /**
   * `node --test` in the workdir with the Node that runs swarmbench. `isolation: 'none'` runs the test files in
   * the runner's own process (Node's --test-isolation=none): one process fewer per grade, the same verdict for a
   * task graded by one test file; the default, 'process', gives each test file its own process.
   */
  nodeTest(files: readonly string[] = [], o: { timeoutMs?: number; isolation?: 'process' | 'none' } = {}): Grader {
    const { isolation, ...rest } = o
    return graders.command([process.execPath, '--test', ...(isolation === 'none' ? [NO_ISOLATION] : []), ...files], rest)
  },
}

// The flag's stable name since Node 23.6; before that (22.8+) only the experimental one exists.
const NO_ISOLATION = process.allowedNodeEnvironmentFlags.has('--test-isolation') ? '--test-isolation=none' : '--experimental-test-isolation=none'

function isSchema(x: unknown): x is z.ZodType {
  return !!x && typeof x === 'object' && typeof (x as { safeParse?: unknown }).safeParse === 'function'
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical)
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map(k => [k, canonical((v as Record<string, unknown>)[k])]))
  return v
}

function runCommand(argv: readonly [string, ...string[]], cwd: string, timeoutMs: number, signal: AbortSignal, env?: NodeJS.ProcessEnv): Promise<Grade> {
  return new Promise((done, fail) => {
    const [bin, ...args] = argv
    let out = ''
    const child = spawn(bin, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], shell: false, detached: true })
    const keep = (c: Buffer) => { out = (out + c.toString('utf8')).slice(-4000) }
    child.stdout.on('data', keep); child.stderr.on('data', keep)
    let timedOut = false
    const killGroup = () => { try { process.kill(-child.pid!, 'SIGKILL') } catch { /* already gone */ } }
    const timer = setTimeout(() => { timedOut = true; killGroup() }, timeoutMs)
    const onAbort = () => killGroup()
    signal.addEventListener('abort', onAbort, { once: true })
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      fail(new SwarmbenchError(`grader command '${bin}' could not start: ${e.code ?? e.message}`, { fix: 'install it or fix the grader argv' }))
    })
    child.on('exit', killGroup) // nothing the test command left behind survives it
    child.on('close', (code) => {
      clearTimeout(timer); signal.removeEventListener('abort', onAbort)
      const tail = out.trim().split('\n').slice(-3).join(' | ')
      if (timedOut) done({ pass: false, reason: `${argv.join(' ')} timed out after ${timeoutMs} ms` })
      else done({ pass: code === 0, reason: `${argv.slice(1).join(' ') || bin} exited ${code}${code === 0 ? '' : `: ${tail}`}` })
    })
  })
}
