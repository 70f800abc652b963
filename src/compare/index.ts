// The comparison engine: two baselines in, one row per (entry, figure) out, with verdicts that can gate a merge.
// Pure: no Vitest import, all randomness seeded.
import type { Baseline, Entry, Metric } from '../schema/baseline.ts'
import { createRng } from '../random/index.ts'
import { environmentMismatches } from './environment.ts'
import { parseCompareOptions, resolvePolicy, type CompareOptions, type CompareOptionsInput } from './options.ts'
import { decodeSamples } from './samples.ts'
import { EXACT_LIMIT, fitVariancePrior, mean, median, normalQuantile, predictionTest, tQuantile } from './stats/index.ts'
import { compareSampled, decideSampled, finishModerated, mdePct, type RoundData, type StatOutcome } from './statistical.ts'
import { correctFamily } from './family.ts'
import { sequentialLook, type SequentialLook, type SequentialOutcome } from './sequential.ts'
import { noiseKey, type NoiseHistory } from './noise-history.ts'
import { compareQuality, compareTolerance } from './tolerance.ts'
import { compareRate, totalCounts, type RateOutcome } from './rate.ts'
import type { Comparison, ComparisonRow, Verdict } from './types.ts'

/** `judgedOn` of a timing row left ungated because each side is one process run. */
export const SINGLE_PROCESS_JUDGED_ON = 'not gated: one process per side'

export type { Comparison, ComparisonRow, Verdict } from './types.ts'
export { CompareOptionsSchema, parseCompareOptions, matchId, resolvePolicy } from './options.ts'
export type { CompareOptions, CompareOptionsInput, Override, RowPolicy } from './options.ts'
export { decodeSamples, encodeSamples, downsample } from './samples.ts'
export { environmentMismatches, nodeMajor } from './environment.ts'
export * as stats from './stats/index.ts'
export { correctFamily } from './family.ts'
export type { FamilyMember, FamilyResult, Correction } from './family.ts'
export { noiseKey } from './noise-history.ts'
export { SequentialPlanSchema, SpendingSchema, DEFAULT_LOOKS, emptySequentialState, rowKey } from './sequential.ts'
export type { SequentialPlan, SequentialPlanInput, SequentialState, SequentialLook, SequentialOutcome, Settled } from './sequential.ts'
export type { NoiseHistory } from './noise-history.ts'

/** What a comparison may use besides the two runs. */
export interface CompareContext {
  /** Earlier single-process runs, to judge timing that rests on one process per side. */
  history?: NoiseHistory
  /** One look of the adaptive gate: gating rows are decided by group-sequential boundaries (src/compare/sequential.ts). */
  sequential?: SequentialLook
}

export const LATENCY = 'latency'

interface Pending { row: ComparisonRow; stat?: StatOutcome | RateOutcome }

interface Ctx { o: CompareOptions; timingGated: boolean; history: NoiseHistory | undefined }

