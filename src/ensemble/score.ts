// Scores one set of predictions, and the agreement between members, into flat metric records.
import { mean } from '../compare/stats/describe.ts'
import { accuracy, agreementMatrix, ambiguity, cohenKappa, fleissKappa, logLoss, macroPrf, mae, meanOffDiagonal, mse, pearson, r2 } from './metrics.ts'

export type Scores = Record<string, number>

export function scorePredictions(task: 'classification' | 'regression', y: readonly number[], pred: readonly number[], k: number, proba?: readonly (readonly number[])[]): Scores {
  if (task === 'regression') return { mse: mse(y, pred), mae: mae(y, pred), r2: r2(y, pred) }
  const prf = macroPrf(y, pred, k)
  return { accuracy: accuracy(y, pred), precision: prf.precision, recall: prf.recall, f1: prf.f1, ...(proba ? { logLoss: logLoss(y, proba) } : {}) }
}

export interface Agreement {
  /** Pairwise agreement (classification: fraction of equal labels; regression: Pearson correlation). */
  matrix: number[][]
  names: string[]
  scores: Scores
}

export function scoreAgreement(task: 'classification' | 'regression', names: string[], preds: readonly (readonly number[])[], k: number): Agreement {
  if (task === 'regression') {
    const matrix = preds.map((a, i) => preds.map((b, j) => (i === j ? 1 : pearson(a, b))))
    return { matrix, names, scores: { meanCorrelation: meanOffDiagonal(matrix), ambiguity: ambiguity(preds) } }
  }
  const matrix = agreementMatrix(preds)
  const kappas: number[] = []
  for (let i = 0; i < preds.length; i++) for (let j = i + 1; j < preds.length; j++) kappas.push(cohenKappa(preds[i]!, preds[j]!, k))
  const meanAgreement = meanOffDiagonal(matrix)
  return {
    matrix, names,
    scores: {
      meanAgreement, disagreement: 1 - meanAgreement,
      meanCohenKappa: kappas.length ? mean(kappas) : NaN,
      ...(preds.length >= 2 ? { fleissKappa: fleissKappa(preds, k) } : {}),
    },
  }
}

export interface MeanScores {
  /** Mean over the folds of each score present in every one of them. */
  scores: Scores
  /** Scores absent from some folds, with how many: left out of `scores` (a mean over the other folds would be biased). */
  missing: Record<string, number>
}

/** Mean of each score over `folds` folds (default: the records given; a fold the scorer failed in has no record). */
export function meanScores(list: readonly Scores[], folds = list.length): MeanScores {
  const keys = [...new Set(list.flatMap(s => Object.keys(s)))]
  const scores: Scores = {}, missing: Record<string, number> = {}
  for (const key of keys) {
    const have = list.filter(s => key in s)
    if (have.length === folds) scores[key] = have.reduce((a, s) => a + s[key]!, 0) / folds
    else missing[key] = folds - have.length
  }
  return { scores, missing }
}

/** The headline score of a task and whether higher is better. */
export function primaryScore(task: 'classification' | 'regression'): { key: string; higher: boolean } {
  return task === 'classification' ? { key: 'accuracy', higher: true } : { key: 'r2', higher: true }
}
