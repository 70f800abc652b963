// The temp files of atomic writes, and their removal after a crash: a writer killed mid-write (kill -9,
// power cut) leaves `.<name>.<pid>.<ms>.<seq>.tmp` beside the file; the next writer of that file removes it.
import { readdirSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'

// Temp files are `.<name>.<pid>.<ms>.<seq>.tmp` beside the file they become (older versions: no `.<seq>`).
const TEMP_SUFFIX = /^(\d+)\.\d+(?:\.\d+)?\.tmp$/
/** A temp file whose writer is still alive is left alone unless it is older than this (a reused pid). */
const STALE_AFTER_MS = 60 * 60 * 1000
let tempSeq = 0

export function tempPathFor(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.${tempSeq++}.tmp`)
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' // alive, owned by another user
  }
}

/**
 * Removes the temp files an earlier writer of `file` left when it was killed mid-write (a dead writer's, or
 * any older than an hour). Best effort: a folder we cannot read or a file we cannot remove is left as it is.
 * Returns the paths removed.
 */
export function removeStaleTemps(file: string, now = Date.now()): string[] {
  const dir = dirname(file)
  const name = basename(file)
  const removed: string[] = []
  let names: string[]
  try { names = readdirSync(dir) } catch { return removed }
  const prefix = `.${name}.`
  for (const n of names) {
    const m = n.startsWith(prefix) ? TEMP_SUFFIX.exec(n.slice(prefix.length)) : null
    if (!m) continue
    const path = join(dir, n)
    try {
      const pid = Number(m[1])
      const old = now - statSync(path).mtimeMs > STALE_AFTER_MS
      if (old || (pid !== process.pid && !processAlive(pid))) {
        rmSync(path, { force: true })
        removed.push(path)
      }
    } catch { /* gone meanwhile, or not ours to remove */ }
  }
  return removed
}