export function compareBaselines(base: Baseline, head: Baseline, options?: CompareOptionsInput, context: CompareContext = {}): Comparison {
  const o = parseCompareOptions(options)
  const mismatches = environmentMismatches(base.run.env, head.run.env)
  const timingGated = mismatches.length === 0 || o.gateTimingOnEnvMismatch
  const ctx: Ctx = { o, timingGated, history: context.history }
  const pending: Pending[] = []
  const ids = [...new Set([...Object.keys(base.entries), ...Object.keys(head.entries)])].sort()
  for (const id of ids) pending.push(...compareEntry(id, base.entries[id], head.entries[id], ctx))

  // Rounds rows: the moderated t, with the prior of the between-round variance fitted per kind over all of them.
  const byKind = new Map<string, Pending[]>()
  for (const p of pending) if (p.stat && 'logRounds' in p.stat && p.stat.logRounds) byKind.set(p.row.kind, [...(byKind.get(p.row.kind) ?? []), p])
  for (const group of byKind.values()) {
    const prior = fitVariancePrior(group.map(p => p.stat!.logRounds!.s2), group.map(p => p.stat!.logRounds!.df))
    for (const p of group) {
      const stat = p.stat as StatOutcome
      const { df } = finishModerated(stat, prior, o.alpha)
      p.row.p = stat.p!
      p.row.ciPct = stat.ciPct!
      p.row.judgedOn = `${stat.n!.base} vs ${stat.n!.head} rounds, moderated t (${Number.isFinite(df) ? `${+df.toFixed(1)} df` : 'pooled variance'}${prior ? `, variance pooled over ${group.length} rows` : ''})`
    }
  }

  // The family step (src/compare/family.ts): gating rows are corrected together, the others among themselves.
  const tested = pending.filter(p => p.stat?.p !== undefined)
  const family = correctFamily(tested.map(p => ({ p: p.stat!.p!, gating: p.row.gating, minP: minPOf(p.stat!) })), o.correction, o.alpha)
  tested.forEach((p, i) => { p.row.pAdjusted = family.pAdjusted[i]! })
  const unreachable: string[] = []
  const seq = context.sequential
  tested.forEach((p, i) => {
    const stat = p.stat!
    const m = family.familySize[i]!
    if (seq && p.row.gating) {
      // decided by the look's boundaries below; the MDE is shown as in the fixed design
      const mde = mdePct(stat, o.alpha, m)
      if (mde !== undefined) p.row.mdePct = mde
      return
    }
    p.row.verdict = 'decide' in stat ? stat.decide(p.row.pAdjusted, o.alpha) : decideSampled(stat, p.row.pAdjusted, o.alpha, p.row.better)
    // A test that cannot reach significance at this n is no evidence of "unchanged": say so, so that a gate
    // built on too few rounds fails closed instead of passing.
    if (p.row.verdict === 'unchanged' && !family.reachable[i]) {
      const floor = minPOf(stat) * (o.correction === 'holm' ? m : 1)
      p.row.verdict = 'inconclusive'
      const note = `with ${stat.n!.base} vs ${stat.n!.head} ${stat.method === 'rounds' ? 'rounds' : stat.method === 'points' ? 'trials' : 'samples'} the smallest attainable p after correction over ${m} test(s) is ${floor.toPrecision(2)} > α = ${o.alpha}: add rounds`
      p.row.note = p.row.note ? `${p.row.note}; ${note}` : note
      unreachable.push(`${p.row.id} ${p.row.metric}`)
    }
    const mde = mdePct(stat, o.alpha, m)
    if (mde !== undefined) p.row.mdePct = mde
  })
  let sequential: SequentialOutcome | undefined
  if (seq) {
    const gatingTested = tested.filter(p => p.row.gating)
    sequential = sequentialLook(gatingTested.map(p => {
      const stat = p.stat!
      return {
        row: p.row, stat, minP: minPOf(stat),
        decide: (rejected: boolean) => ('decide' in stat ? stat.decide(rejected ? 0 : 1, o.alpha) : decideSampled(stat, rejected ? 0 : 1, o.alpha, p.row.better)),
      }
    }), pending.filter(p => p.row.gating && p.stat?.p === undefined).map(p => p.row), o.alpha, seq)
  }
  // Untested rows without a verdict of their own (n too small) stay inconclusive.
  const rows = pending.map(p => p.row)
  for (const row of rows) row.judgedOn ??= judgedOn(row)
  const w = warnings(pending, mismatches, ctx)
  if (unreachable.length) w.push(`${unreachable.length} row(s) cannot reach significance at their sample size after the ${o.correction === 'holm' ? 'Holm' : 'BH'} correction (inconclusive, not unchanged): use more rounds`)
  return { environment: { mismatches, timingGated }, rows, warnings: w, summary: summarize(rows), ...(sequential ? { sequential } : {}) }
}

function minPOf(stat: StatOutcome | RateOutcome): number {
  if ('minP' in stat) return stat.minP
  // continuous tests (moderated t, prediction test) have no floor; the rank test does
  return stat.method !== 'history' && !stat.logRounds && stat.n ? smallestP(stat.n.base, stat.n.head) : 0
}

