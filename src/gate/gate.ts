// `swarmbench gate`: compare a current run with a baseline and turn the verdicts into an exit code that can
// block a merge. It never passes silently: no baseline, nothing comparable, or any error is a non-zero exit
// with the reason on one line.
import { basename, resolve } from 'node:path'
import { z } from 'zod'
import { compareBaselines, DEFAULT_LOOKS, SequentialPlanSchema, type SequentialPlan } from '../compare/index.ts'
import type { CompareOptionsInput } from '../compare/options.ts'
import type { Comparison, ComparisonRow } from '../compare/types.ts'
import { EXIT, SwarmbenchError, describeFailure, fieldPath } from '../errors/index.ts'
import { gateExitCode, judged, render, reportFiles, tally, writeReports } from '../report/index.ts'
import { namer } from '../report/sections.ts'
import type { Baseline } from '../schema/baseline.ts'
import { readBaselineFile } from '../store/baseline-file.ts'
import { historyMayExist, isDatabaseUrl } from '../store/location.ts'
import { withStore } from '../store/open.ts'
import { assertDistinctFiles } from '../store/paths.ts'
import { readNoise } from '../run/finish.ts'
import { regressionTrends, type RegressionTrendOptions } from '../run/trend-extra.ts'
import { busyTimeoutMs } from '../store/sqlite-errors.ts'
import { mergeRounds } from './merge.ts'
import { runLooks, type AdaptiveResult } from './adaptive.ts'
import { perRoundChanges, type PerRoundRow } from './per-round.ts'
import { formatDuration, roundsReadiness, type Readiness } from './readiness.ts'
import { gateCommentContext, publish } from './report.ts'
import { baseRootIn, prepareDeps, withWorktree, type InstallMode, type Worktree } from './worktree.ts'

