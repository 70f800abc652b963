// Training features laid out for presorted CART: column-major values plus, per column, the dense rank of each
// value (0 = smallest distinct value). Ranks are computed once per training set and shared by every tree of
// every forest fitted on it; with `shared: true` both arrays live in SharedArrayBuffers, so worker threads
// read the same memory instead of receiving a copy per member.

export interface Columns {
  /** Rows. */
  n: number
  /** Features. */
  d: number
  /** values[j * n + i]: feature j of row i. */
  values: Float64Array
  /** rank[j * n + i]: dense rank of values[j * n + i] within column j. */
  rank: Int32Array
  /** distinct[j]: number of distinct values in column j. */
  distinct: Int32Array
}

function buffer(bytes: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes)
}

/** Builds the column layout from rows; throws a RangeError naming the first row/column that is not a finite number. */
export function toColumns(X: readonly (readonly number[])[], opts: { shared?: boolean } = {}): Columns {
  const n = X.length, d = X[0]?.length ?? 0
  if (n === 0 || d === 0) throw new RangeError(`trees: need at least one row and one feature, got ${n} × ${d}`)
  const shared = opts.shared ?? false
  const values = new Float64Array(buffer(8 * n * d, shared))
  for (let i = 0; i < n; i++) {
    const r = X[i]!
    if (r.length !== d) throw new RangeError(`trees: row ${i} has ${r.length} features, row 0 has ${d}`)
    for (let j = 0; j < d; j++) {
      const v = r[j]!
      if (!Number.isFinite(v)) throw new RangeError(`trees: row ${i}, feature ${j} is ${v}; features must be finite numbers`)
      values[j * n + i] = v
    }
  }
  const rank = new Int32Array(buffer(4 * n * d, shared)), distinct = new Int32Array(buffer(4 * d, shared))
  const idx = new Int32Array(n)
  for (let j = 0; j < d; j++) {
    const col = values.subarray(j * n, (j + 1) * n)
    for (let i = 0; i < n; i++) idx[i] = i
    // sort row indices by value; a typed-array sort with a comparator is still ~n log n with no boxing
    idx.sort((a, b) => col[a]! - col[b]!)
    let r = -1, prev = NaN
    for (let k = 0; k < n; k++) {
      const i = idx[k]!, v = col[i]!
      if (v !== prev) { r++; prev = v }
      rank[j * n + i] = r
    }
    distinct[j] = r + 1
  }
  return { n, d, values, rank, distinct }
}

/** True when the arrays live in SharedArrayBuffers (posting them to a worker shares, not copies). */
export function isShared(c: Columns): boolean {
  return c.values.buffer instanceof SharedArrayBuffer && c.rank.buffer instanceof SharedArrayBuffer
}