/** The default "judged on" phrase of a row, from the units its verdict rests on. */
function judgedOn(row: ComparisonRow): string {
  const n = row.n
  switch (row.method) {
    case 'rounds': return `${n!.base} vs ${n!.head} rounds, rank test`
    case 'samples': return 'samples of one run per side'
    case 'points': return row.p !== undefined ? `${n!.base} vs ${n!.head} trials, exact test` : 'quality points'
    case 'tolerance': return 'exact figures'
    default: return row.verdict === 'new' || row.verdict === 'missing' ? 'one side only' : 'no test'
  }
}

function compareEntry(id: string, b: Entry | undefined, h: Entry | undefined, ctx: Ctx): Pending[] {
  const { o, timingGated } = ctx
  const out: Pending[] = []
  const thresholds = { ...b?.thresholds, ...h?.thresholds }
  // Timing of the benchmark itself.
  const bt = b && b.rounds.length > 0, ht = h && h.rounds.length > 0
  if (bt || ht) {
    const policy = resolvePolicy(o, id, LATENCY, 'timing', thresholds[LATENCY])
    const row: ComparisonRow = {
      id, metric: LATENCY, unit: 'ms', better: 'lower', kind: 'timing', base: null, head: null, changePct: null,
      verdict: bt ? 'missing' : 'new', gating: policy.gating && timingGated,
    }
    if (!timingGated) row.note = 'environments differ: timing shown but not gated'
    const provenance = h?.provenance ?? b?.provenance
    if (provenance !== undefined) row.provenance = provenance
    if (bt && ht) out.push(statistical(row, latencyRounds(b!), latencyRounds(h!), policy.threshold, ctx, latencySummary(h!, ctx.history?.summary ?? o.history.summary)))
    else { fillOneSide(row, bt ? latencyRounds(b!).map(r => r.median) : latencyRounds(h!).map(r => r.median), !!bt); out.push({ row }) }
  }
  const names = [...new Set([...Object.keys(b?.metrics ?? {}), ...Object.keys(h?.metrics ?? {})])].sort()
  for (const name of names) out.push(compareMetric(id, name, b?.metrics[name], h?.metrics[name], ctx, thresholds[name]))
  return out
}

