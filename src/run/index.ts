// Runs a project's benchmark suite in fresh processes (`vitest bench --run`), one process per round, and
// returns the merged multi-round run. Each process's reporter writes its run to a file we name (collect-only
// mode), together with the options it resolved from the project's vitest.config.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { mergeRounds } from '../collect/index.ts'
import { SwarmbenchError } from '../errors/index.ts'
import { parseOptions, type ResolvedOptions } from '../plugin/options.ts'
import type { Baseline } from '../schema/baseline.ts'
import { readBaselineFile } from '../store/baseline-file.ts'
import { processAlive } from '../store/temp-files.ts'

export const COLLECT_ONLY_ENV = 'SWARMBENCH_COLLECT_ONLY'
/** More process runs than this per side cannot be meant (each is a whole `vitest bench`). */
export const MAX_ROUNDS = 1000

export interface RunSuiteOptions {
  /** The project to run (where its vitest.config is). */
  root: string
  /** Passed to vitest as file filters, e.g. ['benches/store']. */
  filters?: string[]
  /** Extra vitest flags, e.g. ['-t', 'pattern'] or ['--project', 'perf']. */
  vitestArgs?: string[]
  rounds?: number
  env?: NodeJS.ProcessEnv
  /** Where vitest's own output goes: 'inherit' shows it, 'stderr' keeps stdout clean for --json. */
  output?: 'inherit' | 'stderr' | 'ignore'
  /** Called before each round, e.g. to print progress. */
  onRound?: (round: number, of: number) => void
  signal?: AbortSignal
}

export interface SuiteRun { run: Baseline; options: ResolvedOptions }

/** Finds the vitest CLI the project itself depends on, so its own version runs. */
export function vitestBin(root: string): string {
  try {
    const pkg = createRequire(join(root, 'package.json')).resolve('vitest/package.json')
    return join(dirname(pkg), 'vitest.mjs')
  } catch {
    throw new SwarmbenchError('vitest is not installed in this project', { file: root, fix: 'run `npm install -D vitest` (Vitest 5) there' })
  }
}

export async function runSuite(o: RunSuiteOptions): Promise<SuiteRun> {
  const rounds = o.rounds ?? 1
  const bin = vitestBin(o.root)
  removeStaleRunDirs()
  const dir = mkdtempSync(join(tmpdir(), `${RUN_DIR_PREFIX}${process.pid}-`))
  try {
    const runs: Baseline[] = []
    let options: ResolvedOptions | undefined
    for (let i = 0; i < rounds; i++) {
      o.onRound?.(i + 1, rounds)
      const file = join(dir, `round-${i + 1}.json`)
      const code = await spawnVitest(bin, ['bench', '--run', ...(o.filters ?? []), ...(o.vitestArgs ?? [])], o, { [COLLECT_ONLY_ENV]: file })
      if (code !== 0) throw new SwarmbenchError(`vitest bench failed (exit ${code}) in round ${i + 1}; its output is above`, { file: o.root, fix: 'fix the failing benchmark, then run again' })
      if (!existsSync(file)) {
        throw new SwarmbenchError('vitest bench ran but no swarmbench run was written: no benchmark matched, or the swarmbench plugin is not in the vitest config',
          { file: o.root, fix: 'add plugins: [swarmbench()] to vitest.config.ts' })
      }
      runs.push(readBaselineFile(file))
      options ??= parseOptions(JSON.parse(readFileSync(`${file}.options.json`, 'utf8')), `${file}.options.json`)
    }
    return { run: mergeRounds(runs), options: options! }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const RUN_DIR_PREFIX = 'swarmbench-run-'

/** Removes the round folders of `swarmbench run` processes that were killed (their pid is gone). Best effort. */
export function removeStaleRunDirs(root = tmpdir()): string[] {
  const removed: string[] = []
  let names: string[]
  try { names = readdirSync(root) } catch { return removed }
  for (const name of names) {
    const pid = /^swarmbench-run-(\d+)-\w+$/.exec(name)?.[1]
    if (pid === undefined || Number(pid) === process.pid || processAlive(Number(pid))) continue
    try { rmSync(join(root, name), { recursive: true, force: true }); removed.push(join(root, name)) } catch { /* not ours to remove */ }
  }
  return removed
}

function spawnVitest(bin: string, args: string[], o: RunSuiteOptions, extraEnv: Record<string, string>): Promise<number> {
  return new Promise((resolveCode, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: o.root,
      env: { ...process.env, ...o.env, ...extraEnv, CI: 'true' }, // CI: never watch, never prompt
      stdio: o.output === 'stderr' ? ['ignore', 2, 2] : o.output === 'ignore' ? 'ignore' : ['ignore', 'inherit', 'inherit'],
      ...(o.signal ? { signal: o.signal } : {}),
    })
    child.on('error', reject)
    child.on('close', (code, sig) => resolveCode(code ?? (sig ? 128 : 1)))
  })
}
