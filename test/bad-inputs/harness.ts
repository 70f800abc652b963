// The bad-inputs corpus: hostile-but-fair inputs given to the CLI, the reporter and the plugin, each judged
// on what issue 15 promises: the right exit code, one clear line (file or flag, problem, fix), no stack
// trace, and nothing lost (files that must survive are byte-identical, runs that must be kept are kept).
// Cases run as real processes (scripts/bad-inputs.ts) or, for the CLI, in-process (the npm test subset).
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '../..')
export type Area = 'cli' | 'reporter' | 'plugin' | 'store'

export interface CaseDir {
  /** A fresh folder for this case; the command runs here. */
  dir: string
  /** dir joined with a relative path. */
  at(rel: string): string
}

export interface Expectation {
  exit: 0 | 1 | 2
  /** How many lines of ours the failure takes (default 1 for exit 2, else 0), or a range [min, max]. */
  lines?: number | [number, number]
  /** Each must appear in the first failure line: the file or flag, and words of the problem. */
  mention?: Array<string | RegExp>
  /** Files (relative to the case folder) whose bytes must be the same after the run. */
  kept?: string[]
  /** Paths that must not exist afterwards (nothing created by mistake, temp files removed). */
  absent?: string[]
  /** Any other check of what is left; returns what is wrong, or undefined. */
  check?: (c: CaseDir, out: Outcome) => string | undefined
}

export interface Case {
  id: string
  area: Area
  /** What the case does, for the table. */
  title: string
  setup?: (c: CaseDir) => void | Promise<void>
  /** The command: `swarmbench <argv>` or `vitest bench --run` in the case folder. */
  run: { cli: string[] } | { vitest: true } | { custom: (c: CaseDir) => Promise<Outcome> }
  env?: Record<string, string>
  expect: Expectation
  /** Undone after the run even when it failed (a held lock, a mount). */
  teardown?: (c: CaseDir) => void | Promise<void>
  /** Why the case cannot run here, checked before setup (e.g. no way to mount a small disk). */
  skip?: () => string | undefined
}

export interface Outcome { exit: number | null; stdout: string; stderr: string; ms: number }

export interface Verdict {
  id: string
  area: Area
  title: string
  exit: number | null
  expectedExit: number
  /** Our failure lines. */
  lines: number
  stack: boolean
  lost: boolean
  /** Empty when the case held. */
  problems: string[]
  skipped?: string
  /** What a durability case measured (its first line of output). */
  note?: string
  ms: number
}

// ---- judging (pure) ----

/** A stack frame, Vitest's error banners, or our own "internal error" (a bug, never the answer to bad input). */
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|<anonymous>\)?)$|Startup Error|Unhandled (Error|Rejection)|\binternal error\b|^\s*⎯⎯+ .*Error/m

/**
 * The lines that report a failure. The CLI writes nothing else on stderr, so every line counts there; under
 * Vitest, whose own output is mixed in, the lines of ours that carry a fix or admit an internal error.
 */
export function failureLines(stderr: string, area: Area = 'cli'): string[] {
  const lines = stderr.split(/\r?\n/).filter(l => l.trim() !== '')
  return area === 'cli' ? lines : lines.filter(l => /^swarmbench: .*(Fix: |internal error)/.test(l))
}

export function hasStack(text: string): boolean {
  return STACK.test(text)
}

export function judge(c: Pick<Case, 'id' | 'area' | 'title' | 'expect'>, out: Outcome, lostProblems: string[]): Verdict {
  const e = c.expect
  const lines = failureLines(out.stderr, c.area)
  const stack = hasStack(out.stderr) || hasStack(out.stdout)
  const problems: string[] = []
  if (out.exit !== e.exit) problems.push(`exit ${out.exit}, expected ${e.exit}`)
  const [min, max] = Array.isArray(e.lines) ? e.lines : [e.lines ?? (e.exit === 2 ? 1 : 0), e.lines ?? (e.exit === 2 ? 1 : 0)]
  if (lines.length < min || lines.length > max) {
    problems.push(`${lines.length} failure line(s), expected ${min === max ? min : `${min} to ${max}`}${lines.length ? `: ${lines.slice(0, 3).join(' / ')}` : ''}`)
  }
  const unclear = lines.slice(1).find(l => !/ Fix: \S/.test(l))
  if (unclear) problems.push(`a line names no fix: ${unclear}`)
  if (stack) problems.push('a stack trace or an internal error reached the user')
  const first = lines[0] ?? ''
  if (max > 0 && first && !/ Fix: \S/.test(first)) problems.push(`the line names no fix: ${first}`)
  for (const m of e.mention ?? []) {
    const hit = typeof m === 'string' ? first.includes(m) : m.test(first)
    if (!hit) problems.push(`the line does not mention ${String(m)}: ${first || '(no line)'}`)
  }
  problems.push(...lostProblems)
  const note = c.area === 'store' ? out.stdout.trim().split('\n')[0] : undefined
  return { id: c.id, area: c.area, title: c.title, exit: out.exit, expectedExit: e.exit, lines: lines.length, stack, lost: lostProblems.length > 0, problems, ms: out.ms, ...(note ? { note } : {}) }
}

// ---- what must survive ----

export function hashFile(path: string): string | undefined {
  if (!existsSync(path) || statSync(path).isDirectory()) return undefined
  return createHash('sha256').update(readFileSync(path)).digest('hex')
}

