// Adapters that turn ml.js models into ensemble members. Every adapter is built from a plain, serialisable
// spec so the same model can run in-process or inside a worker thread (see worker-member.ts).
import { z } from 'zod'
import { GaussianNB } from 'ml-naivebayes'
import MultivariateLinearRegression from 'ml-regression-multivariate-linear'
import { Matrix, solve } from 'ml-matrix'
import type { Member } from './types.ts'
import { fitSoftmax, flatten, knnNeighbours, softmaxProba } from './linear.ts'
import { toColumns, growTree, predictTree, predictTreeProba, growForest, forestProba, forestPredict, type Columns, type Tree, type Forest } from './trees/index.ts'

export const CLASSIFIERS = ['random-forest', 'decision-tree', 'knn', 'naive-bayes', 'logistic-regression'] as const
export const REGRESSORS = ['random-forest', 'decision-tree', 'knn', 'linear', 'ridge'] as const

export const ModelSpecSchema = z.strictObject({
  type: z.enum(['random-forest', 'decision-tree', 'knn', 'naive-bayes', 'logistic-regression', 'linear', 'ridge']),
  task: z.enum(['classification', 'regression']),
  name: z.string().optional(),
  /**
   * Model options: nEstimators/maxFeatures/featureSampling/maxDepth/minNumSamples/gainThreshold (forest, tree),
   * k (knn), C/iterations (logistic), alpha (ridge). Forest: maxFeatures is a fraction, a count, 'sqrt' or
   * 'log2'; featureSampling 'tree' (one subset per tree, ml-random-forest) or 'split' (per node, scikit-learn).
   */
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  /** Standardise features with the training rows' mean and sd before the model sees them. Default: on for knn, logistic, ridge. */
  standardize: z.boolean().optional(),
  seed: z.number().int().default(0),
}).refine(s => (s.task === 'classification' ? (CLASSIFIERS as readonly string[]) : (REGRESSORS as readonly string[])).includes(s.type),
  { message: 'model type not available for this task (classification: random-forest, decision-tree, knn, naive-bayes, logistic-regression; regression: random-forest, decision-tree, knn, linear, ridge)' })

export type ModelSpec = z.input<typeof ModelSpecSchema>
export type ModelMember = Omit<Member, 'fit' | 'predict' | 'predictProba' | 'clone'> & {
  name: string; spec: ModelSpec; fit(X: number[][], y: number[]): void; predict(X: number[][]): number[]; predictProba?(X: number[][]): number[][]; clone(): ModelMember
  /** Tree models: fit on prepared columns (shared by every member fitted on the same rows). */
  fitColumns?(cols: Columns, y: number[]): void
  /** Tree models: the fitted trees as typed arrays (to move a fit made in a worker thread back), and loading them. */
  exportState?(): TreeModelState
  importState?(state: TreeModelState): void
}

/** A fitted tree model: one tree or a forest, flat typed arrays. */
export type TreeModelState = { kind: 'tree'; tree: Tree } | { kind: 'forest'; forest: Forest }

export function parseModelSpec(spec: unknown): z.infer<typeof ModelSpecSchema> {
  const r = ModelSpecSchema.safeParse(spec)
  if (!r.success) {
    const i = r.error.issues[0]!
    throw new TypeError(`model spec ${JSON.stringify(spec)}: ${i.path.join('.') || 'type'}: ${i.message}`)
  }
  return r.data
}

interface Core {
  fit(X: number[][], y: number[]): void; predict(X: number[][]): number[]; proba?(X: number[][]): number[][]
  columns?(cols: Columns, y: number[]): void; state?(): TreeModelState; load?(state: TreeModelState): void
}

const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d)
const str = (v: unknown, d: string): string => (typeof v === 'string' ? v : d)
// ml-cart's options as the adapters have always set them (a node of ≤ 2 rows is a leaf; any positive gain splits)
const treeOptions = (p: Record<string, unknown>) => ({ maxDepth: num(p.maxDepth, Infinity), minNumSamples: num(p.minNumSamples, 2), gainThreshold: num(p.gainThreshold, 0) })

function scaler(X: number[][]): (X: number[][]) => number[][] {
  const d = X[0]?.length ?? 0, n = X.length
  const mean = new Array<number>(d).fill(0), sd = new Array<number>(d).fill(0)
  for (const r of X) for (let j = 0; j < d; j++) mean[j]! += r[j]! / n
  for (const r of X) for (let j = 0; j < d; j++) sd[j]! += (r[j]! - mean[j]!) ** 2 / n
  const inv = sd.map(v => (v > 0 ? 1 / Math.sqrt(v) : 1)) // constant columns stay centred at 0
  return rows => rows.map(r => r.map((v, j) => (v - mean[j]!) * inv[j]!))
}

