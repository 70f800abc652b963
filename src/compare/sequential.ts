// The adaptive (group-sequential) gate's decisions at one look. The gate runs rounds in looks (e.g. after 2, 3,
// 4 and 6 rounds per side); at each look every gating row is tested with group-sequential boundaries:
// - efficacy: the row's nominal p against a Lan–DeMets spending boundary (O'Brien–Fleming type by default) at the
//   level Holm gives it, with rejections carried across looks (group-sequential Holm, stats/sequential-holm.ts):
//   the family-wise false-alarm rate stays ≤ α over all rows and all looks. A rejected row is "regressed"
//   (or "improved") once its repeated confidence interval (Jennison & Turnbull 1989), at the same boundary, lies
//   wholly beyond the noise threshold;
// - futility: a row that rules out a slowdown of `detect` (one-sided test of that slowdown at a β-spending
//   boundary) needs no more rounds. Futility is non-binding: the efficacy boundaries ignore it, so stopping for
//   futility (or going on for other rows) never raises the false-alarm rate; it only costs power, at most β at
//   a slowdown of `detect`.
// The gate stops when no gating row is open, or at the last look.
// Rows whose bench file did not run since the previous look (the gate runs only files with an open row, see
// Narrowing in src/gate/gate.ts) are not tested again: their data has not changed, so a later look's boundary (a
// larger information fraction) does not apply to it. They keep what their last look showed (a rejection stays; a
// futility stop becomes final, which non-binding futility always allows: not testing can only lower the
// false-alarm rate), and in Holm's family they still count as untested hypotheses (only a rejection frees level).
import { z } from 'zod'
import { normalQuantile, sequentialHolm, spendingBoundaries, spendingName, tCdf, tQuantile, type Spending } from './stats/index.ts'
import type { StatOutcome } from './statistical.ts'
import type { ComparisonRow, Verdict } from './types.ts'

export const SpendingSchema = z.discriminatedUnion('family', [
  z.strictObject({ family: z.literal('obrien-fleming') }),
  z.strictObject({ family: z.literal('pocock') }),
  z.strictObject({ family: z.literal('hsd'), gamma: z.number().min(-40).max(40) }),
  z.strictObject({ family: z.literal('power'), rho: z.number().gt(0).max(20) }),
])

export const DEFAULT_LOOKS = [2, 3, 4, 6] as const

export const SequentialPlanSchema = z.strictObject({
  /** Rounds per side at each look, increasing; the last is the most the gate runs. */
  looks: z.array(z.number().int().min(2).max(200)).min(1).max(20).default([...DEFAULT_LOOKS]).check(ctx => {
    if (ctx.value.some((v, i) => i > 0 && v <= ctx.value[i - 1]!)) ctx.issues.push({ code: 'custom', input: ctx.value, message: 'looks must increase (rounds per side at each look), e.g. [2, 3, 4, 6]' })
  }),
  /** How the family's α is spent over the looks. */
  efficacy: SpendingSchema.default({ family: 'obrien-fleming' }),
  futility: z.strictObject({
    /** Slowdown (fraction) the gate keeps its power for: a row that rules it out needs no more rounds. */
    detect: z.number().gt(0).lt(10).default(0.05),
    /** Largest chance that a row slowed by `detect` stops for futility. */
    beta: z.number().gt(0).lt(0.5).default(0.2),
    spending: SpendingSchema.default({ family: 'hsd', gamma: 1 }),
    /**
     * 'row': a row too noisy to show `detect` even at the last look is held to the slowdown it could show there
     * (with power 1 − β at its Holm level), so it does not keep the whole gate running; 'detect': every row to `detect`.
     */
    alternative: z.enum(['detect', 'row']).default('row'),
  }).default({ detect: 0.05, beta: 0.2, spending: { family: 'hsd', gamma: 1 }, alternative: 'row' }),
})
export type SequentialPlan = z.infer<typeof SequentialPlanSchema>
export type SequentialPlanInput = z.input<typeof SequentialPlanSchema>

/** Why a gating row needs no more rounds. */
export type Settled = 'efficacy' | 'futility' | 'fixed'

/** What earlier looks decided, carried to the next (plain JSON). */
export interface SequentialState {
  /** Rows (key: id + NUL + metric) whose null hypothesis was rejected at some look. */
  rejected: string[]
  /** Rows that need no more rounds, and at which look (index) they settled. */
  settled: Record<string, { look: number; why: Settled; ruledOut?: number }>
  /** Verdicts reached at an earlier look ("regressed"/"improved"), kept whatever later rounds show. */
  decided: Record<string, Verdict>
  /** What each tested gating row showed at the last look it had new rounds: restored while its file does not run. */
  shown?: Record<string, RowShown>
}

