// Errors of the operating system (full disk, a folder where a file should be, permissions) are the
// environment, not a bug: each becomes one line that names the file, the problem and the fix.
import { SwarmbenchError } from './error.ts'

export type FileAction = 'read' | 'write'

interface Known { problem: (action: FileAction) => string; fix: string }

const KNOWN: Record<string, Known> = {
  ENOSPC: { problem: () => 'the disk is full', fix: 'free some space on that disk, then run again' },
  EDQUOT: { problem: () => 'the disk quota is used up', fix: 'free some space or raise the quota, then run again' },
  EFBIG: { problem: () => 'the file would exceed the size limit for files here', fix: 'raise the limit (ulimit -f) or write somewhere else' },
  EISDIR: { problem: () => 'this path is a folder, not a file', fix: 'remove or rename the folder, or choose another file path' },
  ENOTDIR: { problem: () => 'a part of this path is a file, not a folder', fix: 'remove or rename that file, or choose another path' },
  ENOENT: { problem: a => (a === 'read' ? 'no such file' : 'a folder on this path does not exist'), fix: 'check the path' },
  EACCES: { problem: a => `no permission to ${a} here`, fix: 'make the file and its folder writable by this user, or choose another path' },
  EPERM: { problem: a => `not permitted to ${a} here`, fix: 'make the file and its folder writable by this user, or choose another path' },
  EROFS: { problem: () => 'the file system is read-only', fix: 'choose a path on a writable disk (outDir in the swarmbench options, or --out-dir)' },
  ENAMETOOLONG: { problem: () => 'the path is too long', fix: 'choose a shorter path' },
  ELOOP: { problem: () => 'the path has a loop of symbolic links', fix: 'fix the symbolic links on this path' },
  EMFILE: { problem: () => 'too many open files in this process', fix: 'raise the limit (ulimit -n), then run again' },
  ENFILE: { problem: () => 'too many open files on this system', fix: 'close other programs or raise the system limit, then run again' },
  EIO: { problem: () => 'the disk reported an input/output error', fix: 'check the disk (dmesg) and run again' },
  EBUSY: { problem: () => 'the file is busy (in use by another program)', fix: 'close the other program, then run again' },
  EXDEV: { problem: () => 'the file cannot be moved across disks', fix: 'keep the file and its folder on one disk' },
}

/** The errno code of a Node.js system error, if it is one. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined
}

/**
 * Turns a system error met while reading or writing `file` into a SwarmbenchError (one line: file, problem,
 * fix), or returns undefined when the code is not one we know to be the environment's doing.
 * Writes are atomic, so a failed write always says that nothing was changed.
 */
export function systemError(e: unknown, file: string, action: FileAction): SwarmbenchError | undefined {
  const code = errnoCode(e)
  const known = code === undefined ? undefined : KNOWN[code]
  if (!known || code === undefined) return undefined
  const unchanged = action === 'write' ? '; nothing was changed' : ''
  return new SwarmbenchError(`cannot ${action} (${code}): ${known.problem(action)}${unchanged}`, { file, fix: known.fix, cause: e })
}
