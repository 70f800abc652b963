// Reading and writing baseline JSON files. Reads validate against the zod schema and report the first
// problem as file + field + fix; writes are atomic (temp file in the same directory, fsync, rename), so
// a crash mid-write leaves the old file intact, and the temp file it leaves is removed by the next write.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { SwarmbenchError, fieldPath, isSwarmbenchError, systemError } from '../errors/index.ts'
import { BASELINE_SCHEMA_VERSION, BaselineSchema, upgradeBaseline, type Baseline } from '../schema/baseline.ts'
import { isSpecialFile, writeTarget } from './paths.ts'
import { removeStaleTemps, tempPathFor } from './temp-files.ts'

export { removeStaleTemps } from './temp-files.ts'

/**
 * Baselines larger than this are refused before they are read: reading and comparing one costs about ten
 * times its size in memory. At the default sampleCap (2,000) a benchmark round takes ~22 kB, so the
 * default fits ~11,000 benchmark-rounds (1,000 benchmarks × 11 rounds). SWARMBENCH_MAX_BASELINE_MB overrides it.
 */
export const DEFAULT_MAX_BASELINE_MB = 256
export const MAX_BASELINE_ENV = 'SWARMBENCH_MAX_BASELINE_MB'

export function maxBaselineBytes(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env[MAX_BASELINE_ENV])
  return (env[MAX_BASELINE_ENV] && Number.isFinite(v) && v > 0 ? v : DEFAULT_MAX_BASELINE_MB) * 1024 * 1024
}

export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown
  try {
    raw = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) // an editor's byte-order mark is not an error
  } catch (e) {
    throw new SwarmbenchError(`not valid JSON (${(e as Error).message}); the file is truncated or was edited by hand`, {
      file, fix: 'restore it from git, or delete it and run the benchmarks again to write a fresh one',
    })
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion
  if (typeof version === 'number' && version > BASELINE_SCHEMA_VERSION) {
    throw new SwarmbenchError(`written by a newer swarmbench (schemaVersion ${version}; this version reads up to ${BASELINE_SCHEMA_VERSION})`, {
      file, field: 'schemaVersion', fix: 'upgrade swarmbench to the version that wrote it',
    })
  }
  // An older schema is read and upgraded in memory; the file itself is rewritten only when a run updates it.
  const parsed = BaselineSchema.safeParse(upgradeBaseline(raw))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new SwarmbenchError(`not a valid swarmbench baseline: ${issue.message}`, {
      file, field: fieldPath(issue.path), fix: 'restore it from git, or delete it and run the benchmarks again',
    })
  }
  return parsed.data
}

export function readBaselineFile(file: string, env: NodeJS.ProcessEnv = process.env): Baseline {
  let text: string
  try {
    const stat = statSync(file)
    if (stat.isDirectory()) throw new SwarmbenchError('this path is a folder, not a baseline file', { file, fix: 'point at the JSON file inside it, or remove the folder' })
    const max = maxBaselineBytes(env)
    if (stat.size > max) {
      throw new SwarmbenchError(`the baseline is ${mb(stat.size)}, above the ${mb(max)} this version reads (reading it would take about ${mb(stat.size * 10)} of memory)`, {
        file, fix: `lower sampleCap or the number of rounds and write it again, or set ${MAX_BASELINE_ENV}=${Math.ceil(stat.size / 1024 / 1024)} to read it anyway`,
      })
    }
    text = readFileSync(file, 'utf8')
  } catch (e) {
    if (isSwarmbenchError(e)) throw e
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SwarmbenchError('no baseline file here', { file, fix: 'run `vitest bench --run` with the swarmbench plugin, or `swarmbench baseline save`' })
    }
    throw systemError(e, file, 'read') ?? new SwarmbenchError(`cannot read the baseline (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file, fix: 'check the path and its permissions' })
  }
  return parseBaseline(text, file)
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`
}

/**
 * Writes any text file atomically: a reader sees the old file or the new one, never a part. A symbolic link is
 * followed (the file it points at is replaced, the link stays); a device or a pipe (/dev/null, /dev/stdout) is
 * written to as it is, never replaced by a file.
 */
export function writeFileAtomic(file: string, text: string): void {
  let target: string
  try { target = writeTarget(file) } catch (e) { throw systemError(e, file, 'write') ?? e }
  if (isSpecialFile(target)) {
    try { writeFileSync(target, text) } catch (e) { throw systemError(e, file, 'write') ?? e }
    return
  }
  removeStaleTemps(target)
  const dir = dirname(target)
  const tmp = tempPathFor(target)
  let created = false
  try {
    mkdirSync(dir, { recursive: true })
    const fd = openSync(tmp, 'wx', 0o644)
    created = true
    let written = false
    try {
      writeFileSync(fd, text)
      fsyncSync(fd)
      written = true
    } finally {
      try { closeSync(fd) } catch (e) { if (written) throw e } // a failed close must not hide the write's error
    }
    renameSync(tmp, target)
    created = false
    syncDir(dir)
  } catch (e) {
    // Cleanup never hides the original error.
    if (created) { try { rmSync(tmp, { force: true }) } catch { /* removed on the next write */ } }
    if (isSwarmbenchError(e)) throw e
    const err = e as NodeJS.ErrnoException
    // mkdir of a path that exists as a file says EEXIST; what the user needs to hear is ENOTDIR.
    const mapped = err.code === 'EEXIST' && err.syscall === 'mkdir' ? Object.assign(new Error(err.message), { code: 'ENOTDIR' }) : e
    throw systemError(mapped, file, 'write') ?? e
  }
}

/** Makes the rename durable across a power cut; not all file systems allow it, and that is fine. */
function syncDir(dir: string): void {
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch { /* best effort */ } finally {
    if (fd !== undefined) try { closeSync(fd) } catch { /* best effort */ }
  }
}

/** The file text of a baseline, validated first: we never write what we could not read back. */
export function serializeBaseline(baseline: Baseline): string {
  const r = BaselineSchema.safeParse(baseline)
  if (!r.success) {
    const issue = r.error.issues[0]!
    throw new SwarmbenchError(`refusing to write a run that would not read back: ${issue.message}`, { field: fieldPath(issue.path), fix: 'this is a bug in swarmbench or in the benchmark that produced the figure; please report it' })
  }
  return `${JSON.stringify(r.data, null, 2)}\n`
}

export function writeBaselineFile(file: string, baseline: Baseline | string): void {
  writeFileAtomic(file, typeof baseline === 'string' ? baseline : serializeBaseline(baseline))
}
