// Multiple-comparison corrections over a family of p-values. Both return adjusted p-values in the input order,
// so "adjusted p ≤ α" is the decision rule for either.

/** Holm's step-down adjustment: controls the family-wise error rate. */
export function holm(ps: readonly number[]): number[] {
  const m = ps.length
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p)
  const out = new Array<number>(m)
  let running = 0
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p))
    out[i] = running
  })
  return out
}

/** Benjamini–Hochberg step-up adjustment: controls the false discovery rate. */
export function benjaminiHochberg(ps: readonly number[]): number[] {
  const m = ps.length
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p)
  const out = new Array<number>(m)
  let running = 1
  for (let rank = m - 1; rank >= 0; rank--) {
    const { p, i } = order[rank]!
    running = Math.min(running, Math.min(1, (m / (rank + 1)) * p))
    out[i] = running
  }
  return out
}

export function adjust(ps: readonly number[], method: 'holm' | 'bh'): number[] {
  for (const p of ps) if (!(p >= 0 && p <= 1)) throw new RangeError(`p-value out of [0, 1]: ${p}`)
  return method === 'holm' ? holm(ps) : benjaminiHochberg(ps)
}
