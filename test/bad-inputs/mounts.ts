// Small and read-only disks for the corpus: tmpfs mounts (Linux, and the right to mount: root in CI's container).
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

let mountProbe: string | undefined | null = null
/** Small disks are tmpfs mounts: that needs Linux and the right to mount (root in CI's container). Probed once. */
export function canMount(): string | undefined {
  if (mountProbe !== null) return mountProbe
  const dir = mkdtempSync(join(tmpdir(), 'sb-mount-probe-'))
  try {
    mountTmpfs(dir, '64k')
    unmount(dir)
    mountProbe = undefined
  } catch (e) {
    mountProbe = `cannot mount a small disk here (${String((e as Error).message).split('\n')[0]})`
  } finally { rmSync(dir, { recursive: true, force: true }) }
  return mountProbe
}

export function mountTmpfs(path: string, size: string, readOnly = false): void {
  mkdirSync(path, { recursive: true })
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${readOnly ? ',ro' : ''}`, 'tmpfs', path])
}

export function unmount(path: string): void {
  try { execFileSync('umount', ['-l', path], { stdio: 'ignore' }) } catch { /* not mounted */ }
}

