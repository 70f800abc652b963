// Does a CLAUDE.md help? Each variant (a file, or none as the control) is a value of the swarm matrix's
// claudeMd axis: every trial's fresh workdir gets the variant's CLAUDE.md, trials run interleaved, and the
// variants are compared pairwise with the tests the swarm gate uses: Barnard's exact test on success counts,
// Mann–Whitney with a bootstrap interval on per-trial tokens, cost, time and turns, Holm over every test.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { SwarmbenchError } from '../errors/index.ts'
import { compareRate } from '../compare/rate.ts'
import { compareSampled, decideSampled, type RoundData } from '../compare/statistical.ts'
import { holm, mean, median, ratePower } from '../compare/stats/index.ts'
import { createRng } from '../random/index.ts'
import type { ProvenanceKind } from '../schema/baseline.ts'
import type { CellFigures } from '../swarm/figures.ts'
import { runSwarm, type SwarmRunOptions, type SwarmRunResult } from '../swarm/run.ts'
import type { TrialRecord } from '../swarm/trial.ts'

export interface Variant {
  /** Shown in reports; unique. */
  name: string
  /** The CLAUDE.md to place in each workdir; null for none (the control). */
  file: string | null
}

/** The variants of `--variants a.md,b.md,none`: names from the file names, 'none' for the control. */
export function variantsFrom(list: readonly string[]): Variant[] {
  const out: Variant[] = []
  for (const item of list) {
    const file = item === 'none' ? null : item
    if (out.some(v => v.file === file)) throw new SwarmbenchError(`variant '${item}' is given twice`, { field: 'variants', fix: 'list each CLAUDE.md once' })
    let name = file === null ? 'none' : basename(file).replace(/\.md$/i, '')
    if (out.some(v => v.name === name)) name = file ?? 'none'
    out.push({ name, file })
  }
  return out
}

export interface EvaluateClaudeMdOptions extends Omit<SwarmRunOptions, 'matrix' | 'claudeMd' | 'order'> {
  variants: readonly Variant[]
  /** Family-wise significance level (Holm over every test of the evaluation). Default 0.05. */
  alpha?: number
  /** Relative change a per-trial figure's median-ratio interval must clear to count (default 0.05). */
  threshold?: number
  /** Percentage points a success-rate difference must exceed to count (default 1, the gate's). */
  maxDropPoints?: number
  /** Bootstrap resamples for the intervals (default 2000), seeded from `seed`. */
  resamples?: number
}

export const COMPARED = ['success_rate', 'tokens', 'cost_usd', 'wall_ms', 'turns'] as const
export type ComparedMetric = (typeof COMPARED)[number]

export interface VariantResult {
  name: string
  file: string | null
  figures: CellFigures
  /** Per-trial samples, one per trial in trial order (tokens: input + output + cache read + cache write). */
  samples: { tokens: number[]; costUsd: number[] | null; wallMs: number[]; turns: number[] | null }
}

/** b relative to a on one metric. */
export interface PairComparison {
  a: string
  b: string
  metric: ComparedMetric
  better: 'higher' | 'lower'
  /** Success rate, or the median per trial. */
  valueA: number
  valueB: number
  changePct: number | null
  /** 95% interval of the ratio of medians − 1 (per-trial metrics). */
  ci?: [number, number]
  p?: number
  pAdjusted?: number
  /**
   * 'better' / 'worse': significant after Holm and beyond the threshold; 'same': significant but within the
   * threshold; 'cannot tell': not significant; 'too few': fewer trials than a verdict needs.
   */
  verdict: 'better' | 'worse' | 'same' | 'cannot tell' | 'too few'
  /** For a success rate that cannot tell: the drop these counts detect with 80% power at the test's level. */
  detectablePoints?: number
  note?: string
}

export interface ClaudeMdEvaluation {
  suite: string
  engine: string
  variants: VariantResult[]
  comparisons: PairComparison[]
  /** Tests in the Holm family. */
  family: number
  alpha: number
  threshold: number
  provenance: ProvenanceKind
  /** One sentence per finding: which variant is better on what, and where the data cannot tell. */
  statements: string[]
  run: SwarmRunResult
}

