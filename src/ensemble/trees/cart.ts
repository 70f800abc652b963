// Presorted CART (Breiman et al. 1984; the presorting of SLIQ, Mehta et al. 1996). Each feature's rows are
// sorted once per tree (a counting sort on the shared dense ranks); a node is a range of every feature's sorted
// list, and a split partitions each list stably in O(rows). The split search is one sweep per feature with
// running class counts (or sums), so a tree costs O(features × rows × depth) instead of ml-cart's
// O(features × rows²) per node.
//
// Same algorithm as ml-cart 2.1.1, with the same candidate thresholds (midpoints between neighbouring sorted
// values whose targets differ), the same order of evaluation (features in the order given, thresholds
// ascending, first best wins) and the same stopping rules, so on the same rows and features the trees are
// identical (near-ties are decided with ml-cart's own arithmetic, see mlcart-float.ts). One deliberate
// difference, for regression: ml-cart stops when the best split's *remaining* squared error is ≤ gainThreshold
// (so it refuses a perfect split); here a node is split when the *decrease* in squared error exceeds it.
import type { Rng } from '../../random/index.ts'
import type { Columns } from './columns.ts'
import { distribution, giniGain, giniImpurity, mean, regressionError, squaredError } from './mlcart-float.ts'

export interface TreeOptions {
  task: 'classification' | 'regression'
  /** Classes (labels are 0..nClasses-1); classification only. */
  nClasses?: number
  /** Splits stop at this depth (root = 0). Default Infinity. */
  maxDepth?: number
  /** A node with this many rows or fewer is a leaf (ml-cart's minNumSamples). Default 2. */
  minNumSamples?: number
  /** A split must gain more than this (Gini gain, or decrease in squared error). Default 0. */
  gainThreshold?: number
  /** Features tried at each split, drawn afresh per node with `rng` (random-forest style); default all, in order. */
  maxFeaturesPerSplit?: number
  rng?: Rng
}

/** Which rows (with repeats, e.g. a bootstrap) and which features (in evaluation order) a tree is grown on. */
export interface TreeSample { rows: Int32Array; features: Int32Array }

/** A fitted tree as flat typed arrays: transferable between threads without copying. */
export interface Tree {
  task: 'classification' | 'regression'
  /** Classes; 1 for regression. */
  k: number
  /** Split column per node; -1 for a leaf. */
  feature: Int32Array
  threshold: Float64Array
  left: Int32Array
  right: Int32Array
  /** Leaf number per node (-1 for inner nodes); values[leaf * k ..] is its class distribution or mean. */
  leaf: Int32Array
  values: Float64Array
}

interface Scratch {
  counts: Int32Array; countsL: Int32Array; countsR: Int32Array
  flags: Uint8Array; tmp: Int32Array; ysL: Float64Array; ysR: Float64Array; z: Float64Array
  perm: Int32Array
}

