// What every command shares: where the files are, how to print, and how a command reports its exit code.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { SwarmbenchError } from '../errors/index.ts'
import { isDatabaseUrl, parsePgLocation } from '../store/location.ts'
import { assertDistinctFiles } from '../store/paths.ts'
import { outputFileLabels, outputPaths, parseOptions, type OutputPaths, type ResolvedOptions } from '../plugin/options.ts'

export interface Io {
  out(text: string): void
  err(text: string): void
  /** Whether stdout is a terminal (colors, live progress). */
  isTTY: boolean
  /** The terminal's width when stdout is one; tables fit 120 columns otherwise. */
  columns?: number
  env: NodeJS.ProcessEnv
  cwd: string
}

export interface CliState { io: Io; exitCode: number }

/**
 * The global --root/--out-dir/--baseline/--history flags, resolved; flags win over the project's plugin
 * options (known after a run), which win over the defaults.
 */
export function pathsFrom(program: Command, io: Io, projectOptions?: ResolvedOptions): OutputPaths & { root: string } {
  const g = program.optsWithGlobals<{ root?: string; outDir?: string; baseline?: string; history?: string }>()
  const root = resolve(io.cwd, g.root ?? '.')
  if (g.root !== undefined && !isDirectory(root)) throw new SwarmbenchError('--root is not a folder', { file: root, fix: 'pass the project folder (where its vitest.config is)' })
  const o = projectOptions && !g.outDir ? projectOptions : parseOptions({ ...(g.outDir ? { outDir: g.outDir } : {}) }, 'command line')
  const paths = {
    ...outputPaths(root, o, projectOptions && !g.outDir ? 'swarmbench(options)' : 'command line', io.env),
    ...(g.baseline ? { baseline: resolve(io.cwd, g.baseline) } : {}),
    ...(g.history ? { history: historyFlag(g.history, io.cwd) } : {}),
  }
  assertDistinctFiles(outputFileLabels(paths, {
    baseline: g.baseline ? '--baseline' : 'the baseline', history: g.history ? '--history' : 'the history', lastRun: 'the last-run file', markdown: 'the diff',
  }))
  return { ...paths, root }
}

/** --history: a file (relative to the working folder) or a PostgreSQL URL, which may not hold a password. */
export function historyFlag(value: string, cwd: string): string {
  if (!isDatabaseUrl(value)) return resolve(cwd, value)
  parsePgLocation(value, 'flag')
  return value
}

/**
 * A whole number written in digits, from min to max: '1e20', '0x10', '3.0' and '' are refused, and so is
 * anything above max (which keeps every value a safe integer that SQLite, Date and loops can take).
 */
function isDirectory(path: string): boolean {
  try { return statSync(path).isDirectory() } catch { return false }
}

export function parseWholeNumber(value: string, flag: string, min: number, max: number): number {
  const text = value.trim()
  const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new SwarmbenchError(`${flag} takes a whole number from ${formatBound(min)} to ${formatBound(max)}, got '${value}'`, { fix: `e.g. ${flag} ${Math.max(min, Math.min(max, 10))}` })
  }
  return n
}

export function parsePositiveInt(value: string, flag: string, max: number = Number.MAX_SAFE_INTEGER): number {
  return parseWholeNumber(value, flag, 1, max)
}

function formatBound(n: number): string {
  return n === Number.MAX_SAFE_INTEGER ? '2^53−1' : n === Number.MIN_SAFE_INTEGER ? '−(2^53−1)' : n.toLocaleString('en-US')
}

export function parseFormat<T extends string>(value: string, allowed: readonly T[], flag = '--format'): T {
  if (!(allowed as readonly string[]).includes(value)) throw new SwarmbenchError(`${flag} takes one of ${allowed.join(', ')}, got '${value}'`, { fix: `e.g. ${flag} ${allowed[0]}` })
  return value as T
}

/**
 * A fraction strictly between 0 and 1 (0.05 for 5%); `allowZero` for a threshold, where 0 means "no noise
 * band" (any significant change counts). 1 and above cannot be meant: a threshold of 2 makes a gate unable to fail.
 */
export function parseFraction(value: string, flag: string, opts: { allowZero?: boolean } = {}): number {
  const text = value.trim()
  const n = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN
  const low = opts.allowZero ? n >= 0 : n > 0
  if (!(low && n < 1)) {
    throw new SwarmbenchError(`${flag} takes a fraction ${opts.allowZero ? 'from 0 up to' : 'between 0 and'} 1 (exclusive), such as 0.05 for 5%, got '${value}'`, { fix: `e.g. ${flag} 0.05` })
  }
  return n
}

/** A positive decimal number (minutes, seconds…). */
export function parsePositiveNumber(value: string, flag: string): number {
  const text = value.trim()
  const n = /^(\d+(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : Number.NaN
  if (!(n > 0)) throw new SwarmbenchError(`${flag} takes a positive number, got '${value}'`, { fix: `e.g. ${flag} 15` })
  return n
}

/** At most one of these flags may be given. */
export function exclusive(flags: Record<string, unknown>, fix?: string): void {
  const given = Object.keys(flags).filter(k => flags[k] !== undefined)
  if (given.length > 1) {
    throw new SwarmbenchError(`${given.join(' and ')} cannot be used together: they choose the same thing two ways`, { fix: fix ?? `keep one of ${Object.keys(flags).join(', ')}` })
  }
}
