// Random forest of presorted CART trees. Bootstrap rows are drawn exactly as ml-random-forest 2.1.0 draws them
// (random-js's Mersenne Twister, one seed chained from tree to tree), so with features sampled per tree the
// forest is the one ml-random-forest grows, tree for tree. With features sampled per split (scikit-learn's
// RandomForest; Breiman 2001) each node draws its own subset from a seeded src/random stream.
import { MersenneTwister19937, integer } from 'random-js'
import { createRng } from '../../random/index.ts'
import type { Columns } from './columns.ts'
import { argmaxAt, growTree, leafOf, type Tree, type TreeOptions } from './cart.ts'

export interface ForestOptions {
  task: 'classification' | 'regression'
  nClasses?: number
  nEstimators: number
  /**
   * Features per tree (`featureSampling: 'tree'`) or per split (`'split'`): a fraction in (0, 1] (of the
   * features, rounded down; 1 means all), an integer count, or 'sqrt' / 'log2' of the feature count.
   */
  maxFeatures: number | 'sqrt' | 'log2'
  /** 'tree': one feature subset per tree (ml-random-forest); 'split': a fresh subset at every node (scikit-learn). */
  featureSampling: 'tree' | 'split'
  seed: number
  tree: Pick<TreeOptions, 'maxDepth' | 'minNumSamples' | 'gainThreshold'>
}

export interface Forest { task: 'classification' | 'regression'; k: number; trees: Tree[] }

/** Number of features `maxFeatures` stands for among `d`, as ml-random-forest resolves it (fraction → floor). */
export function resolveMaxFeatures(maxFeatures: ForestOptions['maxFeatures'], d: number): number {
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(d)))
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(d)))
  if (maxFeatures > 0 && maxFeatures <= 1) return Math.max(1, Math.floor(d * maxFeatures))
  if (Number.isInteger(maxFeatures) && maxFeatures > 1 && maxFeatures <= d) return maxFeatures
  throw new RangeError(`random forest: maxFeatures ${maxFeatures} must be a fraction in (0, 1], an integer count ≤ ${d} features, 'sqrt' or 'log2'`)
}

/**
 * The rows and features of each tree, drawn as ml-random-forest draws them: rows with replacement, then
 * (per-tree sampling) features without replacement in draw order. Each tree's seed is the previous engine's
 * next output. Cheap; callers use it to hand trees to different threads and still get the same forest.
 */
export function forestSamples(n: number, d: number, o: Pick<ForestOptions, 'nEstimators' | 'maxFeatures' | 'featureSampling' | 'seed'>): { rows: Int32Array; features: Int32Array; seed: number }[] {
  const nFeatures = o.featureSampling === 'tree' ? resolveMaxFeatures(o.maxFeatures, d) : d
  const drawRow = integer(0, n - 1), drawFeature = integer(0, d - 1)
  let seed = o.seed
  return Array.from({ length: o.nEstimators }, () => {
    const treeSeed = seed
    let engine = MersenneTwister19937.seed(seed)
    const rows = new Int32Array(n)
    for (let i = 0; i < n; i++) rows[i] = drawRow(engine)
    seed = engine.next()
    let features: Int32Array
    if (o.featureSampling === 'tree') {
      engine = MersenneTwister19937.seed(seed)
      const used = new Set<number>()
      let index = drawFeature(engine)
      for (let i = 0; i < nFeatures; i++) {
        while (used.has(index)) index = drawFeature(engine)
        used.add(index)
      }
      features = Int32Array.from(used)
      seed = engine.next()
    } else features = Int32Array.from({ length: d }, (_, j) => j)
    return { rows, features, seed: treeSeed }
  })
}

/** Grows trees `from`..`to`-1 of the forest (all by default); the same trees whichever thread grows them. */
export function growForest(cols: Columns, y: ArrayLike<number>, o: ForestOptions, range: { from?: number; to?: number } = {}): Forest {
  if (!Number.isInteger(o.nEstimators) || o.nEstimators < 1) throw new RangeError(`random forest: nEstimators must be a positive integer, got ${o.nEstimators}`)
  const samples = forestSamples(cols.n, cols.d, o)
  const perSplit = o.featureSampling === 'split' ? resolveMaxFeatures(o.maxFeatures, cols.d) : undefined
  let k = 1
  if (o.task === 'classification') { k = o.nClasses ?? 0; for (let i = 0; i < y.length; i++) if (y[i]! + 1 > k) k = y[i]! + 1 }
  const trees = samples.slice(range.from ?? 0, range.to ?? samples.length).map(s => growTree(cols, y, {
    ...o.tree, task: o.task, nClasses: k,
    ...(perSplit !== undefined ? { maxFeaturesPerSplit: perSplit, rng: createRng(s.seed) } : {}),
  }, s))
  return { task: o.task, k, trees }
}

/** Share of trees voting for each class (each tree votes its leaf's most likely class), trees in order. */
export function forestProba(f: Forest, X: readonly (readonly number[])[]): number[][] {
  const T = f.trees.length
  return X.map(r => {
    const row = new Array<number>(f.k).fill(0)
    for (const t of f.trees) row[argmaxAt(t.values, leafOf(t, r) * t.k, t.k)]! += 1 / T
    return row
  })
}

/** Mean of the trees' predictions (regression), summed in tree order. */
export function forestPredict(f: Forest, X: readonly (readonly number[])[]): number[] {
  return X.map(r => {
    let s = 0
    for (const t of f.trees) s += t.values[leafOf(t, r)]!
    return s / f.trees.length
  })
}
