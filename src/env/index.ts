// The run's fingerprint: where and on what the figures were measured. Timing verdicts across different
// fingerprints are not trustworthy, so the comparison reads these fields.
import { spawnSync } from 'node:child_process'
import os from 'node:os'
import type { RunMeta } from '../schema/baseline.ts'

export interface GitInfo { sha: string | null; branch: string | null; dirty: boolean | null }

function git(cwd: string, args: string[]): string | null {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })
  return r.status === 0 ? r.stdout.trim() : null
}

export function gitInfo(cwd: string): GitInfo {
  const sha = git(cwd, ['rev-parse', 'HEAD'])
  if (sha === null) return { sha: null, branch: null, dirty: null }
  const branch = process.env.GITHUB_HEAD_REF || git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD'])
  const status = git(cwd, ['status', '--porcelain', '--untracked-files=no'])
  return { sha, branch: branch === 'HEAD' ? null : branch, dirty: status === null ? null : status.length > 0 }
}

export function environment(vitestVersion: string, moduleRunner: boolean): RunMeta['env'] {
  const cpus = os.cpus()
  return {
    node: process.versions.node,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: os.availableParallelism?.() ?? cpus.length,
    vitest: vitestVersion,
    moduleRunner,
  }
}
