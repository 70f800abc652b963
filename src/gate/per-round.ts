// Per-round view of an interleaved A/B run: round i of base against round i of head. Machine drift hits
// both halves of a pair alike, so a real change shows the same sign in (nearly) every pair, while noise flips.
import type { Baseline } from '../schema/baseline.ts'

export interface PerRoundRow {
  id: string
  /** head/base − 1 of the round's median latency, in %, one per round pair (null when a side lacks it). */
  changesPct: (number | null)[]
  /** Pairs where head was slower. */
  slower: number
  pairs: number
  /** Two-sided sign-test p-value over the pairs (a cross-check; the pooled verdict is what gates). */
  signP: number
}

export function perRoundChanges(base: Baseline, head: Baseline): PerRoundRow[] {
  const out: PerRoundRow[] = []
  for (const id of Object.keys(base.entries).sort()) {
    const b = base.entries[id]!, h = head.entries[id]
    if (!h || b.rounds.length === 0 || h.rounds.length === 0) continue
    const n = Math.max(b.rounds.length, h.rounds.length)
    const changesPct = Array.from({ length: n }, (_, i) => {
      const rb = b.rounds[i], rh = h.rounds[i]
      return rb && rh && rb.latency.p50 > 0 ? (rh.latency.p50 / rb.latency.p50 - 1) * 100 : null
    })
    const known = changesPct.filter((c): c is number => c !== null && c !== 0)
    const slower = known.filter(c => c > 0).length
    out.push({ id, changesPct, slower, pairs: known.length, signP: signTest(slower, known.length) })
  }
  return out
}

/** Two-sided exact sign test: P(|K − n/2| ≥ |k − n/2|) for K ~ Binomial(n, ½). */
export function signTest(k: number, n: number): number {
  if (n === 0) return 1
  const pmf = [Math.pow(0.5, n)]
  for (let j = 1; j <= n; j++) pmf.push((pmf[j - 1]! * (n - j + 1)) / j)
  const d = Math.abs(k - n / 2)
  let p = 0
  pmf.forEach((q, j) => { if (Math.abs(j - n / 2) >= d - 1e-9) p += q })
  return Math.min(1, p)
}