export async function evaluateClaudeMd(o: EvaluateClaudeMdOptions): Promise<ClaudeMdEvaluation> {
  if (o.variants.length < 2) throw new SwarmbenchError('needs at least two variants to compare', { field: 'variants', fix: 'e.g. --variants CLAUDE.md,none' })
  const names = new Set(o.variants.map(v => v.name))
  if (names.size !== o.variants.length) throw new SwarmbenchError('two variants share a name', { field: 'variants', fix: 'give each variant its own name' })
  const { variants, alpha: alphaIn, threshold: thresholdIn, maxDropPoints: maxDropIn, resamples: resamplesIn, ...runOptions } = o
  // The checkpoint's batch id names each variant's content: an edited CLAUDE.md is a new run, never resumed from the old one.
  const contents = variants.map(v => [v.name, v.file === null ? null : createHash('sha256').update(readVariant(v.file)).digest('hex')])
  const runId = o.runId ?? `claude-md-${createHash('sha256').update(JSON.stringify([o.suite ?? 'tasks', o.engine.name, o.seed ?? 0, o.repeats, o.tasks.map(t => t.id), contents, o.cassettes?.mode ?? 'live'])).digest('hex').slice(0, 16)}`
  const run = await runSwarm({
    ...runOptions, runId, matrix: { claudeMd: variants.map(v => v.name) }, order: 'interleaved',
    claudeMd: Object.fromEntries(variants.map(v => [v.name, v.file])),
  })
  return judge(run, variants, { alpha: alphaIn ?? 0.05, threshold: thresholdIn ?? 0.05, maxDropPoints: maxDropIn ?? 1, resamples: resamplesIn ?? 2000, seed: o.seed ?? 0, engine: o.engine.name })
}

