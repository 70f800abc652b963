// Where a write really lands, and files that must not be the same: a baseline reached through a symbolic link
// is updated where it lives (the link stays), a device such as /dev/null is written to, never replaced, and two
// of our files configured to one path are refused before either is written (one would destroy the other).
import { lstatSync, readlinkSync, statSync, type Stats } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { SwarmbenchError } from '../errors/index.ts'

/** Follows symbolic links (also one that points at a file not made yet) to the path a write must replace; a loop is ELOOP. */
export function writeTarget(file: string): string {
  let path = resolve(file)
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats
    try { st = lstatSync(path) } catch { return path } // missing (or unreadable): written as named
    if (!st.isSymbolicLink()) return path
    path = resolve(dirname(path), readlinkSync(path))
  }
  throw Object.assign(new Error(`too many levels of symbolic links: ${file}`), { code: 'ELOOP', path: file })
}

/** True for an existing path that is not a regular file or folder: a device (/dev/null), a pipe, a socket. */
export function isSpecialFile(path: string): boolean {
  try {
    const st = statSync(path)
    return !st.isFile() && !st.isDirectory()
  } catch { return false }
}

/**
 * Refuses two names for one file among those a command or a run writes or reads: `[label, path]` pairs,
 * compared by resolved path and, for existing files, by device and inode (a link or a second spelling).
 * Devices are left out: several outputs sent to /dev/null is a choice, not a mistake.
 */
export function assertDistinctFiles(files: ReadonlyArray<readonly [label: string, path: string]>, source?: string): void {
  const seen = new Map<string, string>()
  for (const [label, path] of files) {
    if (isSpecialFile(path)) continue
    const keys = [`path:${resolve(path)}`, ...inodeKey(path)]
    const clash = keys.map(k => seen.get(k)).find(v => v !== undefined)
    if (clash !== undefined) {
      throw new SwarmbenchError(`${clash} and ${label} are the same file (${resolve(path)}): writing one would destroy the other`, {
        ...(source ? { file: source } : {}), fix: `give ${label} a path of its own`,
      })
    }
    for (const k of keys) seen.set(k, label)
  }
}

function inodeKey(path: string): string[] {
  try {
    const st = statSync(path)
    return [`inode:${st.dev}:${st.ino}`]
  } catch { return [] }
}
