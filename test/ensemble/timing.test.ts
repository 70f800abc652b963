// The time an ensemble reports for predict is the time its calls took: member outputs reused for a second vote
// on the same rows cost that call nothing (they were once reported again per vote, 2.4× the work over five votes).
import { describe, expect, it } from 'vitest'
import { ensemble, standardMembers, VOTE_KINDS } from '../../src/ensemble/index.ts'
import { loadDataset, REAL_DATASETS, stratifiedKFold, kFold, take } from '../../src/datasets/index.ts'

describe('ensemble predict timing', () => {
  it('equals, within 5%, the time measured around the calls, on every shipped dataset', { timeout: 240_000 }, async () => {
    const seen: Record<string, { reported: number; around: number }> = {}
    for (const name of REAL_DATASETS) {
      const data = loadDataset(name)
      const f = (data.task === 'classification' ? stratifiedKFold(data.y, 5, 1) : kFold(data.y.length, 5, 1))[0]!
      // trees out: their fits dominate the test's time and say nothing about predict's bookkeeping. Two validation
      // folds, not three: validation runs once, before and outside the timed calls, and under npm test's coverage it
      // was half of this test's time (digits: 14 of 27 s).
      const ens = ensemble({ members: standardMembers(data.task, { seed: 1, light: true, exclude: ['decision-tree', 'random-forest'] })(), task: data.task, seed: 1, validationFolds: 2 })
      try {
        await ens.fit(take(data.X, f.train), take(data.y, f.train))
        await ens.validation() // computed once, outside the timed calls, as crossValidate does
        // Three repetitions on fresh copies of the rows (so each starts without reusable outputs); the one least
        // disturbed by this shared machine is compared. An inflation like the old one shows in every repetition.
        let best: { reported: number; around: number } | undefined
        for (let rep = 0; rep < 3; rep++) {
          const Xt = take(data.X, f.test)
          let reported = 0, around = 0
          for (const vote of VOTE_KINDS) {
            const t0 = performance.now()
            const r = await ens.predict(Xt, { vote })
            around += performance.now() - t0
            reported += r.timings.predictMs + r.timings.voteMs
            if (vote !== 'majority' && vote !== 'soft') expect(r.timings.reusedMemberOutputs, `${name} ${vote}`).toBe(true)
          }
          expect(reported, `${name}: reported ${reported.toFixed(2)} ms for ${around.toFixed(2)} ms around the calls`).toBeLessThanOrEqual(around)
          if (!best || around - reported < best.around - best.reported) best = { reported, around }
        }
        seen[name] = best!
      } finally {
        await ens.dispose()
      }
    }
    for (const [name, { reported, around }] of Object.entries(seen)) {
      expect(reported, `${name}: reported ${reported.toFixed(2)} ms for ${around.toFixed(2)} ms around the calls`).toBeGreaterThanOrEqual(0.95 * around)
    }
  })
})
