// Seeded k-fold splits. Stratified: each class is shuffled and dealt round-robin, so every fold keeps the
// class proportions (±1 row) and the same seed always gives the same folds.
import { createRng } from '../random/index.ts'
import type { Fold } from './types.ts'

function check(n: number, k: number, fn: string): void {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`${fn}: k must be an integer ≥ 2, got ${k}`)
  if (n < k) throw new RangeError(`${fn}: ${n} rows cannot fill ${k} folds`)
}

function toFolds(assign: Int32Array, k: number): Fold[] {
  return Array.from({ length: k }, (_, f) => {
    const train: number[] = [], test: number[] = []
    assign.forEach((a, i) => (a === f ? test : train).push(i))
    return { train, test }
  })
}

/** Fold index of each row for stratified k-fold (useful to hand identical splits to another tool). */
export function stratifiedFoldIds(y: readonly number[], k: number, seed: number): Int32Array {
  check(y.length, k, 'stratifiedKFold')
  const rng = createRng(seed)
  const byClass = new Map<number, number[]>()
  y.forEach((c, i) => { const list = byClass.get(c); if (list) list.push(i); else byClass.set(c, [i]) })
  const assign = new Int32Array(y.length)
  let next = 0
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const i of rng.shuffle(byClass.get(c)!)) { assign[i] = next; next = (next + 1) % k }
  }
  return assign
}

export function stratifiedKFold(y: readonly number[], k: number, seed: number): Fold[] {
  return toFolds(stratifiedFoldIds(y, k, seed), k)
}

/** Plain shuffled k-fold (for regression targets). */
export function kFold(n: number, k: number, seed: number): Fold[] {
  check(n, k, 'kFold')
  const order = createRng(seed).shuffle(Array.from({ length: n }, (_, i) => i))
  const assign = new Int32Array(n)
  order.forEach((row, j) => { assign[row] = j % k })
  return toFolds(assign, k)
}

/** Picks rows by index (for X or y). */
export function take<T>(xs: readonly T[], idx: readonly number[]): T[] {
  return idx.map(i => xs[i]!)
}
