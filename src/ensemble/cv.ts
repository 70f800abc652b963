// Seeded k-fold cross-validation of an ensemble (every vote kind from one set of fitted members per fold)
// and a small grid search over model parameters.
import pLimit from 'p-limit'
import type { Dataset } from '../datasets/types.ts'
import { kFold, stratifiedKFold, take } from '../datasets/split.ts'
import { ensemble, needsValidation } from './ensemble.ts'
import { parseVote, type VoteKind, type VoteSpec } from './options.ts'
import { meanScores, primaryScore, scoreAgreement, scorePredictions, type Agreement, type Scores } from './score.ts'
import type { Member, MemberFailure } from './types.ts'
import type { Parallel } from './fit-pool.ts'
import type { Provenance } from '../schema/baseline.ts'

export interface CrossValidateOptions {
  data: Dataset
  /** Builds fresh members for one fold (called once per fold). */
  members: () => Member[]
  votes: (VoteSpec | VoteKind)[]
  folds?: number
  seed?: number
  concurrency?: number
  timeoutMs?: number
  /** Inner folds for out-of-fold validation (learned weights, stacking, BMA); default 5. */
  validationFolds?: number
  /** Where tree members fit (see `ensemble`); default 'auto'. */
  parallel?: Parallel
}

export interface CrossValidation {
  task: Dataset['task']
  folds: number
  /** Mean over folds of each member's scores. */
  members: Record<string, Scores>
  /** Mean over folds of each vote's scores (keyed by vote kind). */
  votes: Record<string, Scores>
  bestMember: { name: string; score: number }
  /** Vote score minus best member score, on the task's headline score (accuracy or R²). May be negative. */
  gainOverBest: Record<string, number>
  /** Agreement scores averaged over folds; `matrix` is from the first fold. */
  agreement: { scores: Scores; matrix: number[][]; names: string[] }
  failures: MemberFailure[]
  /** The data's provenance (simulated for generated data): every score and agreement figure carries it. */
  provenance?: Provenance
  /** Scores left out because some folds had none (e.g. logLoss of a member that gave no probabilities in a fold), one line each. */
  missing: string[]
  timings: { fitMs: number; validateMs: number; predictMs: number; voteMs: Record<string, number>; totalMs: number }
}