export const GateOptionsSchema = z.strictObject({
  /** Project root (where vitest runs for the head side). */
  root: z.string().min(1),
  /** Baseline file to compare against. */
  baseline: z.string().min(1).optional(),
  /** Take the baseline from history: the branch's shared baseline (`baseline save --branch` on a database), else its last run. */
  branch: z.string().min(1).optional(),
  /** History for --branch, the between-run noise of single runs and the comment's trend charts: a SQLite file (default <root>/.swarmbench/history.sqlite) or a postgres:// URL. */
  history: z.string().min(1).optional(),
  /** A finished head run to use instead of running the suite (with --baseline or --branch). */
  current: z.string().min(1).optional(),
  /** Git ref for the interleaved mode: run base and head alternately in a temporary worktree. */
  base: z.string().min(1).optional(),
  /**
   * Process runs per side, fixed (no early stop). Without it, --base runs the adaptive design (at most 6 rounds per
   * side, or 6 fixed with adaptive: false); the other modes run as many as the baseline holds.
   */
  rounds: z.number().int().min(1).max(200).optional(),
  /**
   * --base only: run rounds in looks and stop when every gating row is decided (group-sequential boundaries,
   * src/compare/sequential.ts). The default of --base without --rounds; false (--no-adaptive) runs the fixed 6 rounds.
   */
  adaptive: z.boolean().optional(),
  /** Adaptive: most rounds per side (default 6); the looks are 2, 3, 4, 6, 8, 12, … below it, then it. */
  maxRounds: z.number().int().min(2).max(200).optional(),
  /** Adaptive: rounds per side at each look, increasing (overrides maxRounds). */
  looks: z.array(z.number().int().min(2).max(200)).min(1).max(20).optional(),
  /** Adaptive: slowdown (fraction) the gate keeps its power for; rows that rule it out stop early (default 0.05). */
  detect: z.number().gt(0).lt(10).optional(),
  /** Adaptive: time budget; no look is started that the rounds so far say would end after it. */
  maxMinutes: z.number().gt(0).optional(),
  /**
   * Adaptive: run every bench file at every look. By default a look's later rounds run only the files that hold an
   * open gating row; keep them all when benchmarks of one file change how another's run (shared state, warm caches).
   */
  allFiles: z.boolean().optional(),
  /** Markdown report file, relative to root. */
  report: z.string().min(1).default('.swarmbench/gate.md'),
  install: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Run even when the rounds cannot reach a timing verdict (checked before anything runs; exit 2 otherwise). */
  allowInconclusive: z.boolean().default(false),
  compare: z.record(z.string(), z.unknown()).optional(),
}).check(ctx => {
  const modes = [ctx.value.baseline, ctx.value.branch, ctx.value.base].filter(v => v !== undefined).length
  if (modes !== 1) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'give exactly one of --baseline FILE, --branch NAME (history) or --base REF' })
  if (ctx.value.base !== undefined && ctx.value.current !== undefined) ctx.issues.push({ code: 'custom', input: ctx.value, path: ['current'], message: '--current cannot be combined with --base (both sides are run)' })
  const v = ctx.value
  const adaptiveFlags = [v.maxRounds !== undefined && '--max-rounds', v.looks !== undefined && '--looks', v.detect !== undefined && '--detect', v.maxMinutes !== undefined && '--max-minutes', v.allFiles !== undefined && '--all-files'].filter(Boolean)
  if (adaptiveFlags.length && (v.base === undefined || v.adaptive === false || (v.rounds !== undefined && v.adaptive !== true))) ctx.issues.push({ code: 'custom', input: v, message: `${adaptiveFlags.join(', ')} belong to the adaptive gate: use them with --base REF and without --rounds or --no-adaptive (which fix the count)` })
  if (v.adaptive === true && v.rounds !== undefined) ctx.issues.push({ code: 'custom', input: v, path: ['rounds'], message: '--rounds fixes the rounds per side; with --adaptive give the most rounds as --max-rounds N' })
  if (v.adaptive === true && v.base === undefined) ctx.issues.push({ code: 'custom', input: v, path: ['adaptive'], message: '--adaptive needs --base REF (it runs both sides in rounds)' })
  if (v.adaptive === false && v.base === undefined) ctx.issues.push({ code: 'custom', input: v, path: ['adaptive'], message: '--no-adaptive belongs to --base REF (the other modes never run rounds in looks); drop it' })
  if (v.looks !== undefined && v.looks.some((n, i) => i > 0 && n <= v.looks![i - 1]!)) ctx.issues.push({ code: 'custom', input: v, path: ['looks'], message: '--looks must increase, e.g. 2,3,4,6' })
})
export type GateOptions = z.input<typeof GateOptionsSchema>

export type Side = 'base' | 'head'
/**
 * Runs the benchmark suite once (one process run) in `root` and returns that run as a baseline. `files`: only these
 * bench files (paths as the run's entries name them, relative to the root), when the adaptive gate narrows later rounds.
 */
export type RunSuite = (side: Side, round: number, root: string, files?: readonly string[]) => Promise<Baseline>

export interface GateDeps {
  runSuite: RunSuite
  stdout(line: string): void
  stderr(line: string): void
  env: NodeJS.ProcessEnv
  now?(): number
  /** Columns of the terminal stdout writes to (default 120, no TTY). */
  columns?: number
  /** The project's own compare options (plugin options), known once a suite has run; CLI flags win over them. */
  projectCompare?(): Record<string, unknown> | undefined
  /** Injected for tests; defaults to the real worktree + dependency setup. */
  checkoutBase?<T>(root: string, ref: string, install: InstallMode, fn: (baseRoot: string, wt: Worktree) => Promise<T>): Promise<T>
}

export interface GateResult {
  exitCode: 0 | 1 | 2
  /** One line: why the gate passed or failed. */
  reason: string
  comparison?: Comparison
  perRound?: PerRoundRow[]
  /**
   * The adaptive gate: rounds per side run, the look it stopped at and why; `fileRounds`: rounds per side each bench
   * file ran (files without an open gating row stop running after the look that settled them).
   */
  adaptive?: Omit<AdaptiveResult, 'comparison'> & { maxRounds: number; looks: number[]; fileRounds: Record<string, number> }
  markdown?: string
  base?: Baseline
  head?: Baseline
  elapsedMs?: number
}

