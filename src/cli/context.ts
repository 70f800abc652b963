// What every command shares: where the files are, how to print, and how a command reports its exit code.
import { resolve } from 'node:path'
import type { Command } from 'commander'
import { SwarmbenchError } from '../errors/index.ts'
import { outputPaths, parseOptions, type OutputPaths, type ResolvedOptions } from '../plugin/options.ts'

export interface Io {
  out(text: string): void
  err(text: string): void
  /** Whether stdout is a terminal (colors, live progress). */
  isTTY: boolean
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
  const o = projectOptions && !g.outDir ? projectOptions : parseOptions({ ...(g.outDir ? { outDir: g.outDir } : {}) }, 'command line')
  const paths = outputPaths(root, o)
  return {
    ...paths, root,
    ...(g.baseline ? { baseline: resolve(io.cwd, g.baseline) } : {}),
    ...(g.history ? { history: resolve(io.cwd, g.history) } : {}),
  }
}

export function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new SwarmbenchError(`${flag} takes a whole number ≥ 1, got '${value}'`)
  return n
}

export function parseFormat<T extends string>(value: string, allowed: readonly T[], flag = '--format'): T {
  if (!(allowed as readonly string[]).includes(value)) throw new SwarmbenchError(`${flag} takes one of ${allowed.join(', ')}, got '${value}'`)
  return value as T
}

export function parseFraction(value: string, flag: string): number {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 10) throw new SwarmbenchError(`${flag} takes a fraction such as 0.05, got '${value}'`)
  return n
}