function nClassesOf(y: number[]): number {
  let k = 0
  for (const c of y) {
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`classification labels must be class indices 0..k-1, got ${c}`)
    if (c + 1 > k) k = c + 1
  }
  return k
}

function pad(row: number[], k: number): number[] {
  return row.length >= k ? row.slice(0, k) : [...row, ...new Array<number>(k - row.length).fill(0)]
}

const argmaxRows = (P: number[][]): number[] => P.map(r => r.reduce((b, v, c) => (v > r[b]! ? c : b), 0))

function core(s: z.infer<typeof ModelSpecSchema>): Core {
  const p = s.params
  const classify = s.task === 'classification'
  let k = 0
  switch (s.type) {
    case 'random-forest': {
      // Defaults are scikit-learn's forest (100 trees, a fresh feature subset at every split: √features for
      // classification, all for regression). featureSampling 'tree' with maxFeatures 0.5 and 30 trees is the
      // forest these members were before (ml-random-forest's), tree for tree.
      const sampling = str(p.featureSampling, 'split')
      if (sampling !== 'tree' && sampling !== 'split') throw new TypeError(`random-forest: featureSampling must be 'tree' or 'split', got ${JSON.stringify(sampling)}`)
      const maxFeatures = typeof p.maxFeatures === 'string' || typeof p.maxFeatures === 'number' ? p.maxFeatures : sampling === 'tree' ? 0.5 : classify ? 'sqrt' : 1
      if (typeof maxFeatures === 'string' && maxFeatures !== 'sqrt' && maxFeatures !== 'log2') throw new TypeError(`random-forest: maxFeatures must be a number, 'sqrt' or 'log2', got ${JSON.stringify(maxFeatures)}`)
      const opts = { task: s.task, nEstimators: num(p.nEstimators, 100), maxFeatures, featureSampling: sampling, seed: s.seed, tree: treeOptions(p) } as const
      let forest: Forest | undefined
      const columns = (cols: Columns, y: number[]) => { forest = growForest(cols, y, opts) }
      return {
        fit(X, y) { columns(toColumns(X), y) }, columns,
        predict: X => (classify ? argmaxRows(forestProba(forest!, X)) : forestPredict(forest!, X)),
        ...(classify ? { proba: (X: number[][]) => forestProba(forest!, X) } : {}),
        state: () => ({ kind: 'forest', forest: forest! }),
        load: st => { if (st.kind !== 'forest') throw new TypeError('random-forest: state is not a forest'); forest = st.forest },
      }
    }
    case 'decision-tree': {
      let tree: Tree | undefined
      const columns = (cols: Columns, y: number[]) => { tree = growTree(cols, y, { task: s.task, ...treeOptions(p) }) }
      return {
        fit(X, y) { columns(toColumns(X), y) }, columns,
        predict: X => predictTree(tree!, X),
        ...(classify ? { proba: (X: number[][]) => predictTreeProba(tree!, X) } : {}),
        state: () => ({ kind: 'tree', tree: tree! }),
        load: st => { if (st.kind !== 'tree') throw new TypeError('decision-tree: state is not a tree'); tree = st.tree },
      }
    }
    case 'knn': {
      let train: Float64Array = new Float64Array(0), targets: number[] = [], d = 0
      const kk = num(p.k, 5)
      const neighbours = (r: number[]) => Array.from(knnNeighbours(train, d, r, kk), i => targets[i]!)
      const fit = (X: number[][], y: number[]) => { train = flatten(X); d = X[0]!.length; targets = [...y] }
      if (!classify) return { fit, predict: X => X.map(r => { const v = neighbours(r); return v.reduce((a, b) => a + b, 0) / v.length }) }
      const proba = (X: number[][]) => X.map(r => { const row = new Array<number>(k).fill(0), v = neighbours(r); for (const c of v) row[c]! += 1 / v.length; return row })
      return { fit(X, y) { k = nClassesOf(y); fit(X, y) }, proba, predict: X => argmaxRows(proba(X)) }
    }
    case 'naive-bayes': {
      // The library gives no probabilities: they are computed from its fitted priors, means and sds with
      // log-sum-exp (exp of a 30-feature log-density can underflow to 0). Variance smoothing as in sklearn.
      let nb: GaussianNB | undefined, eps = 0
      const proba = (X: number[][]) => X.map(r => {
        const logp = nb!.calculateProbabilities.map((cls, c) => {
          let s = cls[0]
          for (let j = 0; j < r.length; j++) {
            const v = -(cls[j + 1] as [number, number])[1] / 2 + eps
            s += -0.5 * Math.log(2 * Math.PI * v) - (r[j]! - nb!.means[c]![j]!) ** 2 / (2 * v)
          }
          return s
        })
        const m = Math.max(...logp), e = logp.map(v => Math.exp(v - m)), z = e.reduce((a, b) => a + b, 0)
        return pad(e.map(v => v / z), k)
      })
      return {
        fit(X, y) {
          k = nClassesOf(y); nb = new GaussianNB(); nb.train(X, y)
          const d = X[0]!.length, n = X.length
          let maxVar = 0
          for (let j = 0; j < d; j++) { let m = 0, v = 0; for (const r of X) m += r[j]! / n; for (const r of X) v += (r[j]! - m) ** 2 / n; maxVar = Math.max(maxVar, v) }
          eps = 1e-9 * maxVar
        },
        proba, predict: X => argmaxRows(proba(X)),
      }
    }
    case 'logistic-regression': {
      let model: ReturnType<typeof fitSoftmax> | undefined
      const proba = (X: number[][]) => softmaxProba(model!, X)
      return {
        fit(X, y) { k = nClassesOf(y); model = fitSoftmax(X, y, k, { C: num(p.C, 1), iterations: num(p.iterations, 300) }) },
        proba, predict: X => argmaxRows(proba(X)),
      }
    }
    case 'linear': {
      let m: MultivariateLinearRegression | undefined
      return { fit(X, y) { m = new MultivariateLinearRegression(X, y.map(v => [v])) }, predict: X => m!.predict(X).map(r => r[0]!) }
    }
    case 'ridge': {
      // closed form on centred data: w = (XᵀX + αI)⁻¹ Xᵀ(y - ȳ), intercept ȳ - x̄·w (intercept not penalised)
      let w: number[] = [], b = 0, xm: number[] = []
      const alpha = num(p.alpha, 1)
      return {
        fit(X, y) {
          const n = X.length, d = X[0]!.length
          xm = Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[j]!, 0) / n)
          const ym = y.reduce((a, v) => a + v, 0) / n
          const Xc = new Matrix(X.map(r => r.map((v, j) => v - xm[j]!)))
          const A = Xc.transpose().mmul(Xc).add(Matrix.eye(d, d).mul(alpha))
          w = solve(A, Xc.transpose().mmul(Matrix.columnVector(y.map(v => v - ym)))).to1DArray()
          b = ym
        },
        predict: X => X.map(r => b + r.reduce((s, v, j) => s + (v - xm[j]!) * w[j]!, 0)),
      }
    }
    default: throw new TypeError(`unknown model type ${String(s.type)}`)
  }
}