export const DEFAULT_INTERLEAVED_ROUNDS = 6

/** Looks of an adaptive gate of at most `max` rounds per side: 2, 3, 4, 6, 8, 12, 16, 24, … below max, then max. */
export function looksFor(max: number): number[] {
  const ladder: number[] = [...DEFAULT_LOOKS]
  while (ladder.at(-1)! < max) ladder.push(ladder.at(-2)! * 2)
  return [...ladder.filter(n => n < max), max]
}

export async function runGate(input: GateOptions, deps: GateDeps): Promise<GateResult> {
  const now = deps.now ?? (() => performance.now())
  const t0 = now()
  try {
    const parsed = GateOptionsSchema.safeParse(input)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new SwarmbenchError(issue.message, { field: issue.path.length ? fieldPath(issue.path) : undefined })
    }
    const o = parsed.data
    const root = resolve(o.root)
    const historyLocation = o.history !== undefined && isDatabaseUrl(o.history) ? o.history : resolve(root, o.history ?? '.swarmbench/history.sqlite')
    // The report and its two companions are written; none may be a file the gate reads (or the project keeps).
    const report = reportFiles(resolve(root, o.report))
    assertDistinctFiles([
      ...(o.baseline !== undefined ? [['--baseline', resolve(root, o.baseline)] as const] : []),
      ...(o.branch !== undefined ? [['--history', resolve(root, o.history ?? '.swarmbench/history.sqlite')] as const] : []),
      ...(o.current !== undefined ? [['--current', resolve(root, o.current)] as const] : []),
      ['--report', report.markdown], ['the full report beside --report', report.full], ['the report JSON beside --report', report.json],
    ])
    let base: Baseline, head: Baseline, perRound: PerRoundRow[] | undefined, rounds: number | undefined
    let adaptive: GateResult['adaptive'], adaptiveComparison: Comparison | undefined
    const compareOptions = () => ({ ...deps.projectCompare?.(), ...o.compare }) as CompareOptionsInput
    if (o.base !== undefined) {
      // The default since a real calibration (48 trials, notes/issue-20-adaptive.md) put its A/A rate inside the
      // fixed gate's interval; --rounds N (or adaptive: false) asks for the fixed design.
      const adaptiveAsked = o.adaptive ?? o.rounds === undefined
      const plan: SequentialPlan | undefined = adaptiveAsked
        ? SequentialPlanSchema.parse({ looks: o.looks ?? looksFor(o.maxRounds ?? DEFAULT_INTERLEAVED_ROUNDS), ...(o.detect !== undefined ? { futility: { detect: o.detect } } : {}) })
        : undefined
      const n = plan ? plan.looks.at(-1)! : o.rounds ?? DEFAULT_INTERLEAVED_ROUNDS
      notReady(roundsReadiness('base', plan ? plan.looks[0]! : n), o.allowInconclusive, deps)
      const checkout = deps.checkoutBase ?? realCheckout(deps)
      const { b, h, result, fileRounds } = await checkout(root, o.base, o.install, async baseRoot => {
        const b: Baseline[] = [], h: Baseline[] = []
        const started = now()
        // Adaptive: after a look, only the bench files holding an open gating row run (units: project + file).
        const narrow = new Narrowing(o.allFiles === true)
        // Durations of the rounds run with the current set of files: what the next rounds are expected to take.
        let spans: number[] = []
        const round = async (i: number, open?: ReadonlySet<string>) => {
          const t = now()
          if (open) {
            const line = narrow.to(open, [...b, ...h])
            if (line) { deps.stderr(`swarmbench gate: ${line}`); spans = [] }
          }
          const files = narrow.files()
          // Alternate A B A B … so slow drift of the machine lands on both sides alike.
          const eta = i > 0 ? ` (ETA ${plan ? 'at most ' : ''}${formatDuration(((now() - started) / i) * (n - i))})` : ''
          deps.stderr(`swarmbench gate: round ${i + 1}/${plan ? `≤${n}` : n}: base${eta}`)
          b.push(narrow.keep(await deps.runSuite('base', i, baseRoot, ...(files ? [files] : []))))
          deps.stderr(`swarmbench gate: round ${i + 1}/${plan ? `≤${n}` : n}: head${eta}`)
          h.push(narrow.keep(await deps.runSuite('head', i, root, ...(files ? [files] : []))))
          narrow.count(b.at(-1)!, h.at(-1)!)
          spans.push(now() - t)
        }
        if (!plan) {
          for (let i = 0; i < n; i++) await round(i)
          return { b, h, result: undefined, fileRounds: narrow.rounds }
        }
        const budgetMs = o.maxMinutes !== undefined ? o.maxMinutes * 60_000 : undefined
        const result = await runLooks({
          plan, round,
          judge: look => compareBaselines(mergeRounds(b), mergeRounds(h), compareOptions(), { sequential: { ...look, notRun: narrow.notRun([...b, ...h]) } }),
          ...(budgetMs !== undefined ? { fits: (more: number) => now() - started + (spans.reduce((x, y) => x + y, 0) / spans.length) * more <= budgetMs } : {}),
          progress: line => deps.stderr(`swarmbench gate: ${line}`),
        })
        return { b, h, result, fileRounds: narrow.rounds }
      })
      base = mergeRounds(b)
      head = mergeRounds(h)
      rounds = b.length
      perRound = perRoundChanges(base, head)
      if (plan && result) {
        const { comparison: c, ...rest } = result
        adaptiveComparison = c
        const fileRoundsText = byFileText(fileRounds, rounds)
        adaptive = { ...rest, ...(fileRoundsText ? { summary: `${rest.summary}; ${fileRoundsText}` } : {}), maxRounds: n, looks: plan.looks, fileRounds: Object.fromEntries(fileRounds) }
      }
    } else {
      base = o.baseline !== undefined ? readBaselineFile(resolve(root, o.baseline)) : await fromHistory(historyLocation, o.branch!)
      if (o.current !== undefined) head = readBaselineFile(resolve(root, o.current))
      else {
        rounds = o.rounds ?? base.run.rounds
        notReady(roundsReadiness('baseline', rounds, base.run.rounds), o.allowInconclusive, deps)
        const runs: Baseline[] = []
        for (let i = 0; i < rounds; i++) runs.push(await deps.runSuite('head', i, root))
        head = mergeRounds(runs)
      }
    }
    // One process on the head side: the history's earlier runs are what can make its timing gate.
    const noise = o.base === undefined && head.run.rounds === 1 && historyMayExist(historyLocation)
      ? await readNoise(historyLocation, base, head, compareOptions(), deps.env) : undefined
    const comparison = adaptiveComparison ?? compareBaselines(base, head, compareOptions(), noise ? { history: noise } : {})
    const { exitCode, reason } = evaluate(comparison)
    const elapsedMs = now() - t0
    const title = `${o.base !== undefined ? `base ${o.base}` : o.baseline !== undefined ? `baseline ${o.baseline}` : `baseline of ${o.branch}`} → head`
    const reportFile = resolve(root, o.report)
    const files = reportFiles(reportFile)
    const regressions = comparison.rows.filter(r => r.gating && r.verdict === 'regressed')
    const regressionExtra = regressions.length && historyMayExist(historyLocation)
      ? await trendCharts(historyLocation, regressions, { name: namer(comparison), head: head.run, ...(o.branch !== undefined ? { branch: o.branch } : {}) }, deps) : undefined
    const narrowed = adaptive !== undefined && Object.values(adaptive.fileRounds).some(r => r < rounds!)
    const context = gateCommentContext({ comparison, title, verdictLine: reason, ...(perRound ? { perRound } : {}), ...(o.base !== undefined ? { rounds, elapsedMs } : {}), ...(adaptive ? { adaptive: adaptive.summary, narrowed } : {}) })
    const markdown = writeReports(comparison, files, { ...context, ...(regressionExtra ? { regressionExtra } : {}) })
    deps.stdout(render(comparison, 'table', { title, fullFile: files.full, ...(deps.columns ? { width: deps.columns } : {}) }))
    publish(markdown, regressions, exitCode === EXIT.ok ? null : reason, { stdout: deps.stdout, env: deps.env })
    if (adaptive) deps.stdout(`swarmbench gate: ${adaptive.summary}`)
    deps.stdout(`swarmbench gate: ${reason} (report: ${reportFile}; every row: ${basename(files.full)}, ${basename(files.json)})`)
    return { exitCode, reason, comparison, markdown, base, head, elapsedMs, ...(perRound ? { perRound } : {}), ...(adaptive ? { adaptive } : {}) }
  } catch (e) {
    const reason = describeFailure(e, { env: deps.env, prefix: '' }).lines.join('\n')
    deps.stderr(`swarmbench gate: ${reason}`)
    if (deps.env.GITHUB_ACTIONS === 'true') deps.stdout(`::error title=swarmbench gate::${reason.split('\n')[0]!.replace(/%/g, '%25')}`)
    return { exitCode: EXIT.usage, reason: reason.split('\n')[0]! }
  }
}