function compareMetric(id: string, name: string, bm: Metric | undefined, hm: Metric | undefined, ctx: Ctx, threshold: number | undefined): Pending {
  const { o, timingGated } = ctx
  const m = (hm ?? bm)!
  const policy = resolvePolicy(o, id, name, m.kind, threshold)
  // a difference is usually of two timings (an overhead): across environments it is shown, not gated
  const isTiming = m.kind === 'timing' || m.kind === 'difference'
  const row: ComparisonRow = {
    id, metric: name, unit: m.unit, better: m.better, kind: m.kind, base: null, head: null, changePct: null,
    verdict: bm ? 'missing' : 'new', gating: policy.gating && (!isTiming || timingGated),
  }
  const provenance = hm?.provenance ?? bm?.provenance
  if (provenance !== undefined) row.provenance = provenance
  if (isTiming && !timingGated) row.note = 'environments differ: timing shown but not gated'
  if (!bm || !hm) { fillOneSide(row, (bm ?? hm)!.rounds.map(r => r.value), !!bm); return { row } }
  if (bm.kind !== hm.kind || bm.better !== hm.better || bm.unit !== hm.unit) {
    row.verdict = 'inconclusive'
    row.note = `definition changed: base ${bm.kind}/${bm.better}/${bm.unit || '-'} vs head ${hm.kind}/${hm.better}/${hm.unit || '-'}`
    return { row }
  }
  // --- Rates with counts (success rates of repeated trials): exact test, joins the corrected family. ---
  const bc = totalCounts(bm), hc = totalCounts(hm)
  if (bc && hc) {
    const stat = compareRate(bc, hc, m.better, policy.quality.maxDropPoints)
    const { decide: _d, minP: _m, lowPower: _lp, singleRun: _sr, ...fields } = stat
    Object.assign(row, fields, { verdict: 'inconclusive' })
    return { row, stat }
  }
  // --- end of rates ---
  const bv = bm.rounds.map(r => r.value), hv = hm.rounds.map(r => r.value)
  const sampled = bm.rounds.some(r => r.samples?.length) || hm.rounds.some(r => r.samples?.length)
  switch (m.kind) {
    case 'timing':
      return statistical(row, metricRounds(bm), metricRounds(hm), policy.threshold, ctx, metricSummary(hm))
    case 'memory':
      // Statistical when sampled or when enough runs exist to serve as units; otherwise a relative tolerance.
      if (sampled || Math.min(bv.length, hv.length) >= o.minSamples) return statistical(row, metricRounds(bm), metricRounds(hm), policy.memory.threshold ?? policy.threshold, ctx, metricSummary(hm))
      Object.assign(row, compareTolerance(bv, hv, m.better, { relTol: policy.memory.relTol, absTol: 0 }))
      return { row }
    case 'quality':
      Object.assign(row, compareQuality(bv, hv, m.better, m.unit, policy.quality.maxDropPoints))
      return { row }
    case 'difference': {
      // judged by its change in its own unit: a percent of a base near 0 (or of the other sign) means nothing
      Object.assign(row, compareTolerance(bv, hv, m.better, { relTol: 0, absTol: policy.difference.absTol }), { changePct: null })
      // A difference or ratio of two measurements made in one process per side (an overhead: pool vs bare, with vs
      // without checkpoints) moves between processes as the timings it comes from do, by an amount one process
      // cannot show, whatever its unit: A/A runs of our own suite moved batch.checkpoint_overhead_ratio 2.05 → 4.18
      // and pool.overhead_ratio −0.02 → +0.08 (ratios), as 9bcf629 saw for the ms/µs ones. Like single-run
      // timing, it is shown but does not gate; from rounds on both sides it does. An exact figure that must gate
      // from one run is 'deterministic' or 'quality', not 'difference'.
      if (Math.min(bv.length, hv.length) < 2 && row.gating) {
        row.gating = false
        row.tentative = true
        row.judgedOn = SINGLE_PROCESS_JUDGED_ON
        row.note = `not gated: a difference of measurements from one process per side (between-process noise unknown); for a verdict run \`swarmbench gate --base <ref>\``
      }
      return { row }
    }
    default: // deterministic and info
      // Per-trial samples of a usage figure (tokens, cost of repeated agent trials): each sample is its own trial,
      // so the rank test judges them, against the deterministic tolerance when one is set, else the noise threshold.
      // A base of 0 (no cache writes…) has no ratio to judge: the tolerance compares the medians then.
      if (m.kind === 'deterministic' && bm.rounds.every(r => r.samples?.length) && hm.rounds.every(r => r.samples?.length) && median(bm.rounds.flatMap(r => r.samples!)) !== 0) {
        return statistical(row, metricRounds(bm), metricRounds(hm), policy.deterministic.relTol || policy.threshold, ctx, undefined, true)
      }
      Object.assign(row, compareTolerance(bv, hv, m.better, policy.deterministic))
      return { row }
  }
}

function statistical(row: ComparisonRow, b: RoundData[], h: RoundData[], threshold: number, ctx: Ctx, headSummary?: number, independent = false): Pending {
  const { o } = ctx
  // Timing and allocation sampled in one process per side are judged on the history or not at all: the
  // within-run tests would be thrown away. Allocation per call moves between processes as timing does (JIT and
  // escape analysis decide it: a fresh clone's two runs gave 32 and 16 bytes per call for the same function, each
  // run's 10 samples all alike). Per-trial samples (independent agent runs) are judged as they are.
  const singleTiming = !independent && !(b.length >= 2 && h.length >= 2) && (row.kind === 'timing' || row.kind === 'memory') && row.gating
  const stat = compareSampled(b, h, {
    describeOnly: singleTiming,
    independent,
    better: row.better, threshold, singleRunThreshold: o.singleRunThreshold, alpha: o.alpha,
    minSamples: o.minSamples, warnSamples: o.warnSamples, resamples: o.bootstrap.resamples,
    rng: createRng(o.bootstrap.seed ^ hash(`${row.id}\u0000${row.metric}`)),
  })
  const { ci: _ci, lowPower: _lp, singleRun: _sr, relSe: _se, logRounds: _lr, note, ...fields } = stat
  Object.assign(row, fields)
  row.verdict = 'inconclusive'
  if (note) row.note = row.note ? `${row.note}; ${note}` : note
  // Timing from one process per side: the samples of one run say nothing about how much the next process
  // would differ, so such a row gates only when the history has measured that.
  if (singleTiming) return singleRunTiming(row, stat, threshold, ctx, headSummary)
  return { row, stat }
}

