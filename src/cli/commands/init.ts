// `swarmbench init [--dry-run]`: set a project up (config, example bench, .gitignore, CI workflow); see src/init.
import type { Command } from 'commander'
import { applyChanges, planInit } from '../../init/index.ts'
import { pathsFrom, type CliState } from '../context.ts'

export function register(program: Command, state: CliState): void {
  program.command('init')
    .description('set up swarmbench in this project: the plugin (Vitest) or reporter (Jest) in its config, an example bench, .gitignore entries and a GitHub Actions gate; a second run changes nothing')
    .option('--dry-run', 'print the changes without writing them')
    .action((opts: { dryRun?: boolean }) => {
      const { root } = pathsFrom(program, state.io)
      const { detected, changes } = planInit(root)
      const out = (s: string) => state.io.out(`${s}\n`)
      out(`swarmbench init: ${detected.runner === 'vitest' ? 'Vitest' : 'Jest'} ${detected.version}${detected.esm ? ' (ESM project)' : ''}`)
      if (changes.length === 0) { out('swarmbench init: nothing to change; the project is set up already'); return }
      for (const c of changes) {
        out(`${opts.dryRun ? 'would ' : ''}${c.before === undefined ? 'create' : 'change'} ${c.path}: ${c.what}`)
        if (opts.dryRun) out(diffLines(c.before ?? '', c.after))
      }
      if (opts.dryRun) { out(`swarmbench init: dry run, nothing written (${changes.length} change(s))`); return }
      applyChanges(root, changes)
      out(`swarmbench init: ${changes.length} change(s) written; run ${detected.runner === 'vitest' ? '`npx vitest bench --run`' : '`npx jest`'} to make the first baseline`)
    })
}

/** The added and removed lines, prefixed + and − (the files are small; a line-set difference is enough). */
function diffLines(before: string, after: string): string {
  const a = before.split('\n'), b = after.split('\n')
  const removed = a.filter(l => !b.includes(l)).map(l => `  - ${l}`)
  const added = b.filter(l => !a.includes(l)).map(l => `  + ${l}`)
  return [...removed, ...added].join('\n')
}
