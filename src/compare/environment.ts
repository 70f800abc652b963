// Two runs' timings are comparable only on the same kind of machine and runtime. Differences are listed so
// the diff can say so above the table, and timing rows stop gating unless the user insists.
import type { RunMeta } from '../schema/baseline.ts'

export function nodeMajor(version: string): string {
  const m = /^v?(\d+)/.exec(version.trim())
  return m ? m[1]! : version
}

/** Human-readable differences between two environments; empty when they match on what matters for timing. */
export function environmentMismatches(base: RunMeta['env'], head: RunMeta['env']): string[] {
  const out: string[] = []
  const check = (what: string, a: string, b: string) => { if (a !== b) out.push(`${what}: ${a} (base) vs ${b} (head)`) }
  check('Node major', nodeMajor(base.node), nodeMajor(head.node))
  check('CPU model', base.cpuModel.trim(), head.cpuModel.trim())
  check('OS', `${base.os}/${base.arch}`, `${head.os}/${head.arch}`)
  check('module runner', base.moduleRunner ? 'on' : 'off', head.moduleRunner ? 'on' : 'off')
  return out
}
