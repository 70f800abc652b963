// The base side of `gate --base REF` runs in a temporary git worktree. It is removed on every way out:
// normal return, thrown error, and SIGINT/SIGTERM (Ctrl-C), so no stray checkouts pile up.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { SwarmbenchError } from '../errors/index.ts'

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

export function gitTopLevel(cwd: string): string {
  try {
    return git(cwd, ['rev-parse', '--show-toplevel'])
  } catch {
    throw new SwarmbenchError('not inside a git repository', { file: cwd, fix: '--base needs git; use --baseline FILE instead' })
  }
}

/** Commit sha of a ref; a clear error when it does not exist. */
export function resolveRef(cwd: string, ref: string): string {
  if (ref.startsWith('-')) throw new SwarmbenchError(`invalid git ref '${ref}'`, { field: '--base', fix: 'name a branch, tag or commit' })
  try {
    return git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
  } catch {
    throw new SwarmbenchError(`git ref '${ref}' not found`, { field: '--base', fix: 'fetch it first (e.g. git fetch origin main) or name an existing branch, tag or commit' })
  }
}

export interface Worktree {
  /** Worktree directory (the repository's top level at the base commit). */
  dir: string
  sha: string
  remove(): void
}

export function addWorktree(repoDir: string, ref: string): Worktree {
  const top = gitTopLevel(repoDir)
  const sha = resolveRef(top, ref)
  const dir = mkdtempSync(join(tmpdir(), 'swarmbench-base-'))
  try {
    git(top, ['worktree', 'add', '--detach', dir, sha])
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw new SwarmbenchError(`git worktree add failed: ${(e as { stderr?: string }).stderr?.toString().trim() || (e as Error).message}`, { fix: 'check `git worktree list` and free disk space' })
  }
  let removed = false
  return {
    dir, sha,
    remove() {
      if (removed) return
      removed = true
      try { git(top, ['worktree', 'remove', '--force', dir]) } catch { /* fall through to the manual removal */ }
      rmSync(dir, { recursive: true, force: true })
      try { git(top, ['worktree', 'prune']) } catch { /* nothing left to prune */ }
    },
  }
}

/**
 * Runs `fn` with a worktree of `ref`, removing it afterwards whatever happens. On SIGINT/SIGTERM the
 * worktree is removed and the process exits with 128 + signal number, as a shell would report it.
 */
export async function withWorktree<T>(repoDir: string, ref: string, fn: (wt: Worktree) => Promise<T>): Promise<T> {
  const wt = addWorktree(repoDir, ref)
  const onSignal = (signal: NodeJS.Signals) => {
    wt.remove()
    process.exit(signal === 'SIGINT' ? 130 : 143)
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    return await fn(wt)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    wt.remove()
  }
}

export type InstallMode = 'auto' | 'always' | 'never'

export interface DepsPlan { action: 'link' | 'install' | 'none'; reason: string }

/**
 * How the base checkout gets its dependencies: reuse head's node_modules (a symlink) when both lockfiles
 * are identical, otherwise a clean `npm ci` (or `npm install` without a lockfile).
 */
export function planDeps(headRoot: string, baseRoot: string, mode: InstallMode): DepsPlan {
  if (!existsSync(join(baseRoot, 'package.json'))) return { action: 'none', reason: 'base has no package.json' }
  if (mode === 'never') return { action: 'none', reason: '--install never' }
  const lock = (root: string) => (existsSync(join(root, 'package-lock.json')) ? readFileSync(join(root, 'package-lock.json'), 'utf8') : null)
  const same = lock(headRoot) !== null && lock(headRoot) === lock(baseRoot)
  if (mode === 'auto' && same && existsSync(join(headRoot, 'node_modules'))) return { action: 'link', reason: 'lockfiles identical: reusing node_modules' }
  return { action: 'install', reason: same ? '--install always' : 'lockfiles differ: installing the base dependencies' }
}

export function prepareDeps(headRoot: string, baseRoot: string, mode: InstallMode, log: (line: string) => void): DepsPlan {
  const plan = planDeps(headRoot, baseRoot, mode)
  log(`swarmbench gate: base dependencies: ${plan.reason}`)
  if (plan.action === 'link') symlinkSync(join(headRoot, 'node_modules'), join(baseRoot, 'node_modules'), 'dir')
  if (plan.action === 'install') {
    const args = existsSync(join(baseRoot, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']
    try {
      execFileSync('npm', args, { cwd: baseRoot, stdio: ['ignore', 'ignore', 'pipe'] })
    } catch (e) {
      throw new SwarmbenchError(`npm ${args[0]} failed in the base checkout: ${String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`, { fix: 'check that the base ref installs, or pass --install never with prepared dependencies' })
    }
  }
  return plan
}

/** The head root's counterpart inside the base worktree (the package may live in a subfolder). */
export function baseRootIn(wt: Worktree, headRoot: string): string {
  return join(wt.dir, relative(gitTopLevel(headRoot), realpathSync(headRoot)))
}