/**
 * Which bench files the adaptive gate's later rounds run: after a look, the files holding an open gating row.
 * A unit is a project + file (entries name both); vitest is given the files (its path filters), and what a run
 * returns is cut to the units asked for, so a filter that matched more files adds no rounds to settled rows.
 */
class Narrowing {
  private readonly off: boolean
  constructor(off: boolean) { this.off = off }
  private units: Set<string> | undefined
  /** Rounds per side each bench file ran. */
  readonly rounds = new Map<string, number>()

  /** Narrows to the units of these open entries; returns a progress line when the set of files changed. */
  to(open: ReadonlySet<string>, runs: readonly Baseline[]): string | undefined {
    if (this.off) return undefined
    const all = new Set<string>(), next = new Set<string>()
    for (const run of runs) for (const e of Object.values(run.entries)) {
      all.add(e.file)
      if (open.has(e.id)) next.add(unitOf(e))
    }
    if (this.units && next.size === this.units.size && [...next].every(u => this.units!.has(u))) return undefined
    this.units = next
    const files = this.files()!
    return `later rounds run ${files.length} of ${all.size} bench file(s), those with an open gating row: ${files.slice(0, 5).join(', ')}${files.length > 5 ? ', …' : ''}`
  }

  /** The files to run, or undefined for the whole suite. */
  files(): string[] | undefined {
    return this.units && [...new Set([...this.units].map(u => u.slice(u.indexOf('\u0000') + 1)))].sort()
  }

