// Reading and writing baseline JSON files. Reads validate against the zod schema and report the first
// problem as file + field + fix; writes are atomic (temp file in the same directory, fsync, rename), so
// a crash mid-write leaves the old file intact.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { SwarmbenchError, fieldPath } from '../errors/index.ts'
import { BASELINE_SCHEMA_VERSION, BaselineSchema, type Baseline } from '../schema/baseline.ts'

export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown
  try {
    raw = JSON.parse(text)
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
  const parsed = BaselineSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new SwarmbenchError(`not a valid swarmbench baseline: ${issue.message}`, {
      file, field: fieldPath(issue.path), fix: 'restore it from git, or delete it and run the benchmarks again',
    })
  }
  return parsed.data
}

export function readBaselineFile(file: string): Baseline {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new SwarmbenchError('no baseline file here', { file, fix: 'run `vitest bench --run` with the swarmbench plugin, or `swarmbench baseline save`' })
    }
    throw new SwarmbenchError(`cannot read the baseline (${code ?? (e as Error).message})`, { file, fix: 'check the path and its permissions' })
  }
  return parseBaseline(text, file)
}

/** Writes any text file atomically. */
export function writeFileAtomic(file: string, text: string): void {
  const dir = dirname(file)
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`)
  try {
    mkdirSync(dir, { recursive: true })
    const fd = openSync(tmp, 'w', 0o644)
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, file)
  } catch (e) {
    rmSync(tmp, { force: true })
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new SwarmbenchError(`cannot write here (${code}); nothing was changed`, { file, fix: 'make the directory writable, or set outDir in the swarmbench options' })
    }
    throw e
  }
}

/** The file text of a baseline, validated first: we never write what we could not read back. */
export function serializeBaseline(baseline: Baseline): string {
  return `${JSON.stringify(BaselineSchema.parse(baseline), null, 2)}\n`
}

export function writeBaselineFile(file: string, baseline: Baseline | string): void {
  writeFileAtomic(file, typeof baseline === 'string' ? baseline : serializeBaseline(baseline))
}
