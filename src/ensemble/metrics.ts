// Scores for predictions and for agreement between members. Conventions follow scikit-learn
// (macro averages give 0 to a class with no predicted rows; log-loss clips probabilities to [eps, 1-eps]).

import { mean } from '../compare/stats/describe.ts'

type Vec = ArrayLike<number>

function sameLength(a: Vec, b: Vec, fn: string): number {
  if (a.length !== b.length) throw new Error(`${fn}: lengths differ (${a.length} vs ${b.length})`)
  if (a.length === 0) throw new Error(`${fn}: empty input`)
  return a.length
}

export function accuracy(yTrue: Vec, yPred: Vec): number {
  const n = sameLength(yTrue, yPred, 'accuracy')
  let hit = 0
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) hit++
  return hit / n
}

export function confusionMatrix(yTrue: Vec, yPred: Vec, nClasses: number): number[][] {
  const n = sameLength(yTrue, yPred, 'confusionMatrix')
  const cm = Array.from({ length: nClasses }, () => new Array<number>(nClasses).fill(0))
  for (let i = 0; i < n; i++) {
    const t = yTrue[i]!, p = yPred[i]!
    if (t >= 0 && t < nClasses && p >= 0 && p < nClasses) cm[t]![p]!++
  }
  return cm
}

/** Macro-averaged precision, recall and F1 over `nClasses` classes. */
export function macroPrf(yTrue: Vec, yPred: Vec, nClasses: number): { precision: number; recall: number; f1: number } {
  const cm = confusionMatrix(yTrue, yPred, nClasses)
  let P = 0, R = 0, F = 0
  for (let c = 0; c < nClasses; c++) {
    const tp = cm[c]![c]!
    const predicted = cm.reduce((s, row) => s + row[c]!, 0)
    const actual = cm[c]!.reduce((s, v) => s + v, 0)
    const p = predicted ? tp / predicted : 0, r = actual ? tp / actual : 0
    P += p; R += r; F += p + r ? (2 * p * r) / (p + r) : 0
  }
  return { precision: P / nClasses, recall: R / nClasses, f1: F / nClasses }
}

/** Mean negative log-likelihood of the true class; rows are renormalised after clipping, as sklearn does. */
export function logLoss(yTrue: Vec, proba: readonly (readonly number[])[], eps = 1e-15): number {
  const n = sameLength(yTrue, { length: proba.length }, 'logLoss')
  let s = 0
  for (let i = 0; i < n; i++) {
    const row = proba[i]!
    const clipped = row.map(p => Math.min(1 - eps, Math.max(eps, p)))
    const z = clipped.reduce((a, b) => a + b, 0)
    const t = yTrue[i]!
    if (!(t >= 0 && t < row.length)) throw new RangeError(`logLoss: label ${t} at row ${i} outside ${row.length} probability columns`)
    s -= Math.log(clipped[t]! / z)
  }
  return s / n
}

export function mse(yTrue: Vec, yPred: Vec): number {
  const n = sameLength(yTrue, yPred, 'mse')
  let s = 0
  for (let i = 0; i < n; i++) s += (yTrue[i]! - yPred[i]!) ** 2
  return s / n
}

export function mae(yTrue: Vec, yPred: Vec): number {
  const n = sameLength(yTrue, yPred, 'mae')
  let s = 0
  for (let i = 0; i < n; i++) s += Math.abs(yTrue[i]! - yPred[i]!)
  return s / n
}

/** Coefficient of determination; 1 is perfect, 0 is "predict the mean", negative is worse than that. */
export function r2(yTrue: Vec, yPred: Vec): number {
  const n = sameLength(yTrue, yPred, 'r2')
  const m = mean(yTrue)
  let ssRes = 0, ssTot = 0, constant = true
  for (let i = 0; i < n; i++) { ssRes += (yTrue[i]! - yPred[i]!) ** 2; ssTot += (yTrue[i]! - m) ** 2; constant &&= yTrue[i] === yTrue[0] }
  // A constant target is tested as such: its computed mean can sit a rounding error off the value (0.1 × 3), and
  // ssTot ≈ 1e-33 then gave r2 ≈ −5e31 instead of the constant case's 0 or 1.
  return constant ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / ssTot
}

/** Fraction of rows on which each pair of members gives the same label. Symmetric, ones on the diagonal. */
export function agreementMatrix(preds: readonly Vec[]): number[][] {
  return preds.map((a, i) => preds.map((b, j) => (i === j ? 1 : accuracy(a, b))))
}

/** Mean of the off-diagonal entries of a square matrix (NaN for a single member). */
export function meanOffDiagonal(m: readonly (readonly number[])[]): number {
  let s = 0, n = 0
  m.forEach((row, i) => row.forEach((v, j) => { if (i !== j) { s += v; n++ } }))
  return n ? s / n : NaN
}

/** Cohen's kappa between two raters: agreement corrected for the agreement expected by chance. */
export function cohenKappa(a: Vec, b: Vec, nClasses: number): number {
  const n = sameLength(a, b, 'cohenKappa')
  const cm = confusionMatrix(a, b, nClasses)
  const po = cm.reduce((s, row, c) => s + row[c]!, 0) / n
  let pe = 0
  for (let c = 0; c < nClasses; c++) pe += (cm[c]!.reduce((s, v) => s + v, 0) / n) * (cm.reduce((s, row) => s + row[c]!, 0) / n)
  return pe === 1 ? 1 : (po - pe) / (1 - pe)
}

/** Fleiss' kappa for m raters labelling the same n rows. */
export function fleissKappa(preds: readonly Vec[], nClasses: number): number {
  const m = preds.length
  if (m < 2) throw new Error('fleissKappa: needs at least 2 raters')
  const n = preds[0]!.length
  preds.forEach(p => sameLength(preds[0]!, p, 'fleissKappa'))
  const colTotals = new Array<number>(nClasses).fill(0)
  let pBar = 0
  const counts = new Array<number>(nClasses)
  for (let i = 0; i < n; i++) {
    counts.fill(0)
    for (const p of preds) { const c = p[i]!; if (c >= 0 && c < nClasses) counts[c]!++ }
    let agree = 0
    for (let c = 0; c < nClasses; c++) { agree += counts[c]! * (counts[c]! - 1); colTotals[c]! += counts[c]! }
    pBar += agree / (m * (m - 1))
  }
  pBar /= n
  const pe = colTotals.reduce((s, t) => s + (t / (n * m)) ** 2, 0)
  return pe === 1 ? 1 : (pBar - pe) / (1 - pe)
}

/** Pearson correlation (regression members' "agreement"). */
export function pearson(a: Vec, b: Vec): number {
  const n = sameLength(a, b, 'pearson')
  let ma = 0, mb = 0
  for (let i = 0; i < n; i++) { ma += a[i]! / n; mb += b[i]! / n }
  let sab = 0, saa = 0, sbb = 0
  for (let i = 0; i < n; i++) { const da = a[i]! - ma, db = b[i]! - mb; sab += da * db; saa += da * da; sbb += db * db }
  return saa === 0 || sbb === 0 ? (saa === sbb ? 1 : 0) : sab / Math.sqrt(saa * sbb)
}

/** Ambiguity (Krogh & Vedelsby): mean squared spread of member predictions around their mean. */
export function ambiguity(preds: readonly Vec[]): number {
  const n = preds[0]?.length ?? 0, m = preds.length
  let s = 0
  for (let i = 0; i < n; i++) {
    let mean = 0
    for (const p of preds) mean += p[i]! / m
    for (const p of preds) s += (p[i]! - mean) ** 2 / m
  }
  return n ? s / n : 0
}