function readVariant(file: string): Buffer {
  try { return readFileSync(file) } catch (e) {
    throw new SwarmbenchError(`cannot read the variant (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { file, fix: 'pass existing CLAUDE.md files, or none for the control' })
  }
}

interface JudgeOptions { alpha: number; threshold: number; maxDropPoints: number; resamples: number; seed: number; engine: string }

/** The comparisons of a finished run whose cells are claudeMd=<variant>. Pure. */
export function judge(run: SwarmRunResult, variants: readonly Variant[], j: JudgeOptions): ClaudeMdEvaluation {
  const results: VariantResult[] = variants.map(v => {
    const key = `claudeMd=${v.name}`
    const figures = run.cells.find(c => c.cell === key)
    const trials = run.trials.filter(t => t.cell === key)
    if (!figures || trials.length === 0) throw new SwarmbenchError(`variant '${v.name}' has no finished trials`, { field: 'variants', fix: 'see the infrastructure failures above; rerun the same command to resume' })
    return { name: v.name, file: v.file, figures, samples: samplesOf(trials) }
  })
  type Pending = Omit<PairComparison, 'verdict'> & { decide: (pAdj: number | undefined) => PairComparison['verdict'] }
  const pending: Pending[] = []
  const rng = createRng(j.seed ^ 0x5eed)
  for (let i = 0; i < results.length; i++) for (let k = i + 1; k < results.length; k++) {
    const a = results[i]!, b = results[k]!
    const rate = compareRate({ successes: a.figures.successes, trials: a.figures.trials }, { successes: b.figures.successes, trials: b.figures.trials }, 'higher', j.maxDropPoints)
    pending.push({
      a: a.name, b: b.name, metric: 'success_rate', better: 'higher', valueA: rate.base!, valueB: rate.head!, changePct: rate.changePct, p: rate.p!, note: rate.note!,
      decide: pAdj => {
        if (pAdj === undefined || pAdj > j.alpha) return 'cannot tell'
        const v = rate.decide(pAdj, j.alpha)
        return v === 'regressed' ? 'worse' : v === 'improved' ? 'better' : 'same'
      },
    })
    const sampled: [ComparedMetric, number[] | null, number[] | null][] = [
      ['tokens', a.samples.tokens, b.samples.tokens], ['cost_usd', a.samples.costUsd, b.samples.costUsd],
      ['wall_ms', a.samples.wallMs, b.samples.wallMs], ['turns', a.samples.turns, b.samples.turns],
    ]
    for (const [metric, xa, xb] of sampled) {
      if (!xa || !xb) continue
      const s = compareSampled(rounds(xa), rounds(xb), { better: 'lower', threshold: j.threshold, singleRunThreshold: j.threshold, alpha: j.alpha, minSamples: 4, warnSamples: 10, resamples: j.resamples, rng: rng.fork(), independent: true })
      pending.push({
        a: a.name, b: b.name, metric, better: 'lower', valueA: s.base!, valueB: s.head!, changePct: s.changePct ?? null,
        ...(s.ci ? { ci: s.ci } : {}), ...(s.p !== undefined ? { p: s.p } : {}), ...(s.note ? { note: s.note } : {}),
        decide: pAdj => {
          if (s.p === undefined) return 'too few'
          if (pAdj === undefined || pAdj > j.alpha) return 'cannot tell'
          const v = decideSampled(s, pAdj, j.alpha, 'lower')
          return v === 'regressed' ? 'worse' : v === 'improved' ? 'better' : 'same'
        },
      })
    }
  }
  const tested = pending.filter(p => p.p !== undefined)
  const adjusted = holm(tested.map(p => p.p!))
  const family = tested.length
  const comparisons: PairComparison[] = pending.map(({ decide, ...p }) => {
    const i = tested.indexOf(pending.find(x => x.a === p.a && x.b === p.b && x.metric === p.metric)!)
    const pAdjusted = i >= 0 ? adjusted[i] : undefined
    const verdict = decide(pAdjusted)
    const out: PairComparison = { ...p, ...(pAdjusted !== undefined ? { pAdjusted } : {}), verdict }
    if (p.metric === 'success_rate' && verdict === 'cannot tell') {
      const ra = results.find(r => r.name === p.a)!.figures, rb = results.find(r => r.name === p.b)!.figures
      const d = detectableDrop(Math.max(p.valueA, p.valueB), Math.min(ra.trials, rb.trials), j.alpha / Math.max(1, family))
      if (d !== undefined) out.detectablePoints = d
    }
    return out
  })
  const kinds = new Set(results.map(r => r.figures.provenance))
  const provenance: ProvenanceKind = kinds.has('replayed') ? 'replayed' : kinds.has('stand-in') ? 'stand-in' : 'measured'
  return { suite: run.suite, engine: j.engine, variants: results, comparisons, family, alpha: j.alpha, threshold: j.threshold, provenance, statements: statements(comparisons, j), run }
}

function samplesOf(trials: readonly TrialRecord[]): VariantResult['samples'] {
  const priced = trials.every(t => t.costUsd !== null)
  const turns = trials.every(t => t.turns !== undefined)
  return {
    tokens: trials.map(t => t.tokens.input + t.tokens.output + t.tokens.cacheRead + t.tokens.cacheWrite),
    costUsd: priced ? trials.map(t => t.costUsd!) : null,
    wallMs: trials.map(t => t.wallMs),
    turns: turns ? trials.map(t => t.turns!) : null,
  }
}

/** Each trial is its own independent run: one unit of analysis. */
/** Per-trial figures as one set of samples: each trial is its own independent agent run (see `independent` below). */
function rounds(xs: readonly number[]): RoundData[] {
  return [{ samples: [...xs], median: median(xs), mean: mean(xs) }]
}

/** Smallest drop in points below `rate` that n trials per side flag with 80% power at `level` (Barnard), by bisection. */
export function detectableDrop(rate: number, n: number, level: number): number | undefined {
  const base = Math.min(Math.max(rate, 0.05), 1)
  if (ratePower({ base, head: 0, n, level }) < 0.8) return undefined
  let lo = 0, hi = base
  for (let i = 0; i < 7; i++) {
    const mid = (lo + hi) / 2
    if (ratePower({ base, head: base - mid, n, level }) >= 0.8) hi = mid; else lo = mid
  }
  return Math.ceil(hi * 100)
}

const LABEL: Record<ComparedMetric, string> = { success_rate: 'success rate', tokens: 'tokens per trial', cost_usd: 'cost per trial', wall_ms: 'time per trial', turns: 'turns per trial' }

function statements(cs: readonly PairComparison[], j: JudgeOptions): string[] {
  const out: string[] = []
  const pairs = [...new Set(cs.map(c => `${c.a}\u0000${c.b}`))].map(k => k.split('\u0000') as [string, string])
  for (const [a, b] of pairs) {
    const mine = cs.filter(c => c.a === a && c.b === b)
    for (const c of mine) {
      const p = c.pAdjusted !== undefined ? `Holm p = ${fmtP(c.pAdjusted)}` : 'untested'
      if (c.verdict === 'better' || c.verdict === 'worse') {
        const costly = (c.metric === 'tokens' || c.metric === 'cost_usd') && c.verdict === 'worse'
        const what = c.metric === 'success_rate'
          ? `${b} solves ${c.verdict === 'better' ? 'more' : 'fewer'} tasks than ${a}: ${pct(c.valueB)} vs ${pct(c.valueA)}`
          : `${b} is ${costly ? 'costlier' : c.verdict === 'better' ? 'better' : 'worse'} than ${a} on ${LABEL[c.metric]}: ${signed(c.changePct)} (95% CI ${signed(c.ci![0] * 100)} to ${signed(c.ci![1] * 100)})`
        out.push(`${what}, ${p}.`)
      } else if (c.verdict === 'same') {
        out.push(`${a} and ${b} do not differ in ${LABEL[c.metric]} beyond ${c.metric === 'success_rate' ? `${j.maxDropPoints} point(s)` : `±${+(j.threshold * 100).toFixed(1)}%`} (${p}).`)
      } else if (c.verdict === 'cannot tell' && c.metric === 'success_rate') {
        out.push(`The data cannot tell ${a} and ${b} apart on success rate: ${a} ${pct(c.valueA)}, ${b} ${pct(c.valueB)}, ${p}${c.detectablePoints !== undefined ? `; these trials detect a drop of about ${c.detectablePoints} points with 80% power` : '; these trials are too few to detect even a drop to zero'}.`)
      } else if (c.verdict === 'too few') {
        out.push(`Too few trials to compare ${a} and ${b} on ${LABEL[c.metric]}.`)
      }
    }
    const silent = mine.filter(c => c.verdict === 'cannot tell' && c.metric !== 'success_rate').map(c => LABEL[c.metric])
    if (silent.length) out.push(`No significant difference between ${a} and ${b} in ${silent.join(', ')}.`)
  }
  return out
}

const pct = (x: number) => `${+(x * 100).toFixed(1)}%`
const signed = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${+x.toFixed(1)}%`)
const fmtP = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3))

