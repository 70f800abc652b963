// The order test files start in. Vitest's own order is "longest first" from the durations of the previous run
// (node_modules/.vite/vitest/…/results.json); on a clean clone (CI) it has none and falls back to "largest file
// first", which starts the slow integration files (small files that spawn vitest, jest, npm, Chromium…) last, so
// one of the two workers ends the run alone for minutes. Here a file without a cached duration takes its
// duration from SLOW_FILES instead. Only the order changes: every file still runs, in its own worker.
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Seconds each of the slowest files took in `npm test` (measured 2026-12-03 on this 2-core machine under load,
 * see notes/issue-20-test-speed.md). Hints for ordering only: a stale figure costs time, never a result.
 */
export const SLOW_FILES: Readonly<Record<string, number>> = {
  'test/swarm/swarm.test.ts': 50,
  'test/integration/cli-run.test.ts': 46,
  'test/integration/jest.test.ts': 35,
  'test/ensemble/timing.test.ts': 34,
  'test/integration/shards.test.ts': 28,
  'test/integration/entry-points.test.ts': 20,
  'test/store/postgres.test.ts': 16,
  'test/swarm/matrix-cli.test.ts': 14,
  'test/claude-md/evaluate.test.ts': 12,
  'test/integration/reporter-in-process.test.ts': 11,
  'test/tokens/e2e.test.ts': 10,
  'test/integration/vitest-bench.test.ts': 9,
  'test/swarm/fixture.test.ts': 8,
  'test/browser/report.test.ts': 8,
  'test/memory/leak.test.ts': 8,
  'test/automation/crash-resume.test.ts': 7,
}

export class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files) // the cache's order, or file size; kept among files with no figure
    const root = this.ctx.config.root.replace(/\/?$/, '/')
    const figure = (spec: TestSpecification): number | undefined => {
      const cached = this.ctx.cache.getTestSpecificationResult(spec)
      if (cached?.failed) return Number.POSITIVE_INFINITY // failed first, as Vitest does
      if (cached?.duration !== undefined) return cached.duration / 1000
      const hint = SLOW_FILES[spec.moduleId.startsWith(root) ? spec.moduleId.slice(root.length) : spec.moduleId]
      return hint
    }
    const rank = new Map(base.map((spec, i) => [spec, i]))
    return base.toSorted((a, b) => {
      const fa = figure(a), fb = figure(b)
      if (fa !== undefined && fb !== undefined && fa !== fb) return fb - fa
      if (fa !== undefined && fb === undefined) return -1
      if (fa === undefined && fb !== undefined) return 1
      return rank.get(a)! - rank.get(b)!
    })
  }
}