/**
 * A timing row with one process on (at least) one side. With `history.minRuns` earlier single-process runs of
 * the benchmark, the head's per-run summary is judged by a prediction test against them (log scale; t with
 * K − 1 df). Without them the row is shown with its change and a "~", and does not gate.
 */
function singleRunTiming(row: ComparisonRow, stat: StatOutcome, threshold: number, ctx: Ctx, headSummary: number | undefined): Pending {
  const h = ctx.o.history
  const series = (ctx.history?.series.get(noiseKey(row.id, row.metric)) ?? []).filter(v => v > 0 && Number.isFinite(v)).slice(0, h.maxRuns)
  const sampled = Math.min(stat.n!.base, stat.n!.head) >= ctx.o.minSamples
  for (const k of ['p', 'ciPct', 'ciMeanPct', 'hlShiftPct', 'mdePct'] as const) delete row[k]
  if (headSummary !== undefined && headSummary > 0 && series.length >= h.minRuns) {
    const k = series.length
    const pt = predictionTest(series.map(Math.log), Math.log(headSummary), h.alpha, h.sdFloor)
    const d = Math.log(headSummary) - pt.mean
    const edge = Math.log(1 + threshold)
    const scale = pt.sd * Math.sqrt(1 + 1 / k)
    Object.assign(row, {
      p: pt.p, method: 'history', n: { base: k, head: 1 }, threshold,
      ciPct: [(Math.exp(pt.interval[0]) - 1) * 100, (Math.exp(pt.interval[1]) - 1) * 100],
      mdePct: (Math.exp(edge + (tQuantile(1 - h.alpha / 2, pt.df) + normalQuantile(0.8)) * scale) - 1) * 100,
      judgedOn: `history: ${k} earlier single-process runs`,
    })
    // The first clause is what compact outputs show beside "judged on history: K earlier single-process runs"
    // (judgedOn), so it says what that does not: how far this run lies from the history, against its noise.
    const note = `${pct(Math.exp(d) - 1)} from the history's mean (between-run sd ${pct(Math.exp(pt.sd) - 1).replace('+', '')}): this run's ${ctx.history!.summary} against the mean of ${k} earlier single-process runs (${ctx.history!.scope}); prediction test, t with ${pt.df} df, α ${h.alpha} per row before the family correction`
    row.note = note
    const outcome: RateOutcome = {
      ...stat, p: pt.p, method: 'history', n: { base: k, head: 1 }, lowPower: false, singleRun: false, minP: 0,
      decide(pAdjusted) {
        if (pAdjusted === undefined || pAdjusted > h.alpha) return 'unchanged'
        const up = pt.interval[0] > edge, down = pt.interval[1] < -edge
        if (!up && !down) return 'unchanged'
        return up === (row.better === 'lower') ? 'regressed' : 'improved'
      },
    }
    delete outcome.relSe
    return { row, stat: outcome }
  }
  // Not judged: the observed change, against the raised single-run threshold, is shown as "~ slower/faster".
  const seen = Math.max(threshold, ctx.o.singleRunThreshold) * 100
  const c = row.changePct
  row.verdict = !sampled ? 'inconclusive' // too few samples even to describe the change
    : c === null || Math.abs(c) <= seen ? 'unchanged' : (c > 0) === (row.better === 'lower') ? 'regressed' : 'improved'
  row.gating = false
  row.tentative = true
  row.judgedOn = SINGLE_PROCESS_JUDGED_ON
  const have = ctx.history ? `${series.length} of ${h.minRuns} earlier runs in the history` : 'no history'
  row.note = `not gated: between-process noise unknown (one process per side, ${have}); for a verdict run \`swarmbench gate --base <ref>\` or keep ${h.minRuns} runs in the history`
  return { row }
}

