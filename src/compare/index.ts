// The comparison engine: two baselines in, one row per (entry, figure) out, with verdicts that can gate a merge.
// Pure: no Vitest import, all randomness seeded.
import type { Baseline, Entry, Metric } from '../schema/baseline.ts'
import { createRng } from '../random/index.ts'
import { environmentMismatches } from './environment.ts'
import { parseCompareOptions, resolvePolicy, type CompareOptions, type CompareOptionsInput } from './options.ts'
import { decodeSamples } from './samples.ts'
import { adjust, EXACT_LIMIT, mean, median } from './stats/index.ts'
import { compareSampled, decideSampled, mdePct, type RoundData, type StatOutcome } from './statistical.ts'
import { compareQuality, compareTolerance } from './tolerance.ts'
import { compareRate, totalCounts, type RateOutcome } from './rate.ts'
import type { Comparison, ComparisonRow, Verdict } from './types.ts'

export type { Comparison, ComparisonRow, Verdict } from './types.ts'
export { CompareOptionsSchema, parseCompareOptions, matchId, resolvePolicy } from './options.ts'
export type { CompareOptions, CompareOptionsInput, Override, RowPolicy } from './options.ts'
export { decodeSamples, encodeSamples, downsample } from './samples.ts'
export { environmentMismatches, nodeMajor } from './environment.ts'
export * as stats from './stats/index.ts'

export const LATENCY = 'latency'

interface Pending { row: ComparisonRow; stat?: StatOutcome | RateOutcome }

export function compareBaselines(base: Baseline, head: Baseline, options?: CompareOptionsInput): Comparison {
  const o = parseCompareOptions(options)
  const mismatches = environmentMismatches(base.run.env, head.run.env)
  const timingGated = mismatches.length === 0 || o.gateTimingOnEnvMismatch
  const pending: Pending[] = []
  const ids = [...new Set([...Object.keys(base.entries), ...Object.keys(head.entries)])].sort()
  for (const id of ids) pending.push(...compareEntry(id, base.entries[id], head.entries[id], o, timingGated))

  // Suite-wide correction over every row that ran a test.
  const tested = pending.filter(p => p.stat?.p !== undefined)
  const adjusted = adjust(tested.map(p => p.stat!.p!), o.correction)
  tested.forEach((p, i) => { p.row.pAdjusted = adjusted[i]! })
  const m = tested.length
  const unreachable: string[] = []
  for (const p of pending) {
    if (!p.stat) continue
    p.row.verdict = 'decide' in p.stat ? p.stat.decide(p.row.pAdjusted, o.alpha) : decideSampled(p.stat, p.row.pAdjusted, o.alpha, p.row.better)
    // A test that cannot reach significance at this n is no evidence of "unchanged": say so, so that a gate
    // built on too few rounds fails closed instead of passing.
    const minP = 'minP' in p.stat ? p.stat.minP : p.stat.n ? smallestP(p.stat.n.base, p.stat.n.head) : 0
    const floor = minP * (o.correction === 'holm' ? m : 1)
    if (p.row.verdict === 'unchanged' && floor > o.alpha) {
      p.row.verdict = 'inconclusive'
      const note = `with ${p.stat.n!.base} vs ${p.stat.n!.head} ${p.stat.method === 'rounds' ? 'rounds' : p.stat.method === 'points' ? 'trials' : 'samples'} the smallest attainable p after correction over ${m} test(s) is ${floor.toPrecision(2)} > α = ${o.alpha}: add rounds`
      p.row.note = p.row.note ? `${p.row.note}; ${note}` : note
      unreachable.push(`${p.row.id} ${p.row.metric}`)
    }
    const mde = mdePct(p.stat, o.alpha, tested.length)
    if (mde !== undefined) p.row.mdePct = mde
  }
  const rows = pending.map(p => p.row)
  const w = warnings(pending, mismatches, timingGated, o)
  if (unreachable.length) w.push(`${unreachable.length} row(s) cannot reach significance at their sample size after the ${o.correction === 'holm' ? 'Holm' : 'BH'} correction (inconclusive, not unchanged): use more rounds`)
  return { environment: { mismatches, timingGated }, rows, warnings: w, summary: summarize(rows) }
}

function compareEntry(id: string, b: Entry | undefined, h: Entry | undefined, o: CompareOptions, timingGated: boolean): Pending[] {
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
    if (bt && ht) out.push(statistical(row, latencyRounds(b!), latencyRounds(h!), policy.threshold, o))
    else { fillOneSide(row, bt ? latencyRounds(b!).map(r => r.median) : latencyRounds(h!).map(r => r.median), !!bt); out.push({ row }) }
  }
  const names = [...new Set([...Object.keys(b?.metrics ?? {}), ...Object.keys(h?.metrics ?? {})])].sort()
  for (const name of names) out.push(compareMetric(id, name, b?.metrics[name], h?.metrics[name], o, timingGated, thresholds[name]))
  return out
}

function compareMetric(id: string, name: string, bm: Metric | undefined, hm: Metric | undefined, o: CompareOptions, timingGated: boolean, threshold: number | undefined): Pending {
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
      return statistical(row, metricRounds(bm), metricRounds(hm), policy.threshold, o)
    case 'memory':
      // Statistical when sampled or when enough runs exist to serve as units; otherwise a relative tolerance.
      if (sampled || Math.min(bv.length, hv.length) >= o.minSamples) return statistical(row, metricRounds(bm), metricRounds(hm), policy.memory.threshold ?? policy.threshold, o)
      Object.assign(row, compareTolerance(bv, hv, m.better, { relTol: policy.memory.relTol, absTol: 0 }))
      return { row }
    case 'quality':
      Object.assign(row, compareQuality(bv, hv, m.better, m.unit, policy.quality.maxDropPoints))
      return { row }
    case 'difference': {
      // judged by its change in its own unit: a percent of a base near 0 (or of the other sign) means nothing
      Object.assign(row, compareTolerance(bv, hv, m.better, { relTol: 0, absTol: policy.difference.absTol }), { changePct: null })
      return { row }
    }
    default: // deterministic and info
      Object.assign(row, compareTolerance(bv, hv, m.better, policy.deterministic))
      return { row }
  }
}

function statistical(row: ComparisonRow, b: RoundData[], h: RoundData[], threshold: number, o: CompareOptions): Pending {
  const stat = compareSampled(b, h, {
    better: row.better, threshold, singleRunThreshold: o.singleRunThreshold, alpha: o.alpha,
    minSamples: o.minSamples, warnSamples: o.warnSamples, resamples: o.bootstrap.resamples,
    rng: createRng(o.bootstrap.seed ^ hash(`${row.id}\u0000${row.metric}`)),
  })
  const { ci: _ci, lowPower: _lp, singleRun: _sr, relSe: _se, note, ...fields } = stat
  Object.assign(row, fields)
  row.verdict = 'inconclusive'
  if (note) row.note = row.note ? `${row.note}; ${note}` : note
  return { row, stat }
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

function warnings(pending: Pending[], mismatches: string[], timingGated: boolean, o: CompareOptions): string[] {
  const w: string[] = []
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