  keep(run: Baseline): Baseline {
    if (!this.units) return run
    const units = this.units
    return { ...run, entries: Object.fromEntries(Object.entries(run.entries).filter(([, e]) => units.has(unitOf(e)))) }
  }

  count(...runs: Baseline[]): void {
    const files = new Set(runs.flatMap(r => Object.values(r.entries).map(e => e.file)))
    for (const f of files) this.rounds.set(f, (this.rounds.get(f) ?? 0) + 1)
  }

  /** Entry ids that got no rounds in the current block (their unit no longer runs). */
  notRun(runs: readonly Baseline[]): string[] {
    if (!this.units) return []
    const ids = new Set<string>()
    for (const run of runs) for (const e of Object.values(run.entries)) if (!this.units.has(unitOf(e))) ids.add(e.id)
    return [...ids]
  }
}

const unitOf = (e: { project: string; file: string }) => `${e.project}\u0000${e.file}`

/** "rounds per side by bench file: 6 for a.bench.ts; 2 for b.bench.ts, c.bench.ts", when not every file ran them all. */
function byFileText(fileRounds: ReadonlyMap<string, number>, rounds: number | undefined): string | undefined {
  if (![...fileRounds.values()].some(r => r !== rounds)) return undefined
  const groups = new Map<number, string[]>()
  for (const [file, r] of fileRounds) groups.set(r, [...(groups.get(r) ?? []), file])
  const parts = [...groups].sort((x, y) => y[0] - x[0]).map(([r, files]) => `${r} for ${files.length <= 3 ? files.sort().join(', ') : `${files.length} files`}`)
  return `rounds per side by bench file (later looks ran only files with an open row): ${parts.join('; ')}`
}