function pct(f: number): string {
  return `${f >= 0 ? '+' : ''}${+(f * 100).toPrecision(3)}%`
}

/** The head's single-run summary of its latency, as the history stores it (p50 or min of round 0). */
function latencySummary(e: Entry, summary: 'median' | 'min'): number | undefined {
  const r = e.rounds[0]
  return r ? (summary === 'min' ? r.latency.min : r.latency.p50) : undefined
}

/** A timing metric's single-run figure is its value (the history keeps the value, whatever the summary). */
function metricSummary(m: Metric): number | undefined {
  return m.rounds[0]?.value
}

function latencyRounds(e: Entry): RoundData[] {
  return e.rounds.map(r => {
    const samples = r.samples ? decodeSamples(r.samples) : []
    return { samples: samples.length ? samples : [r.latency.p50], median: r.latency.p50, mean: r.latency.mean }
  })
}

function metricRounds(m: Metric): RoundData[] {
  return m.rounds.map(r => {
    const samples = r.samples?.length ? r.samples.toSorted((x, y) => x - y) : [r.value]
    return { samples, median: r.value, mean: mean(samples) }
  })
}

function fillOneSide(row: ComparisonRow, values: number[], isBase: boolean): void {
  const v = values.length ? median(values) : null
  if (isBase) row.base = v
  else row.head = v
}

function warnings(pending: Pending[], mismatches: string[], ctx: Ctx): string[] {
  const { o, timingGated } = ctx
  const w: string[] = []
  const notGated = pending.filter(p => p.row.tentative)
  if (notGated.length) {
    const have = ctx.history ? `the history holds ${Math.min(ctx.history.runs, o.history.maxRuns)} of the ${o.history.minRuns} earlier single-process runs needed` : 'no history was read'
    w.push(`${notGated.length} timing row(s) not gated: one process per side cannot measure between-process noise (${have}). For a verdict: \`swarmbench gate --base <ref>\`, or keep ${o.history.minRuns} runs in the history`)
  }
  if (mismatches.length) w.push(`environments differ (${mismatches.join('; ')}): ${timingGated ? 'timing still gated because gateTimingOnEnvMismatch is set' : 'timing rows are not gated'}`)
  const single = pending.filter(p => p.stat?.singleRun)
  if (single.length) w.push(`${single.length} row(s) rest on a single process run per side: variation between processes was not measured, threshold raised to ${o.singleRunThreshold * 100}%; rerun with several rounds (e.g. --rounds 6)`)
  const low = pending.filter(p => p.stat?.lowPower)
  if (low.length) w.push(`${low.length} row(s) have fewer than ${o.warnSamples} units per side: low power (${low.slice(0, 3).map(p => `${p.row.id} ${p.row.metric}`).join(', ')}${low.length > 3 ? ', …' : ''})`)
  const small = pending.filter(p => p.stat && p.stat.p === undefined)
  if (small.length) w.push(`${small.length} row(s) inconclusive: fewer than ${o.minSamples} units per side`)
  return w
}

function summarize(rows: ComparisonRow[]): Record<Verdict, number> {
  const s: Record<Verdict, number> = { regressed: 0, improved: 0, unchanged: 0, inconclusive: 0, new: 0, missing: 0 }
  for (const r of rows) s[r.verdict]++
  return s
}

/** Smallest two-sided p the rank test can give: 2 / C(n1 + n2, n1) when exact, ~0 under the normal approximation. */
function smallestP(n1: number, n2: number): number {
  if (n1 + n2 > EXACT_LIMIT) return 0
  let c = 1
  for (let i = 1; i <= n1; i++) c = (c * (n2 + i)) / i
  return Math.min(1, 2 / c)
}

/** FNV-1a, so each row's bootstrap stream depends on its identity, not on its position in the suite. */
function hash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0
  return h
}