/** Grows one tree on `cols` (targets `y` indexed by the source row). */
export function growTree(cols: Columns, y: ArrayLike<number>, opts: TreeOptions, sample?: TreeSample): Tree {
  const classify = opts.task === 'classification'
  const K = classify ? (opts.nClasses ?? maxLabel(y) + 1) : 1
  const rows = sample?.rows ?? Int32Array.from({ length: cols.n }, (_, i) => i)
  const features = sample?.features ?? Int32Array.from({ length: cols.d }, (_, j) => j)
  const m = rows.length, F = features.length, n = cols.n
  const maxDepth = opts.maxDepth ?? Infinity, minNum = opts.minNumSamples ?? 2, threshold0 = opts.gainThreshold ?? 0
  const perSplit = opts.maxFeaturesPerSplit !== undefined && opts.maxFeaturesPerSplit < F ? opts.maxFeaturesPerSplit : F
  if (perSplit < F && !opts.rng) throw new TypeError('growTree: maxFeaturesPerSplit needs an rng')

  // targets per position (a position is one drawn row; a bootstrap draws some rows several times)
  const lab = new Int32Array(classify ? m : 0), yv = new Float64Array(classify ? 0 : m)
  for (let p = 0; p < m; p++) {
    const t = y[rows[p]!]!
    if (classify) {
      if (!(Number.isInteger(t) && t >= 0 && t < K)) throw new RangeError(`trees: label ${t} of row ${rows[p]} is not a class index in [0, ${K})`)
      lab[p] = t
    } else yv[p] = t
  }
  // order[f * m + k]: k-th position of slot f in ascending feature value, ties in position order (a stable
  // sort, as ml-cart's Array.prototype.sort). Slot F holds positions in ascending order: ml-cart's row order.
  const order = new Int32Array((F + 1) * m)
  let maxDistinct = 0
  for (const j of features) maxDistinct = Math.max(maxDistinct, cols.distinct[j]!)
  const bucket = new Int32Array(maxDistinct + 1)
  for (let f = 0; f < F; f++) {
    const j = features[f]!, rk = cols.rank, off = j * n
    bucket.fill(0, 0, cols.distinct[j]! + 1)
    for (let p = 0; p < m; p++) bucket[rk[off + rows[p]!]! + 1]!++
    for (let r = 1; r <= cols.distinct[j]!; r++) bucket[r]! += bucket[r - 1]!
    for (let p = 0; p < m; p++) order[f * m + bucket[rk[off + rows[p]!]!]!++] = p
  }
  for (let p = 0; p < m; p++) order[F * m + p] = p
  const xAt = (j: number, p: number) => cols.values[j * n + rows[p]!]!

  const s: Scratch = {
    counts: new Int32Array(K), countsL: new Int32Array(K), countsR: new Int32Array(K),
    flags: new Uint8Array(m), tmp: new Int32Array(m), ysL: new Float64Array(classify ? 0 : m), ysR: new Float64Array(classify ? 0 : m), z: new Float64Array(classify ? 0 : m),
    perm: Int32Array.from({ length: F }, (_, f) => f),
  }
  const feature: number[] = [], thr: number[] = [], left: number[] = [], right: number[] = [], leaf: number[] = [], values: number[] = []
  const stack: { start: number; end: number; depth: number; parentGain: number; node: number }[] = []
  const newNode = () => { feature.push(-1); thr.push(0); left.push(-1); right.push(-1); leaf.push(-1); return feature.length - 1 }
  // ml-cart gives the root no parent gain (null), so its "same gain as the parent" rule never fires there
  stack.push({ start: 0, end: m, depth: 0, parentGain: NaN, node: newNode() })

  while (stack.length) {
    const { start, end, depth, parentGain, node } = stack.pop()!
    const size = end - start
    const makeLeaf = () => {
      leaf[node] = values.length / K
      if (classify) {
        s.counts.fill(0)
        for (let k = start; k < end; k++) s.counts[lab[order[F * m + k]!]!]!++
        const d = new Float64Array(K); distribution(s.counts, size, d, 0); values.push(...d)
      } else {
        for (let k = start; k < end; k++) s.ysL[k - start] = yv[order[F * m + k]!]!
        values.push(mean(s.ysL, size))
      }
    }
    if (size <= minNum) { makeLeaf(); continue }
    const best = classify ? bestGiniSplit(start, end) : bestSquaredErrorSplit(start, end)
    const ok = best !== undefined && depth < maxDepth && best.nLeft > 0 && best.nLeft < size &&
      (classify ? best.gain > threshold0 && best.gain !== parentGain : best.gain > threshold0)
    if (!ok) { makeLeaf(); continue }
    // partition every other slot's range stably: rows of the chosen prefix first
    const { slot, nLeft } = best
    for (let k = start; k < end; k++) s.flags[order[slot * m + k]!] = k < start + nLeft ? 1 : 0
    for (let f = 0; f <= F; f++) {
      if (f === slot) continue
      const base = f * m
      let l = start, r = 0
      for (let k = start; k < end; k++) {
        const p = order[base + k]!
        if (s.flags[p]) order[base + l++] = p; else s.tmp[r++] = p
      }
      order.set(s.tmp.subarray(0, r), base + l)
    }
    feature[node] = features[slot]!; thr[node] = best.threshold
    const l = newNode(), r = newNode()
    left[node] = l; right[node] = r
    // right pushed first so the left subtree is built first (node numbering only; predictions do not depend on it)
    stack.push({ start: start + nLeft, end, depth: depth + 1, parentGain: best.gain, node: r })
    stack.push({ start, end: start + nLeft, depth: depth + 1, parentGain: best.gain, node: l })
  }
  return {
    task: opts.task, k: K,
    feature: Int32Array.from(feature), threshold: Float64Array.from(thr), left: Int32Array.from(left), right: Int32Array.from(right),
    leaf: Int32Array.from(leaf), values: Float64Array.from(values),
  }

  /** Slots to evaluate at this node, in evaluation order, and how many non-constant ones to visit. */
  function slotsFor(): { perm: Int32Array; visit: number } {
    if (perSplit >= F) return { perm: s.perm, visit: F }
    // Fisher–Yates over all slots; the first `perSplit` that are not constant in this node are searched
    const rng = opts.rng!
    for (let i = F - 1; i > 0; i--) { const r = rng.int(i + 1), t = s.perm[i]!; s.perm[i] = s.perm[r]!; s.perm[r] = t }
    return { perm: s.perm, visit: perSplit }
  }

  function isConstant(slot: number, start: number, end: number): boolean {
    const j = features[slot]!
    return xAt(j, order[slot * m + start]!) === xAt(j, order[slot * m + end - 1]!)
  }

  interface Candidate { slot: number; nLeft: number; threshold: number; gain: number }

  function bestGiniSplit(start: number, end: number): Candidate | undefined {
    const size = end - start, { counts, countsL, countsR } = s
    counts.fill(0)
    for (let k = start; k < end; k++) counts[lab[order[F * m + k]!]!]!++
    let sumSq = 0
    for (let c = 0; c < K; c++) sumSq += counts[c]! * counts[c]!
    // Candidates are ranked by S = Σ_L c²/n_L + Σ_R c²/n_R (Gini gain = impurity − 1 + S/n, exact in integers
    // up to one rounding); those within rounding distance of the best are kept and decided below.
    const tol = 1e-11 + 1e-14 * size
    const near = new NearBest(tol)
    const keep = (slot: number, nLeft: number, t: number, sc: number) => near.keep(slot, nLeft, t, sc)
    const { perm, visit } = slotsFor()
    let visited = 0
    for (let q = 0; q < F && visited < visit; q++) {
      const slot = perm[q]!
      if (isConstant(slot, start, end)) {
        // ml-cart's sweep of a constant feature yields one candidate, "nothing below this value" (when the
        // node is not pure): keep it without the sweep; per-split sampling skips the feature, as scikit-learn
        if (perSplit >= F && sumSq !== size * size) keep(slot, 0, xAt(features[slot]!, order[slot * m + start]!), sumSq / size / size)
        continue
      }
      if (perSplit < F) visited++
      const base = slot * m, vals = cols.values, off = features[slot]! * n
      countsL.fill(0); countsR.set(counts)
      let sqL = 0, sqR = sumSq, nL = 0
      let blkN = 0, blkL = 0, blkR = sumSq, prevN = 0, prevL = 0, prevR = sumSq
      let xPrev = vals[off + rows[order[base + start]!]!]!, cPrev = lab[order[base + start]!]!
      for (let k = start + 1; k < end; k++) {
        sqL += 2 * countsL[cPrev]! + 1; countsL[cPrev]!++
        sqR -= 2 * countsR[cPrev]! - 1; countsR[cPrev]!--
        nL++
        const p = order[base + k]!, x = vals[off + rows[p]!]!, c = lab[p]!
        if (x > xPrev) { prevN = blkN; prevL = blkL; prevR = blkR; blkN = nL; blkL = sqL; blkR = sqR }
        if (c !== cPrev) {
          const t = x === xPrev ? x : (xPrev + x) / 2
          // rows with value < t: everything before this value's block, or (midpoint rounded down onto
          // xPrev) everything before xPrev's block
          const usePrev = x !== xPrev && !(t > xPrev)
          const ln = usePrev ? prevN : blkN, lq = usePrev ? prevL : blkL, rq = usePrev ? prevR : blkR
          keep(slot, ln, t, ((ln ? lq / ln : 0) + rq / (size - ln)) / size)
        }
        xPrev = x; cPrev = c
      }
    }
    // exact ml-cart gains for the near-best candidates, in evaluation order, strictly greater wins
    const nodeImpurity = giniImpurity(counts, size)
    let best: Candidate | undefined
    near.forEach((slot, nLeft, threshold) => {
      countsL.fill(0)
      for (let k = start; k < start + nLeft; k++) countsL[lab[order[slot * m + k]!]!]!++
      for (let c = 0; c < K; c++) countsR[c] = counts[c]! - countsL[c]!
      const gain = giniGain(nodeImpurity, size, countsL, nLeft, countsR, size - nLeft)
      if (!best || gain > best.gain) best = { slot, nLeft, threshold, gain }
    })
    return best
  }

  function bestSquaredErrorSplit(start: number, end: number): Candidate | undefined {
    const size = end - start, { z, ysL, ysR } = s
    // centred targets make the running sums well conditioned whatever the offset of y
    for (let k = start; k < end; k++) ysL[k - start] = yv[order[F * m + k]!]!
    const mu = mean(ysL, size)
    let total = 0, sst = 0
    for (let k = start; k < end; k++) { const p = order[F * m + k]!, v = yv[p]! - mu; z[p] = v; total += v; sst += v * v }
    const nodeError = squaredError(ysL, size)
    let allEqual = true
    for (let i = 1; i < size && allEqual; i++) allEqual = ysL[i] === ysL[0]
    // rank by P = sum_L²/n_L + sum_R²/n_R (squared error after the split = Σz² − P)
    const tol = (sst + 1e-300) * (1e-11 + 1e-14 * size)
    const near = new NearBest(tol)
    const keep = (slot: number, nLeft: number, t: number, sc: number) => near.keep(slot, nLeft, t, sc)
    const { perm, visit } = slotsFor()
    let visited = 0
    for (let q = 0; q < F && visited < visit; q++) {
      const slot = perm[q]!
      if (isConstant(slot, start, end)) {
        if (perSplit >= F && !allEqual) keep(slot, 0, xAt(features[slot]!, order[slot * m + start]!), (total * total) / size)
        continue
      }
      if (perSplit < F) visited++
      const base = slot * m, vals = cols.values, off = features[slot]! * n
      let sumL = 0, nL = 0, blkN = 0, blkS = 0, prevN = 0, prevS = 0
      let pPrev = order[base + start]!, xPrev = vals[off + rows[pPrev]!]!
      for (let k = start + 1; k < end; k++) {
        sumL += z[pPrev]!; nL++
        const p = order[base + k]!, x = vals[off + rows[p]!]!
        if (x > xPrev) { prevN = blkN; prevS = blkS; blkN = nL; blkS = sumL }
        if (yv[p] !== yv[pPrev]) {
          const t = x === xPrev ? x : (xPrev + x) / 2
          const usePrev = x !== xPrev && !(t > xPrev)
          const ln = usePrev ? prevN : blkN, sl = usePrev ? prevS : blkS, sr = total - sl
          keep(slot, ln, t, (ln ? (sl * sl) / ln : 0) + (sr * sr) / (size - ln))
        }
        pPrev = p; xPrev = x
      }
    }
    let best: (Candidate & { error: number }) | undefined
    near.forEach((slot, nLeft, t) => {
      const j = features[slot]!
      // ml-cart's split: rows in node order, value < threshold to "lesser"
      let a = 0, b = 0
      for (let k = start; k < end; k++) { const p = order[F * m + k]!; if (xAt(j, p) < t) ysL[a++] = yv[p]!; else ysR[b++] = yv[p]! }
      const error = regressionError(ysL, a, ysR, b)
      if (!best || error < best.error) best = { slot, nLeft, threshold: t, gain: nodeError - error, error }
    })
    return best
  }
}

