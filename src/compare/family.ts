// The family step: which rows' p-values are corrected together, and how. One definition, used by every
// comparison. Only rows that can fail a gate form the gating family: a row that cannot gate (an info metric,
// timing across environments) must not make the rows that can gate harder to judge. The rows that cannot
// gate are corrected among themselves, so what they show is read at the same standard.
import { adjust } from './stats/index.ts'

export type Correction = 'holm' | 'bh'

export interface FamilyMember {
  /** Raw p of the row's test. */
  p: number
  gating: boolean
  /** Smallest p the row's test can reach at its sample size (0 for continuous tests). */
  minP: number
}

export interface FamilyResult {
  /** Adjusted p per member, in input order. */
  pAdjusted: number[]
  /** Size of the family each member was corrected in. */
  familySize: number[]
  /**
   * Whether the member could have been significant at all: under Holm the smallest adjusted p is m·minP, so a
   * rank test at small n can never reject in a large family. Such a row is "inconclusive", not "unchanged".
   */
  reachable: boolean[]
}

export function correctFamily(members: readonly FamilyMember[], correction: Correction, alpha: number): FamilyResult {
  const n = members.length
  const out: FamilyResult = { pAdjusted: new Array<number>(n), familySize: new Array<number>(n), reachable: new Array<boolean>(n) }
  for (const gating of [true, false]) {
    const idx = members.flatMap((m, i) => (m.gating === gating ? [i] : []))
    if (!idx.length) continue
    const adjusted = adjust(idx.map(i => members[i]!.p), correction)
    const m = idx.length
    idx.forEach((i, k) => {
      out.pAdjusted[i] = adjusted[k]!
      out.familySize[i] = m
      out.reachable[i] = members[i]!.minP * (correction === 'holm' ? m : 1) <= alpha
    })
  }
  return out
}