export async function crossValidate(o: CrossValidateOptions): Promise<CrossValidation> {
  const { data } = o
  const k = data.task === 'classification' ? (data.classes?.length ?? Math.max(...data.y) + 1) : 1
  const nFolds = o.folds ?? 5, seed = o.seed ?? 0
  const folds = data.task === 'classification' ? stratifiedKFold(data.y, nFolds, seed) : kFold(data.y.length, nFolds, seed)
  const votes = o.votes.map(parseVote)
  const memberScores: Record<string, Scores[]> = {}, voteScores: Record<string, Scores[]> = {}
  const agreements: Agreement[] = [], failures: MemberFailure[] = []
  const t = { fitMs: 0, validateMs: 0, predictMs: 0, voteMs: {} as Record<string, number>, totalMs: 0 }
  const t0 = performance.now()
  for (const [fi, f] of folds.entries()) {
    const ens = ensemble({
      members: o.members(), task: data.task, vote: votes[0] ?? 'majority', nClasses: data.task === 'classification' ? k : undefined,
      seed: seed + 1000 * (fi + 1), ...(o.concurrency ? { concurrency: o.concurrency } : {}), ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(o.validationFolds ? { validationFolds: o.validationFolds } : {}), ...(o.parallel ? { parallel: o.parallel } : {}),
    })
    try {
      const fit = await ens.fit(take(data.X, f.train), take(data.y, f.train))
      t.fitMs += fit.timings.fitMs; t.validateMs += fit.timings.validateMs
      // validation runs once per fold, at fit for the first vote or on demand; count it here either way
      if (fit.timings.validateMs === 0 && votes.some(v => needsValidation(v))) t.validateMs += (await ens.validation()).ms
      const Xt = take(data.X, f.test), yt = take(data.y, f.test)
      let last
      for (const v of votes) {
        const r = await ens.predict(Xt, { vote: v })
        ;(voteScores[v.kind] ??= []).push(scorePredictions(data.task, yt, r.prediction, k, r.proba))
        t.voteMs[v.kind] = (t.voteMs[v.kind] ?? 0) + r.timings.voteMs
        t.predictMs += r.timings.predictMs
        last = r
      }
      if (last) {
        for (const [name, p] of Object.entries(last.memberPredictions)) (memberScores[name] ??= []).push(scorePredictions(data.task, yt, p, k, last.memberProba[name]))
        agreements.push(scoreAgreement(data.task, last.members, last.members.map(n => last!.memberPredictions[n]!), k))
        for (const fl of last.failures) failures.push({ ...fl, message: `fold ${fi}: ${fl.message}` })
      }
    } finally {
      await ens.dispose()
    }
  }
  t.totalMs = performance.now() - t0
  const missing: string[] = []
  const mean = (what: string, list: Scores[]): Scores => {
    const m = meanScores(list, nFolds)
    for (const [key, n] of Object.entries(m.missing)) missing.push(`${what} ${key}: missing in ${n} of ${nFolds} folds, left out`)
    return m.scores
  }
  const members = Object.fromEntries(Object.entries(memberScores).map(([n, s]) => [n, mean(`member ${n}`, s)]))
  const votesOut = Object.fromEntries(Object.entries(voteScores).map(([n, s]) => [n, mean(`vote ${n}`, s)]))
  const { key } = primaryScore(data.task)
  const best = Object.entries(members).reduce((b, [name, s]) => (s[key] !== undefined && s[key] > b.score ? { name, score: s[key] } : b), { name: '', score: -Infinity })
  return {
    task: data.task, folds: nFolds, members, votes: votesOut, bestMember: best,
    gainOverBest: Object.fromEntries(Object.entries(votesOut).flatMap(([n, s]) => (s[key] !== undefined && best.name ? [[n, s[key] - best.score]] : []))),
    agreement: { scores: mean('agreement', agreements.map(a => a.scores)), matrix: agreements[0]?.matrix ?? [], names: agreements[0]?.names ?? [] },
    failures, missing, timings: t, ...(data.provenance ? { provenance: data.provenance } : {}),
  }
}

export interface GridSearchOptions {
  data: Dataset
  grid: Record<string, readonly (number | string | boolean)[]>
  build: (params: Record<string, number | string | boolean>) => Member
  folds?: number
  seed?: number
  concurrency?: number
}

export interface GridResult { params: Record<string, number | string | boolean>; score: number; scores: Scores }

/** Exhaustive search over `grid`, scored by seeded k-fold CV on the headline score; best first. */
export async function gridSearch(o: GridSearchOptions): Promise<GridResult[]> {
  const { data } = o
  const keys = Object.keys(o.grid)
  if (keys.some(key => o.grid[key]!.length === 0)) throw new Error(`gridSearch: grid entry "${keys.find(key => o.grid[key]!.length === 0)}" has no values`)
  const combos = keys.reduce<Record<string, number | string | boolean>[]>((acc, key) => acc.flatMap(c => o.grid[key]!.map(v => ({ ...c, [key]: v }))), [{}])
  const k = data.task === 'classification' ? (data.classes?.length ?? Math.max(...data.y) + 1) : 1
  const seed = o.seed ?? 0
  const folds = data.task === 'classification' ? stratifiedKFold(data.y, o.folds ?? 5, seed) : kFold(data.y.length, o.folds ?? 5, seed)
  const limit = pLimit(o.concurrency ?? 1)
  const { key } = primaryScore(data.task)
  const results = await Promise.all(combos.map(params => limit(async () => {
    const perFold: Scores[] = []
    for (const f of folds) {
      const m = o.build(params)
      try {
        await m.fit?.(take(data.X, f.train), take(data.y, f.train))
        perFold.push(scorePredictions(data.task, take(data.y, f.test), Array.from(await m.predict(take(data.X, f.test))), k))
      } finally {
        await m.dispose?.()
      }
    }
    const { scores } = meanScores(perFold)
    return { params, score: scores[key]!, scores }
  })))
  return results.sort((a, b) => b.score - a.score)
}
