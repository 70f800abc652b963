// Everything a user can set in swarmbench(options). One zod schema: validated once, defaults live here,
// and a wrong option fails with the field's name and what it accepts.
import { resolve } from 'node:path'
import { z } from 'zod'
import { CompareOptionsSchema } from '../compare/options.ts'
import { SwarmbenchError, fieldPath } from '../errors/index.ts'
import { PricingOptionsSchema } from '../tokens/pricing.ts'
import { reportFiles } from '../report/files.ts'
import { HISTORY_URL_ENV, isDatabaseUrl } from '../store/location.ts'
import { assertDistinctFiles } from '../store/paths.ts'

export const SwarmbenchOptionsSchema = z.strictObject({
  /** Where the baseline, history, last run and diff go, relative to the Vitest root. */
  outDir: z.string().min(1).default('.swarmbench'),
  baselineFile: z.string().min(1).optional().describe('default: <outDir>/baseline.json'),
  historyFile: z.string().min(1).optional().describe('default: <outDir>/history.sqlite'),
  markdownFile: z.string().min(1).optional().describe('default: <outDir>/diff.md'),
  lastRunFile: z.string().min(1).optional().describe('default: <outDir>/last-run.json'),
  reportFile: z.string().min(1).optional().describe('default: <outDir>/report.html'),
  /** Write the HTML report (overview, trends, diff, swarm matrix) from the history after each run. */
  htmlReport: z.boolean().default(true),
  /**
   * Keep every run in the history: true (the SQLite file historyFile), false (none), or a PostgreSQL URL
   * (postgres://user@host:5432/db, optionally ?schema=name) shared by many runners. A password is refused here:
   * it goes in PGPASSWORD, or the whole URL in SWARMBENCH_HISTORY_URL, which overrides this option.
   */
  history: z.union([z.boolean(), z.string().regex(/^postgres(ql)?:\/\//i, 'a PostgreSQL URL starts with postgres:// (or pass true/false)')
    .refine(url => { try { return new URL(url).password === '' } catch { return false } }, 'a valid URL without a password (set PGPASSWORD, or put the whole URL in SWARMBENCH_HISTORY_URL)')]).default(true),
  /**
   * When the baseline file is rewritten with the current run: 'missing' (only when there is none; promote a run
   * with `swarmbench baseline save`), 'always' (each run becomes the next run's baseline) or 'never'.
   * SWARMBENCH_UPDATE=1 in the environment means 'always' for that run.
   */
  updateBaseline: z.enum(['missing', 'always', 'never']).default('missing'),
  /** Fail `vitest bench` (exit 1) when the diff finds a gating regression. `swarmbench gate` is the stricter tool. */
  gate: z.boolean().default(false),
  /** Keep raw latency samples, which the statistical verdicts need. */
  retainSamples: z.boolean().default(true),
  /** Samples kept per benchmark and round, thinned evenly by rank beyond this. */
  sampleCap: z.number().int().min(10).max(1_000_000).default(2000),
  /** Run benchmark workers with --expose-gc so the memory helpers can force collections. */
  exposeGc: z.boolean().default(true),
  /** Print the diff table after each run. */
  print: z.boolean().default(true),
  /** Without a terminal (CI), print a progress line whenever nothing was printed for this long; 0 turns it off. */
  progressIntervalMs: z.number().int().min(0).default(10_000),
  compare: CompareOptionsSchema.default(CompareOptionsSchema.parse({})),
  /** Model prices (USD per million tokens) that extend or override the shipped table; see src/tokens. */
  pricing: PricingOptionsSchema.optional(),
})
export type SwarmbenchOptions = z.input<typeof SwarmbenchOptionsSchema>
export type ResolvedOptions = z.infer<typeof SwarmbenchOptionsSchema>

export function parseOptions(input: unknown, source = 'swarmbench(options)'): ResolvedOptions {
  const r = SwarmbenchOptionsSchema.safeParse(input ?? {})
  if (r.success) return r.data
  const issue = r.error.issues[0]!
  throw new SwarmbenchError(issue.message, { file: source, field: fieldPath(issue.path), fix: 'see the options table in the README' })
}

export interface OutputPaths {
  baseline: string
  history: string
  markdown: string
  lastRun: string
  /** The HTML report; default report.html beside the Markdown. */
  report?: string
}

/**
 * The files of a run, resolved against the Vitest root; two options naming one file are refused (one would overwrite
 * the other). `history` is a file path or a PostgreSQL URL: SWARMBENCH_HISTORY_URL (which may hold the password,
 * being in the environment) wins over a URL in the options, which wins over historyFile.
 */
export function outputPaths(root: string, o: ResolvedOptions, source = 'swarmbench(options)', env: NodeJS.ProcessEnv = process.env): OutputPaths {
  const out = resolve(root, o.outDir)
  const paths = {
    baseline: resolve(root, o.baselineFile ?? `${out}/baseline.json`),
    history: env[HISTORY_URL_ENV] || (typeof o.history === 'string' ? o.history : resolve(root, o.historyFile ?? `${out}/history.sqlite`)),
    markdown: resolve(root, o.markdownFile ?? `${out}/diff.md`),
    lastRun: resolve(root, o.lastRunFile ?? `${out}/last-run.json`),
    report: resolve(root, o.reportFile ?? `${out}/report.html`),
  }
  assertDistinctFiles(outputFileLabels(paths, { baseline: 'baselineFile', history: 'historyFile', markdown: 'markdownFile', lastRun: 'lastRunFile', report: 'reportFile' }), source)
  return paths
}

/** Every file a run writes or reads, labelled for a message: the four paths and the two reports beside the Markdown. */
export function outputFileLabels(p: OutputPaths, names: Record<Exclude<keyof OutputPaths, 'report'>, string> & { report?: string }): Array<[string, string]> {
  const reports = reportFiles(p.markdown)
  return [
    [names.baseline, p.baseline], ...(isDatabaseUrl(p.history) ? [] : [[names.history, p.history] as [string, string]]), [names.lastRun, p.lastRun], [names.markdown, p.markdown],
    [`the full diff beside ${names.markdown}`, reports.full], [`the diff JSON beside ${names.markdown}`, reports.json],
    ...(p.report ? [[names.report ?? 'the HTML report', p.report] as [string, string]] : []),
  ]
}