/**
 * The split candidates whose score is within rounding distance (tol) of the best seen: the sweep ranks by a
 * cheap score, and only these are re-scored exactly (as ml-cart computes) to decide the split. Kept flattened
 * (slot, nLeft, threshold, score) because a node can see thousands of candidates.
 */
class NearBest {
  private best = -Infinity
  private readonly kept: number[] = []
  private readonly tol: number
  constructor(tol: number) { this.tol = tol }

  keep(slot: number, nLeft: number, threshold: number, score: number): void {
    if (score < this.best - this.tol) return
    if (score > this.best + this.tol) this.kept.length = 0
    if (score > this.best) this.best = score
    const last = this.kept.length - 4
    if (last >= 0 && this.kept[last] === slot && this.kept[last + 1] === nLeft) return // same partition again: the first one wins anyway
    this.kept.push(slot, nLeft, threshold, score)
  }

  /** The candidates still within tol of the final best, in the order they were seen. */
  forEach(visit: (slot: number, nLeft: number, threshold: number) => void): void {
    for (let i = 0; i < this.kept.length; i += 4) if (this.kept[i + 3]! >= this.best - this.tol) visit(this.kept[i]!, this.kept[i + 1]!, this.kept[i + 2]!)
  }
}

function maxLabel(y: ArrayLike<number>): number {
  let k = 0
  for (let i = 0; i < y.length; i++) if (y[i]! > k) k = y[i]!
  return k
}

/** The leaf a row lands in. */
export function leafOf(tree: Tree, row: ArrayLike<number>): number {
  let node = 0
  while (tree.feature[node]! >= 0) node = row[tree.feature[node]!]! < tree.threshold[node]! ? tree.left[node]! : tree.right[node]!
  return tree.leaf[node]!
}

/** Class distribution (classification) of the leaf each row lands in. */
export function predictTreeProba(tree: Tree, X: readonly (readonly number[])[]): number[][] {
  return X.map(r => { const o = leafOf(tree, r) * tree.k; return Array.from(tree.values.subarray(o, o + tree.k)) })
}

/** Class index (first most likely class, as ml-cart) or regression value per row. */
export function predictTree(tree: Tree, X: readonly (readonly number[])[]): number[] {
  if (tree.task === 'regression') return X.map(r => tree.values[leafOf(tree, r)]!)
  return X.map(r => argmaxAt(tree.values, leafOf(tree, r) * tree.k, tree.k))
}

export function argmaxAt(v: Float64Array, offset: number, k: number): number {
  let b = 0
  for (let c = 1; c < k; c++) if (v[offset + c]! > v[offset + b]!) b = c
  return b
}
