// The ensemble executor: fits and predicts members in parallel under a concurrency limit, times each phase,
// leaves failing or timed-out members out of the vote (and reports them), and combines the survivors' votes.
import { availableParallelism } from 'node:os'
import pLimit from 'p-limit'
import { stratifiedKFold, kFold, take } from '../datasets/split.ts'
import type { Member, MemberFailure, Phase } from './types.ts'
import { EnsembleOptionsSchema, parseVote, type EnsembleOptions, type ParsedVote, type VoteKind, type VoteSpec } from './options.ts'
import { combine, type Validation } from './combine.ts'
import { parseOption } from '../errors/index.ts'
import { chooseExecution, fitPool, type Execution } from './fit-pool.ts'
import { toColumns, type Columns } from './trees/index.ts'
import type { ModelMember } from './models.ts'

export interface MemberTiming { fitMs?: number; validateMs?: number; predictMs?: number }

export interface FitReport {
  members: string[]
  failures: MemberFailure[]
  /** Where the tree members were fitted, and why (absent when there are none). */
  execution?: Execution
  timings: { fitMs: number; validateMs: number; members: Record<string, MemberTiming> }
}

export interface EnsemblePrediction {
  /** Class indices or regression values. */
  prediction: number[]
  /** Combined class probabilities, for votes that produce them (soft, bma, stacking with a probabilistic meta-model). */
  proba?: number[][]
  vote: VoteKind
  /** Members whose votes were counted, in member order. */
  members: string[]
  memberPredictions: Record<string, number[]>
  memberProba: Record<string, number[][]>
  /** Weights used (given, learned or posterior), by member name, when the vote is weighted. */
  weights?: Record<string, number>
  /** Every member left out so far (fit, validation or this prediction), with the reason. */
  failures: MemberFailure[]
  /**
   * voteMs: time combining the members' outputs; predictMs: the rest of this call (member predictions, none
   * when it reused the last call's outputs for the same rows, and bookkeeping). Their sum is the call's time,
   * out-of-fold validation excepted (it has its own time, `validation().ms`).
   */
  timings: { predictMs: number; voteMs: number; reusedMemberOutputs: boolean; members: Record<string, MemberTiming> }
}

export interface Ensemble {
  readonly names: readonly string[]
  fit(X: number[][], y: number[]): Promise<FitReport>
  predict(X: number[][], opts?: { vote?: VoteSpec | VoteKind }): Promise<EnsemblePrediction>
  /** Out-of-fold predictions of each member on the training rows (computed once, on demand). */
  validation(): Promise<Validation>
  dispose(): Promise<void>
}

class TimeoutError extends Error {}

/** A createModel tree member: it can fit on shared columns and hand its fitted trees over. */
const isTreeMember = (m: Member): m is ModelMember & Required<Pick<ModelMember, 'fitColumns' | 'importState'>> =>
  typeof (m as ModelMember).fitColumns === 'function' && typeof (m as ModelMember).importState === 'function' && typeof (m as ModelMember).spec === 'object'

/**
 * The column layout of X for the tree members, built once and shared by all of them (in SharedArrayBuffers,
 * so worker threads read it without a copy); undefined when X cannot be laid out (each member then fails alone).
 */
function sharedColumns(X: number[][]): Columns | undefined {
  try { return toColumns(X, { shared: true }) } catch { return undefined }
}

const NEEDS_VALIDATION: Record<VoteKind, (v: ParsedVote) => boolean> = {
  majority: () => false,
  weighted: v => v.kind === 'weighted' && !v.weights,
  soft: () => false,
  stacking: () => true,
  bma: () => true,
}

/** Whether a vote needs out-of-fold validation predictions (learned weights, stacking, BMA). */
export function needsValidation(vote: VoteSpec | VoteKind): boolean {
  const v = parseVote(vote)
  return NEEDS_VALIDATION[v.kind](v)
}