export function snapshot(c: CaseDir, files: string[]): Map<string, string | undefined> {
  return new Map(files.map(f => [f, hashFile(c.at(f))]))
}

export function lostAfter(c: CaseDir, before: Map<string, string | undefined>, e: Expectation, out: Outcome): string[] {
  const problems: string[] = []
  for (const [f, h] of before) {
    const now = hashFile(c.at(f))
    if (now !== h) problems.push(`${f} was ${now === undefined ? 'removed' : 'changed'}`)
  }
  for (const f of e.absent ?? []) if (existsSync(c.at(f))) problems.push(`${f} exists but must not`)
  const extra = e.check?.(c, out)
  if (extra) problems.push(extra)
  return problems
}

// ---- running ----

export function caseDir(id: string): CaseDir {
  const dir = mkdtempSync(join(tmpdir(), `sb-bad-${id.replace(/[^\w-]/g, '_')}-`))
  return { dir, at: (rel: string) => resolve(dir, rel) }
}

export type Runner = (c: Case, d: CaseDir, env: Record<string, string>) => Promise<Outcome>

export async function runCase(c: Case, runner: Runner): Promise<Verdict> {
  const skipped = c.skip?.()
  if (skipped) return { id: c.id, area: c.area, title: c.title, exit: null, expectedExit: c.expect.exit, lines: 0, stack: false, lost: false, problems: [], skipped, ms: 0 }
  const d = caseDir(c.id)
  try {
    await c.setup?.(d)
    const before = snapshot(d, c.expect.kept ?? [])
    const out = 'custom' in c.run ? await c.run.custom(d) : await runner(c, d, c.env ?? {})
    await c.teardown?.(d)
    return judge(c, out, lostAfter(d, before, c.expect, out))
  } catch (e) {
    return { id: c.id, area: c.area, title: c.title, exit: null, expectedExit: c.expect.exit, lines: 0, stack: false, lost: false, problems: [`the case itself failed: ${(e as Error).stack ?? String(e)}`], ms: 0 }
  } finally {
    // Undone even when setup or the run failed (a held lock, a mount); twice is harmless.
    try { await c.teardown?.(d) } catch { /* already undone */ }
    try { rmSync(d.dir, { recursive: true, force: true }) } catch (e) { process.stderr.write(`could not remove ${d.dir}: ${(e as Error).message}\n`) }
  }
}

/** The Node 24 the repository pins (npm scripts put it first on PATH). */
export const NODE = process.execPath

export function spawnOutcome(cmd: string, args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<Outcome> {
  const began = performance.now()
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1', SWARMBENCH_DEBUG: '', ...opts.env },
    })
    let stdout = '', stderr = ''
    child.stdout.setEncoding('utf8').on('data', s => { stdout += s })
    child.stderr.setEncoding('utf8').on('data', s => { stderr += s })
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 180_000)
    child.on('error', fail)
    child.on('close', code => { clearTimeout(timer); done({ exit: code, stdout, stderr, ms: performance.now() - began }) })
  })
}

/** `swarmbench <argv>` as a real process, through the package's bin. */
export const processRunner: Runner = async (c, d, env) => {
  if ('cli' in c.run) return spawnOutcome(NODE, [join(REPO, 'bin/swarmbench.js'), ...c.run.cli], { cwd: d.dir, env })
  if ('vitest' in c.run) return spawnOutcome(NODE, [join(REPO, 'node_modules/vitest/vitest.mjs'), 'bench', '--run'], { cwd: d.dir, env })
  throw new Error('custom cases run themselves')
}

export async function runAll(cases: Case[], runner: Runner, concurrency: number, onDone?: (v: Verdict) => void): Promise<Verdict[]> {
  const verdicts: Verdict[] = new Array(cases.length)
  let next = 0
  const worker = async () => {
    while (next < cases.length) {
      const i = next++
      verdicts[i] = await runCase(cases[i]!, runner)
      onDone?.(verdicts[i]!)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
  return verdicts
}

// ---- the table ----

export function verdictTable(verdicts: Verdict[]): string {
  const rows = verdicts.map(v => [v.id, v.skipped ? 'skip' : `${v.exit ?? '—'}${v.exit === v.expectedExit ? '' : `≠${v.expectedExit}`}`, String(v.lines),
    v.stack ? 'yes' : 'no', v.lost ? 'yes' : 'no', v.skipped ? 'skipped' : v.problems.length ? 'FAIL' : 'ok', `${(v.ms / 1000).toFixed(1)} s`])
  const head = ['case', 'exit', 'lines', 'stack', 'lost', 'result', 'time']
  const width = head.map((h, i) => Math.max(h.length, ...rows.map(r => r[i]!.length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(width[i]!)).join('  ').trimEnd()
  return [line(head), line(width.map(w => '-'.repeat(w))), ...rows.map(line)].join('\n')
}

export function summary(verdicts: Verdict[]): { passed: number; failed: number; skipped: number; byArea: Record<string, { passed: number; total: number }> } {
  const byArea: Record<string, { passed: number; total: number }> = {}
  let passed = 0, failed = 0, skipped = 0
  for (const v of verdicts) {
    const a = byArea[v.area] ??= { passed: 0, total: 0 }
    if (v.skipped) { skipped++; continue }
    a.total++
    if (v.problems.length === 0) { passed++; a.passed++ } else failed++
  }
  return { passed, failed, skipped, byArea }
}