/** Builds an in-process ensemble member for an ml.js model from its spec. */
export function createModel(spec: ModelSpec): ModelMember {
  const s = parseModelSpec(spec)
  const scale = s.standardize ?? ['knn', 'logistic-regression', 'ridge'].includes(s.type)
  const inner = core(s)
  let transform: ((X: number[][]) => number[][]) | undefined
  let fitted = false
  const prep = (X: number[][]) => {
    if (!fitted) throw new Error(`${name}: predict called before fit`)
    return transform ? transform(X) : X
  }
  const name = s.name ?? `${s.type}`
  const member: ModelMember = {
    name, spec,
    fit(X, y) {
      if (X.length !== y.length) throw new RangeError(`${name}: ${X.length} rows but ${y.length} targets`)
      transform = scale ? scaler(X) : undefined
      inner.fit(transform ? transform(X) : X, y)
      fitted = true
    },
    predict: X => inner.predict(prep(X)),
    clone: () => createModel(spec),
  }
  if (inner.proba) member.predictProba = X => inner.proba!(prep(X))
  if (inner.columns && !scale) {
    member.fitColumns = (cols, y) => {
      if (cols.n !== y.length) throw new RangeError(`${name}: ${cols.n} rows but ${y.length} targets`)
      inner.columns!(cols, y); transform = undefined; fitted = true
    }
    member.exportState = () => { if (!fitted) throw new Error(`${name}: exportState called before fit`); return inner.state!() }
    member.importState = st => { inner.load!(st); transform = undefined; fitted = true }
  }
  return member
}
