import { resolve } from 'node:path'
import type { Command } from 'commander'
import { Chalk } from 'chalk'
import { compareBaselines } from '../../compare/index.ts'
import { DEFAULT_WIDTH, gateExitCode, render, tally, tallyLine, VERDICT_WORD } from '../../report/index.ts'
import { comparisonTitle, readNoise } from '../../run/finish.ts'
import { readBaselineFile, writeFileAtomic } from '../../store/baseline-file.ts'
import { historyFlag, parseFormat, parseFraction, type CliState } from '../context.ts'

export function register(program: Command, state: CliState): void {
  program.command('compare')
    .description('compare two baseline files and print the diff')
    .argument('<base.json>', 'the baseline to compare against')
    .argument('<head.json>', 'the run to judge')
    .option('--format <format>', 'table | markdown | json', 'table')
    .option('--output <file>', 'also write the rendered diff to this file')
    .option('--all', 'every row: the complete table (Markdown), every change (terminal)')
    .option('--gate', 'exit 1 on a gating regression, 2 when no gating row could be judged')
    .option('--threshold <fraction>', 'noise threshold, e.g. 0.05 for 5% (default 0.02)')
    .option('--correction <method>', 'holm (family-wise error) | bh (false discovery rate)')
    .action(async (baseFile: string, headFile: string, opts: { format: string; output?: string; all?: boolean; gate?: boolean; threshold?: string; correction?: string }) => {
      const format = parseFormat(opts.format, ['table', 'markdown', 'json'] as const)
      const compareOptions = {
        ...(opts.threshold !== undefined ? { threshold: parseFraction(opts.threshold, '--threshold', { allowZero: true }) } : {}),
        ...(opts.correction !== undefined ? { correction: parseFormat(opts.correction, ['holm', 'bh'] as const, '--correction') } : {}),
      }
      const base = readBaselineFile(resolve(state.io.cwd, baseFile))
      const head = readBaselineFile(resolve(state.io.cwd, headFile))
      // With --history, a single run's timing is judged against the earlier runs kept there.
      const historyFile = program.opts<{ history?: string }>().history
      const noise = historyFile !== undefined && head.run.rounds === 1 ? await readNoise(historyFlag(historyFile, state.io.cwd), base, head, compareOptions, state.io.env) : undefined
      const cmp = compareBaselines(base, head, compareOptions, noise ? { history: noise } : {})
      const title = comparisonTitle(base, head)
      const t = tally(cmp)
      const ctx = { title, width: state.io.columns ?? DEFAULT_WIDTH, full: opts.all === true }
      state.io.out(render(cmp, format, ctx, new Chalk({ level: state.io.isTTY ? 1 : 0 })))
      if (format === 'table') state.io.out(`\n${VERDICT_WORD[gateExitCode(t)]} · ${tallyLine(t)}\n`)
      if (opts.output) writeFileAtomic(resolve(state.io.cwd, opts.output), render(cmp, format === 'table' ? 'markdown' : format, ctx))
      if (opts.gate) state.exitCode = gateExitCode(t)
    })
}
