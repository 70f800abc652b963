// Holm's procedure over group-sequential tests (the group-sequential Holm procedure of Ye, Li, Liu & Yao 2013,
// Stat Med 32:1112–1124; the Holm case of Maurer & Bretz 2013, Stat Biopharm Res 5:311–320). The assumption
// this file holds: each hypothesis has its own group-sequential test whose boundaries come from one spending
// function at whatever level Holm gives it, and a rejection at any look frees its level for the others (closed
// testing with Bonferroni tests of the intersections), so the family-wise error stays ≤ α over all looks.

export interface SequentialHypothesis {
  /** Nominal (fixed-sample) p-value at this look; undefined when the hypothesis is not tested at this look. */
  p: number | undefined
  /** Rejected at an earlier look (stays rejected). */
  rejected: boolean
}

/**
 * One look: every hypothesis not yet rejected is tested at level α/(number not yet rejected), its p at this look
 * against `nominalAt(level)`, the nominal level a group-sequential test of that overall level has at this look.
 * Rejections raise the others' level, and they are tested again, until nothing more is rejected.
 * Returns, per hypothesis, whether it is rejected (earlier or now).
 */
export function sequentialHolm(h: readonly SequentialHypothesis[], alpha: number, nominalAt: (level: number) => number): boolean[] {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`sequentialHolm: alpha must be in (0, 1), got ${alpha}`)
  const rejected = h.map(x => x.rejected)
  for (;;) {
    const open = rejected.reduce((n, r) => n + (r ? 0 : 1), 0)
    if (open === 0) return rejected
    const nominal = nominalAt(alpha / open)
    let any = false
    h.forEach((x, i) => {
      if (!rejected[i] && x.p !== undefined && x.p <= nominal) { rejected[i] = true; any = true }
    })
    if (!any) return rejected
  }
}

/** The level Holm gives each open hypothesis once the rejections are known (α / open), for reports and floors. */
export function holmLevel(rejected: readonly boolean[], alpha: number): number {
  const open = rejected.filter(r => !r).length
  return open ? alpha / open : alpha
}