export function ensemble(options: EnsembleOptions): Ensemble {
  const o = parseOption(EnsembleOptionsSchema, options, 'ensemble')
  const defaultVote = parseVote(o.vote)
  const names = uniqueNames(o.members)
  const limit = pLimit(o.concurrency)
  const failures: MemberFailure[] = []
  const timings: Record<string, MemberTiming> = Object.fromEntries(names.map(n => [n, {}]))
  let active = o.members.map((_, i) => i)
  let train: { X: number[][]; y: number[]; k: number } | undefined
  let validation: Promise<Validation> | undefined
  let validationDone = false
  const cache = new Map<string, unknown>()
  // member outputs for the last rows predicted, so trying several votes on the same X predicts only once
  let lastOuts: { X: number[][]; proba: boolean; outs: ({ m: number; p: number[]; pr?: number[][] } | undefined)[] } | undefined

  let execution: Execution | undefined
  /** Fits one member: tree members on the shared columns, in the fit pool when the execution says so. */
  const fitOne = async (member: Member, X: number[][], y: number[], cols: Columns | undefined): Promise<void> => {
    if (!cols || !isTreeMember(member)) { await member.fit!(X, y); return }
    if (execution?.mode === 'workers') member.importState(await fitPool(Math.min(o.concurrency, availableParallelism())).fit(member.spec, cols, y, o.timeoutMs))
    else member.fitColumns(cols, y)
  }

  const fail = (m: number, phase: Phase, e: unknown, member: Member) => {
    const timeout = e instanceof TimeoutError
    failures.push({ name: names[m]!, phase, reason: timeout ? 'timeout' : 'error', message: e instanceof Error ? e.message : String(e) })
    active = active.filter(a => a !== m)
    if (timeout) void Promise.resolve().then(() => member.dispose?.()).catch(() => {}) // e.g. terminate a hung worker
  }

  /** Runs one member call under the limit and the timeout; undefined when it failed (already reported). */
  const call = <T>(m: number, phase: Phase, member: Member, fn: () => T | Promise<T>): Promise<{ value: T; ms: number } | undefined> =>
    limit(async () => {
      const t0 = performance.now()
      let ms = 0
      let timer: NodeJS.Timeout | undefined
      try {
        // one promise settled by whichever comes first: the member's answer or the timer
        const value = await new Promise<T>((resolve, reject) => {
          timer = setTimeout(() => reject(new TimeoutError(`${names[m]}: ${phase} exceeded ${o.timeoutMs} ms`)), o.timeoutMs)
          // stop the clock when this member answers, not when the event loop gets back to us (sync members
          // called in the same tick would otherwise be charged for each other's work)
          const done = (v: T) => { ms = performance.now() - t0; resolve(v) }
          try { const r = fn(); if (r instanceof Promise) r.then(done, reject); else done(r) } catch (e) { reject(e) }
        })
        return { value, ms }
      } catch (e) {
        fail(m, phase, e, member)
        return undefined
      } finally {
        clearTimeout(timer)
      }
    })

  async function computeValidation(): Promise<Validation> {
    if (!train) throw new Error('ensemble: call fit(X, y) before predict()/validation()')
    const { X, y, k } = train
    const t0 = performance.now()
    const folds = o.task === 'classification' ? stratifiedKFold(y, o.validationFolds, o.seed) : kFold(y.length, o.validationFolds, o.seed)
    const wantsProba = o.task === 'classification'
    // each fold's training rows (and their columns, for tree members) are built once and shared by every member
    const parts = new Map<number, { X: number[][]; y: number[]; cols: () => Columns | undefined }>()
    const foldData = (fi: number) => {
      let part = parts.get(fi)
      if (!part) {
        const f = folds[fi]!, Xf = take(X, f.train)
        let cols: Columns | undefined | null = null
        part = { X: Xf, y: take(y, f.train), cols: () => (cols === null ? (cols = sharedColumns(Xf)) : cols) }
        parts.set(fi, part)
      }
      return part
    }
    const pred = new Map<number, Float64Array>(), proba = new Map<number, number[][]>()
    await Promise.all(active.map(async m => {
      const base = o.members[m]!
      const p = new Float64Array(y.length)
      let pr: number[][] | undefined = wantsProba && base.predictProba ? new Array(y.length) : undefined
      if (!base.fit) {
        // nothing is learned from labels, so predictions on the training rows are already out-of-sample
        const r = await call(m, 'validate', base, async () => ({ p: await base.predict(X), pr: pr ? await base.predictProba!(X) : undefined }))
        if (!r) return
        const bad = r.value.pr && probaProblem(r.value.pr, X.length, k)
        if (bad) { fail(m, 'validate', new Error(`${names[m]}: ${bad}`), base); return }
        timings[names[m]!]!.validateMs = r.ms
        p.set(Array.from(r.value.p)); if (pr) pr = r.value.pr
      } else {
        if (!base.clone) { fail(m, 'validate', new Error(`${names[m]}: has fit() but no clone(); out-of-fold validation needs a fresh copy per fold`), base); return }
        let ms = 0, ok = true
        await Promise.all(folds.map(async (f, fi) => {
          const copy = base.clone!()
          const r = await call(m, 'validate', copy, async () => {
            const part = foldData(fi)
            await fitOne(copy, part.X, part.y, isTreeMember(copy) ? part.cols() : undefined)
            const Xt = take(X, f.test)
            return { p: await copy.predict(Xt), pr: pr ? await copy.predictProba!(Xt) : undefined }
          })
          await copy.dispose?.()
          if (!r) { ok = false; return }
          const bad = r.value.pr && probaProblem(r.value.pr, f.test.length, k)
          if (bad) { fail(m, 'validate', new Error(`${names[m]}: ${bad}`), base); ok = false; return }
          ms += r.ms
          f.test.forEach((row, j) => { p[row] = r.value.p[j]!; if (pr) pr[row] = r.value.pr![j]! })
        }))
        if (!ok || !active.includes(m)) { active = active.filter(a => a !== m); return }
        timings[names[m]!]!.validateMs = ms
      }
      pred.set(m, p)
      if (pr) proba.set(m, pr)
    }))
    return { y, k, pred, proba, ms: performance.now() - t0 }
  }

  const ens: Ensemble = {
    names,
    async fit(X, y) {
      if (!Array.isArray(X) || X.length === 0 || X.length !== y.length) throw new RangeError(`ensemble.fit: X has ${X?.length} rows, y has ${y?.length}; need the same, non-zero count`)
      const k = o.task === 'classification' ? (o.nClasses ?? Math.max(...y) + 1) : 1
      train = { X, y, k }
      validation = undefined
      validationDone = false
      lastOuts = undefined
      cache.clear()
      const t0 = performance.now()
      const trees = active.filter(m => isTreeMember(o.members[m]!))
      const cols = trees.length ? sharedColumns(X) : undefined
      execution = cols ? await chooseExecution({ parallel: o.parallel, specs: trees.map(m => (o.members[m] as ModelMember).spec), n: cols.n, d: cols.d, concurrency: o.concurrency }) : undefined
      await Promise.all(active.map(async m => {
        const member = o.members[m]!
        if (!member.fit) return
        const r = await call(m, 'fit', member, () => fitOne(member, X, y, cols))
        if (r) timings[names[m]!]!.fitMs = r.ms
      }))
      const fitMs = performance.now() - t0
      let validateMs = 0
      if (NEEDS_VALIDATION[defaultVote.kind](defaultVote)) validateMs = (await ens.validation()).ms
      return { members: active.map(m => names[m]!), failures: [...failures], ...(execution ? { execution } : {}), timings: { fitMs, validateMs, members: copyTimings(timings) } }
    },
    validation() {
      if (!validation) {
        const mine: Promise<Validation> = computeValidation().then(v => { if (validation === mine) validationDone = true; return v })
        validation = mine
      }
      return validation
    },
    async predict(X, opts) {
      // The clock covers the whole call (a GC pause in the bookkeeping is this call's time too), less the wait for
      // out-of-fold validation, which has its own figure.
      const t0 = performance.now()
      if (!train) throw new Error('ensemble: call fit(X, y) before predict()')
      const vote = opts?.vote ? parseVote(opts.vote) : defaultVote
      // only a validation computed during this call is left out; awaiting one already done is this call's time
      const computing = NEEDS_VALIDATION[vote.kind](vote) && !validationDone
      const tv = performance.now()
      const val = NEEDS_VALIDATION[vote.kind](vote) ? await ens.validation() : undefined
      const validationWaitMs = computing ? performance.now() - tv : 0
      const wantsProba = o.task === 'classification' && vote.kind !== 'majority' && vote.kind !== 'weighted'
      const reuse = lastOuts && lastOuts.X === X && (lastOuts.proba || !wantsProba) ? lastOuts : undefined
      const outs = reuse ? reuse.outs : await Promise.all(active.map(async m => {
        const member = o.members[m]!
        const r = await call(m, 'predict', member, async () => ({
          p: Array.from(await member.predict(X)),
          pr: wantsProba && member.predictProba ? await member.predictProba(X) : undefined,
        }))
        if (!r) return undefined
        if (r.value.p.length !== X.length) { fail(m, 'predict', new Error(`${names[m]}: returned ${r.value.p.length} predictions for ${X.length} rows`), member); return undefined }
        const bad = r.value.pr && probaProblem(r.value.pr, X.length, train!.k)
        if (bad) { fail(m, 'predict', new Error(`${names[m]}: ${bad}`), member); return undefined }
        timings[names[m]!]!.predictMs = r.ms
        return { m, ...r.value }
      }))
      // Reused outputs are not charged again: the first call's time reported on each vote once counted it per vote.
      if (!reuse) lastOuts = { X, proba: wantsProba, outs }
      const ok = outs.filter(x => x !== undefined && active.includes(x.m)) as { m: number; p: number[]; pr?: number[][] }[]
      const t1 = performance.now()
      const result = await combine({ task: o.task, k: train.k, vote, names, members: ok, validation: val, cache, train })
      const voteMs = performance.now() - t1
      const out: EnsemblePrediction = {
        ...result, vote: vote.kind,
        members: ok.map(x => names[x.m]!),
        memberPredictions: Object.fromEntries(ok.map(x => [names[x.m]!, x.p])),
        memberProba: Object.fromEntries(ok.filter(x => x.pr).map(x => [names[x.m]!, x.pr!])),
        failures: [...failures],
        timings: { predictMs: 0, voteMs, reusedMemberOutputs: reuse !== undefined, members: copyTimings(timings) },
      }
      out.timings.predictMs = performance.now() - t0 - validationWaitMs - voteMs
      return out
    },
    async dispose() {
      await Promise.all(o.members.map(m => m.dispose?.()))
    },
  }
  return ens
}

/**
 * Why a member's probability rows cannot be used, or undefined when they can: one row per sample and one column
 * per class. A missing column is missing, not a 0 probability (the columns of a member that never saw a class
 * no longer line up with the classes).
 */
function probaProblem(pr: readonly (readonly number[])[], rows: number, k: number): string | undefined {
  if (pr.length !== rows) return `returned ${pr.length} probability rows for ${rows} rows`
  const row = pr.find(r => r.length !== k)
  return row ? `returned probability rows of ${row.length} columns for ${k} classes (give one column per class, in class order)` : undefined
}

function copyTimings(t: Record<string, MemberTiming>): Record<string, MemberTiming> {
  const out: Record<string, MemberTiming> = {}
  for (const k in t) out[k] = { ...t[k] }
  return out
}

function uniqueNames(members: readonly Member[]): string[] {
  const seen = new Map<string, number>()
  return members.map((m, i) => {
    const base = m.name ?? `member${i}`
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    return n ? `${base}#${n + 1}` : base
  })
}