/** The seed system's weighted "optimization score", computed from measured figures (it used a sleep and words × 10). */
export const SEED_WEIGHTS = { completion: 0.3, time: 0.25, errors: 0.2, tokens: 0.15, parallel: 0.1 } as const

export interface SeedScore {
  /** Sum of the weighted terms that could be computed. */
  score: number
  /** The largest score reachable without the missing terms (1 when none is missing). */
  outOf: number
  terms: { completion: number; time: number; errors: number; tokens: number; parallel: null }
  weights: typeof SEED_WEIGHTS
  definitions: string
}

export function seedScore(v: VariantResult): SeedScore {
  const f = v.figures
  const meanWallS = f.wallMs.reduce((s, x) => s + x, 0) / f.wallMs.length / 1000
  const errors = Object.values(f.failures).reduce((s, x) => s + x, 0) / f.trials
  const tokens = f.tokens.input + f.tokens.output
  const terms = { completion: f.successRate, time: Math.max(0, 1 - meanWallS / 10), errors: 1 - errors, tokens: Math.max(0, 1 - tokens / 1000), parallel: null }
  const w = SEED_WEIGHTS
  return {
    score: w.completion * terms.completion + w.time * terms.time + w.errors * terms.errors + w.tokens * terms.tokens,
    outOf: 1 - w.parallel, terms, weights: w,
    definitions: 'completion = success rate; time = max(0, 1 − mean seconds per trial / 10); errors = 1 − share of trials with a failure class; tokens = max(0, 1 − mean input+output tokens per trial / 1000); parallel efficiency: not measured (the seed fixed it at 0.85), left out',
  }
}