/** The look-dependent fields of a row (the rest follows from its data, which does not change while it does not run). */
export interface RowShown {
  look: number
  verdict: Verdict
  ciPct?: [number, number]
  note?: string
  judgedOn?: string
}

export const emptySequentialState = (): SequentialState => ({ rejected: [], settled: {}, decided: {}, shown: {} })

export interface SequentialLook {
  plan: SequentialPlan
  /** Index of this look in plan.looks. */
  look: number
  state: SequentialState
  /** Entry ids that got no rounds since the previous look (their file no longer runs): not tested at this look. */
  notRun?: readonly string[]
}

/** What the comparison says about this look: the gate stops when `open` is 0 or this is the last look. */
export interface SequentialOutcome {
  look: number
  looks: number[]
  /** Gating rows that still need rounds. */
  open: number
  /** Entry ids of those rows: the gate runs only their bench files in the next block. */
  openIds: string[]
  settled: Record<Settled, number>
  state: SequentialState
  /** Nominal two-sided level a row needed at this look (at the family's first Holm step, α/m). */
  nominal: number
  efficacy: string
  futility: string
}

export const rowKey = (row: Pick<ComparisonRow, 'id' | 'metric'>): string => `${row.id}\u0000${row.metric}`

interface Tested {
  row: ComparisonRow
  stat: StatOutcome | { p?: number; minP: number; decide(pAdjusted: number | undefined, alpha: number): Verdict }
  minP: number
  /** The fixed-design verdict given a rejection (or not), for rows that are not moderated t. */
  decide(rejected: boolean): Verdict
}

/**
 * Decides the gating rows of one look. `tested` are the gating rows with a p-value; `untested` the other gating
 * rows (exact figures, quality points, rows without a test), which never need more rounds.
 */