/**
 * The comment's trend chart per gating regression, as diff.md has them: the history's newest runs, then this
 * head. A history that cannot be read leaves the charts out with one line; the verdict stands without them.
 */
async function trendCharts(location: string, rows: ComparisonRow[], o: RegressionTrendOptions, deps: GateDeps): Promise<((row: ComparisonRow) => string | undefined) | undefined> {
  try {
    return await withStore(location, { mode: 'read', busyTimeoutMs: busyTimeoutMs(deps.env) }, store => regressionTrends(store, rows, o))
  } catch (e) {
    deps.stderr(`swarmbench gate: trend charts left out of the report: ${describeFailure(e, { env: deps.env, prefix: '' }).lines[0]}`)
    return undefined
  }
}

/** Stops before anything runs when the rounds cannot reach a timing verdict, unless that was accepted. */
function notReady(r: Readiness, allow: boolean, deps: GateDeps): void {
  if (r.ok) return
  if (!allow) throw new SwarmbenchError(r.line!)
  deps.stderr(`swarmbench gate: ${r.line!.replace(/, or pass --allow-inconclusive$/, '')}; going on (--allow-inconclusive)`)
}

/** Exit code and reason from a comparison: 1 on any gating regression, 2 when nothing could be judged. */
export function evaluate(c: Comparison): { exitCode: 0 | 1 | 2; reason: string } {
  // The counts and the exit code come from tally(), which the terminal and the Markdown show too.
  const t = tally(c)
  const exitCode = gateExitCode(t)
  const gating = c.rows.filter(r => r.gating)
  const regressions = gating.filter(r => r.verdict === 'regressed')
  if (exitCode === EXIT.regression) {
    const list = regressions.map(r => `${r.id} ${r.metric}${r.changePct !== null ? ` ${r.changePct >= 0 ? '+' : ''}${r.changePct.toFixed(1)}%` : ''}`)
    return { exitCode: EXIT.regression, reason: `FAIL: ${regressions.length} regression(s): ${list.slice(0, 5).join('; ')}${list.length > 5 ? '; …' : ''}` }
  }
  if (exitCode === EXIT.usage) {
    const why = [
      c.rows.length === 0 ? 'no benchmarks in either run' : '',
      c.rows.some(r => !r.gating && r.kind === 'timing') && !c.environment.timingGated ? `timing not gated because environments differ (${c.environment.mismatches.join('; ')})` : '',
      countOf(c, 'inconclusive'), countOf(c, 'new'), countOf(c, 'missing'),
    ].filter(Boolean).join(', ')
    return { exitCode: EXIT.usage, reason: `FAIL: zero comparable benchmarks${why ? ` (${why})` : ''}` }
  }
  const { missing, inconclusive } = t.gating
  const extra = [inconclusive ? `${inconclusive} inconclusive` : '', missing ? `${missing} missing in head` : ''].filter(Boolean).join(', ')
  return { exitCode: EXIT.ok, reason: `PASS: no regression in ${judged(t)} comparable row(s)${extra ? ` (${extra})` : ''}` }
}

function countOf(c: Comparison, v: keyof Comparison['summary']): string {
  return c.summary[v] ? `${c.summary[v]} ${v}` : ''
}

/** The branch's shared baseline when one was promoted (`baseline save --branch`), else its last run. */
function fromHistory(location: string, branch: string): Promise<Baseline> {
  return withStore(location, { mode: 'read' }, async store => {
    const shared = await store.branchBaseline(branch)
    return store.loadRun(shared ? { id: shared.runId } : { branch })
  })
}

function realCheckout(deps: GateDeps): NonNullable<GateDeps['checkoutBase']> {
  return (root, ref, install, fn) => withWorktree(root, ref, async wt => {
    const baseRoot = baseRootIn(wt, root)
    deps.stderr(`swarmbench gate: base ${ref} (${wt.sha.slice(0, 7)}) checked out in ${wt.dir}`)
    prepareDeps(root, baseRoot, install, line => deps.stderr(line))
    return fn(baseRoot, wt)
  })
}
