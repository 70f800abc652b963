// Two small models written here rather than taken from ml.js, for speed measured on this machine:
// ml-knn's KD-tree took 1.6 s to answer 569 queries in 30 dimensions (brute force: ~20 ms), and
// ml-logistic-regression (one-vs-all, 50k full-batch steps by default, no intercept) took 4.2 s to fit
// Breast Cancer. Both are plain, well-known algorithms.

/** k nearest neighbours by brute-force Euclidean distance; ties in distance go to the earlier training row. */
export function knnNeighbours(train: Float64Array, d: number, query: readonly number[], k: number): Int32Array {
  const n = train.length / d
  const kk = Math.min(k, n)
  const bestD = new Float64Array(kk).fill(Infinity), bestI = new Int32Array(kk).fill(-1)
  for (let i = 0; i < n; i++) {
    let s = 0
    const o = i * d
    for (let j = 0; j < d; j++) { const t = train[o + j]! - query[j]!; s += t * t }
    if (s < bestD[kk - 1]!) {
      let p = kk - 1
      while (p > 0 && bestD[p - 1]! > s) { bestD[p] = bestD[p - 1]!; bestI[p] = bestI[p - 1]!; p-- }
      bestD[p] = s; bestI[p] = i
    }
  }
  return bestI
}

export function flatten(X: readonly (readonly number[])[]): Float64Array<ArrayBuffer> {
  const d = X[0]?.length ?? 0
  const out = new Float64Array(X.length * d)
  X.forEach((r, i) => { if (r.length !== d) throw new RangeError(`row ${i} has ${r.length} features, row 0 has ${d}`); out.set(r, i * d) })
  return out
}

/**
 * Multinomial logistic regression with an L2 penalty, the objective scikit-learn's LogisticRegression
 * minimises (C · Σ log-loss + ½‖W‖², intercept unpenalised), solved by Nesterov-accelerated gradient descent
 * with step 1/L from a power-iteration bound on the Hessian.
 */
export function fitSoftmax(X: readonly (readonly number[])[], y: readonly number[], k: number, opts: { C?: number; iterations?: number } = {}): { W: Float64Array; d: number; k: number } {
  const n = X.length, d = (X[0]?.length ?? 0) + 1 // + intercept column
  const A = new Float64Array(n * d)
  X.forEach((r, i) => { A[i * d] = 1; for (let j = 1; j < d; j++) A[i * d + j] = r[j - 1]! })
  const lambda = 1 / ((opts.C ?? 1) * n) // per-sample scale: mean loss + λ/2 ‖W‖²
  // largest eigenvalue of AᵀA/n by power iteration; softmax Hessian ≤ ½ AᵀA/n per class block
  let v = new Float64Array(d).fill(1 / Math.sqrt(d)), eig = 1
  for (let it = 0; it < 30; it++) {
    const u = new Float64Array(d)
    for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < d; j++) s += A[i * d + j]! * v[j]!; for (let j = 0; j < d; j++) u[j]! += A[i * d + j]! * s / n }
    eig = Math.hypot(...u) || 1
    v = u.map(x => x / eig)
  }
  const step = 1 / (0.5 * eig + lambda)
  const W = new Float64Array(d * k), Wprev = new Float64Array(d * k), V = new Float64Array(d * k), G = new Float64Array(d * k)
  const P = new Float64Array(k)
  for (let it = 0, iters = opts.iterations ?? 1000; it < iters; it++) {
    G.fill(0)
    for (let i = 0; i < n; i++) {
      let max = -Infinity
      for (let c = 0; c < k; c++) { let s = 0; for (let j = 0; j < d; j++) s += A[i * d + j]! * V[j * k + c]!; P[c] = s; if (s > max) max = s }
      let z = 0
      for (let c = 0; c < k; c++) { P[c] = Math.exp(P[c]! - max); z += P[c]! }
      for (let c = 0; c < k; c++) {
        const g = (P[c]! / z - (y[i] === c ? 1 : 0)) / n
        for (let j = 0; j < d; j++) G[j * k + c]! += g * A[i * d + j]!
      }
    }
    for (let j = 1; j < d; j++) for (let c = 0; c < k; c++) G[j * k + c]! += lambda * V[j * k + c]!
    const mom = it / (it + 3)
    for (let q = 0; q < W.length; q++) {
      const next = V[q]! - step * G[q]!
      V[q] = next + mom * (next - W[q]!)
      Wprev[q] = W[q]!; W[q] = next
    }
  }
  return { W, d, k }
}

export function softmaxProba(model: { W: Float64Array; d: number; k: number }, X: readonly (readonly number[])[]): number[][] {
  const { W, d, k } = model
  return X.map(r => {
    const s = Array.from({ length: k }, (_, c) => { let t = W[c]!; for (let j = 1; j < d; j++) t += r[j - 1]! * W[j * k + c]!; return t })
    const m = Math.max(...s), e = s.map(v => Math.exp(v - m)), z = e.reduce((a, b) => a + b, 0)
    return e.map(v => v / z)
  })
}