export function sequentialLook(tested: Tested[], untestedGating: ComparisonRow[], alpha: number, seq: SequentialLook): SequentialOutcome {
  const { plan, look } = seq
  const last = plan.looks.at(-1)!
  const fractions = plan.looks.slice(0, look + 1).map(n => n / last)
  const nominalAt = (level: number) => spendingBoundaries({ fractions, alpha: level, spending: plan.efficacy, sides: 2 }).nominal[look]!
  const futilityNominal = spendingBoundaries({ fractions, alpha: plan.futility.beta, spending: plan.futility.spending, sides: 1 }).nominal[look]!
  const state: SequentialState = { rejected: [...seq.state.rejected], settled: { ...seq.state.settled }, decided: { ...seq.state.decided }, shown: { ...seq.state.shown } }
  const wasRejected = new Set(state.rejected)
  const keys = tested.map(t => rowKey(t.row))
  // A row that did not run since the last look is not tested now (p undefined): it cannot be rejected with old
  // data at a later boundary, and it still counts in Holm's denominator (it frees no level).
  const notRun = new Set(seq.notRun ?? [])
  const frozen = tested.map((t, i) => notRun.has(t.row.id) && state.shown![keys[i]!] !== undefined)
  const rejected = sequentialHolm(tested.map((t, i) => ({ p: frozen[i] ? undefined : t.stat.p, rejected: wasRejected.has(keys[i]!) })), alpha, nominalAt)
  const open = rejected.filter(r => !r).length
  const holmNominal = nominalAt(alpha / Math.max(1, open))
  // The repeated confidence interval: the boundary at level α at this look (as the fixed design's CI is at 1 − α).
  const rciNominal = nominalAt(alpha)
  const counts: Record<Settled, number> = { efficacy: 0, futility: 0, fixed: 0 }
  const where = `look ${look + 1} of ${plan.looks.length}`
  tested.forEach((t, i) => {
    const { row } = t
    const key = keys[i]!
    if (rejected[i] && !wasRejected.has(key)) state.rejected.push(key)
    delete row.pAdjusted // the decision is the look's boundary, not a fixed-design adjusted p
    if (frozen[i]) {
      const shown = state.shown![key]!
      row.verdict = shown.verdict
      if (shown.ciPct) row.ciPct = shown.ciPct
      if (shown.note !== undefined) row.note = shown.note
      else delete row.note
      row.judgedOn = `${shown.judgedOn ?? 'rounds'}; not run after look ${shown.look + 1} (${plan.looks[shown.look]} rounds per side): no open row in its file`
      return
    }
    const m = 'moderated' in t.stat ? t.stat.moderated : undefined
    if (!m) {
      // Not a rounds row (rates, rank tests): tested at every look with the same boundaries; does not ask for rounds.
      row.verdict = state.decided[key] ?? t.decide(rejected[i]!)
      if (row.verdict === 'unchanged' && !rejected[i] && t.minP > holmNominal) {
        row.verdict = 'inconclusive'
        row.note = joinNote(row.note, `the smallest attainable p (${t.minP.toPrecision(2)}) is above this look's nominal level ${holmNominal.toPrecision(2)}: add rounds`)
      }
      settle(state, key, look, 'fixed')
      return
    }
    const half = tQuantile(1 - rciNominal / 2, m.df) * m.se
    const ci: [number, number] = [Math.exp(m.d - half) - 1, Math.exp(m.d + half) - 1]
    row.ciPct = [ci[0] * 100, ci[1] * 100]
    const thr = row.threshold ?? 0
    const up = ci[0] > thr, down = ci[1] < -thr
    const beyond = up || down
    if (state.decided[key]) row.verdict = state.decided[key]!
    else if (rejected[i] && beyond) {
      row.verdict = up === (row.better === 'lower') ? 'regressed' : 'improved'
      state.decided[key] = row.verdict
      state.settled[key] = { look, why: 'efficacy' } // also after an earlier futility stop (non-binding)
    } else {
      row.verdict = 'unchanged'
      // Futility: a slowdown of `detect` (beyond the threshold) ruled out, one-sided, at the β-spending boundary.
      const worse = row.better === 'lower' ? 1 : -1
      const seAtLast = m.se * Math.sqrt(plan.looks[look]! / last)
      const rowDelta = plan.futility.alternative === 'row' ? Math.log(1 + thr) + (normalQuantile(1 - alpha / (2 * Math.max(1, tested.length))) + normalQuantile(1 - plan.futility.beta)) * seAtLast : 0
      const delta = Math.max(Math.log(1 + Math.max(plan.futility.detect, thr)), rowDelta)
      const pSlow = m.se > 0 ? tCdf((worse * m.d - delta) / m.se, m.df) : worse * m.d < delta ? 0 : 1
      if (!state.settled[key] && pSlow <= futilityNominal) state.settled[key] = { look, why: 'futility', ruledOut: Math.expm1(delta) }
    }
    const s = state.settled[key]
    const status = s?.why === 'efficacy' ? `${row.verdict} at look ${s.look + 1} (${plan.looks[s.look]} rounds per side)`
      : s?.why === 'futility' ? `a slowdown of ${pctText(s.ruledOut!)} or more ruled out at look ${s.look + 1} (${plan.looks[s.look]} rounds per side)`
      : look === plan.looks.length - 1 ? 'still open at the last look' : 'open'
    row.judgedOn = `${row.judgedOn ?? 'rounds'}; adaptive, ${where}: ${status}`
  })
  tested.forEach((t, i) => {
    if (frozen[i]) return
    const { row } = t
    state.shown![keys[i]!] = { look, verdict: row.verdict, ...(row.ciPct ? { ciPct: row.ciPct } : {}), ...(row.note !== undefined ? { note: row.note } : {}), ...(row.judgedOn !== undefined ? { judgedOn: row.judgedOn } : {}) }
  })
  for (const row of untestedGating) settle(state, rowKey(row), look, 'fixed')
  let stillOpen = 0
  const openIds = new Set<string>()
  for (const t of tested) {
    const s = state.settled[rowKey(t.row)]
    if (!s) { stillOpen++; openIds.add(t.row.id) } else counts[s.why]++
  }
  counts.fixed += untestedGating.length
  return {
    look, looks: [...plan.looks], open: stillOpen, openIds: [...openIds], settled: counts, state, nominal: nominalAt(alpha / Math.max(1, tested.length)),
    efficacy: spendingName(plan.efficacy), futility: `${spendingName(plan.futility.spending)}, β = ${plan.futility.beta}, slowdown ${pctText(plan.futility.detect)}`,
  }
}

function settle(state: SequentialState, key: string, look: number, why: Settled): void {
  state.settled[key] ??= { look, why }
}

function joinNote(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b
}

function pctText(f: number): string {
  return `${+(f * 100).toPrecision(2)}%`
}
