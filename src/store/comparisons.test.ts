import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { sampleBaseline } from '../../test/helpers/baselines.ts'
import { compareBaselines } from '../compare/index.ts'
import { loadComparisons, saveComparison } from './comparisons.ts'
import { loadRun, openHistory, pruneRuns, saveRun } from './history.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-cmp-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('stored comparisons', () => {
  test('a run keeps the comparison it got, with the base identified as a history run', () => {
    const h = openHistory(join(dir, 'h.sqlite'))
    const base = sampleBaseline()
    const head = sampleBaseline({ createdAt: '2026-11-21T00:00:00.000Z', scale: 2, seed: 5 })
    const baseId = saveRun(h, base)
    const headId = saveRun(h, head)
    const cmp = compareBaselines(base, head)
    saveComparison(h, headId, base.run, cmp)
    const got = loadComparisons(h, [baseId, headId])
    expect([...got.keys()]).toEqual([headId])
    expect(got.get(headId)).toEqual({ runId: headId, base: { createdAt: base.run.createdAt, sha: base.run.git.sha, branch: 'main', runId: baseId }, comparison: cmp })
    // Saving again replaces; a base that is not in the history has no run id; pruning the base keeps the comparison.
    const outside = sampleBaseline({ createdAt: '2025-01-01T00:00:00.000Z' })
    saveComparison(h, headId, outside.run, cmp)
    expect(loadComparisons(h, [headId]).get(headId)!.base.runId).toBeNull()
    saveComparison(h, headId, base.run, cmp)
    expect(pruneRuns(h, { keep: 1 })).toBe(1)
    expect(loadComparisons(h, [headId]).get(headId)!.base).toMatchObject({ runId: null, createdAt: base.run.createdAt })
    expect(loadComparisons(h, [])).toEqual(new Map())
    h.close()
  })

  test('deleting a run deletes its comparison', () => {
    const h = openHistory(join(dir, 'h.sqlite'))
    const a = saveRun(h, sampleBaseline())
    const b = saveRun(h, sampleBaseline({ createdAt: '2026-11-22T00:00:00.000Z' }))
    saveComparison(h, b, sampleBaseline().run, compareBaselines(sampleBaseline(), sampleBaseline()))
    expect(pruneRuns(h, { keep: 1 })).toBe(1)
    expect(pruneRuns(h, { olderThanDays: 1, now: new Date('2030-01-01T00:00:00Z') })).toBe(1)
    expect(h.db.prepare('SELECT COUNT(*) AS n FROM comparisons').get()).toEqual({ n: 0 })
    expect(loadComparisons(h, [a, b]).size).toBe(0)
    h.close()
  })

  test('a history of schema 1 opens read-only as it is: its runs load, it has no comparisons', () => {
    const file = join(dir, 'old.sqlite')
    const h = openHistory(file)
    const id = saveRun(h, sampleBaseline())
    // back to schema 1: no comparisons table (migration 2), the estimate column instead of provenance (migration 3),
    // no counts (migration 4)
    // no baselines (migration 5)
    h.db.exec(`DROP TABLE baselines; DROP TABLE comparisons; ALTER TABLE metrics ADD COLUMN estimate TEXT;
      ALTER TABLE metrics DROP COLUMN successes; ALTER TABLE metrics DROP COLUMN trials;
      ALTER TABLE metrics DROP COLUMN provenance_kind; ALTER TABLE metrics DROP COLUMN provenance_how;
      ALTER TABLE run_benchmarks DROP COLUMN provenance_kind; ALTER TABLE run_benchmarks DROP COLUMN provenance_how; PRAGMA user_version = 1`)
    h.close()
    const ro = openHistory(file, { readOnly: true })
    expect(loadRun(ro, { id }).run.createdAt).toBe(sampleBaseline().run.createdAt)
    expect(loadComparisons(ro, [id]).size).toBe(0)
    ro.close()
    // A writer migrates it.
    openHistory(file).close()
    const db = new DatabaseSync(file)
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'comparisons'").get()).toEqual({ name: 'comparisons' })
    db.close()
  })

  test('a stored comparison that is not JSON names the run and how to drop it', () => {
    const h = openHistory(join(dir, 'h.sqlite'))
    const id = saveRun(h, sampleBaseline())
    h.db.prepare("INSERT INTO comparisons (run_id, base_created_at, comparison_json) VALUES (?, 'x', '{')").run(id)
    expect(() => loadComparisons(h, [id])).toThrow(/stored comparison of run 1 is not valid JSON.*Fix: delete it/)
    h.close()
  })

  test('loadRun without samples keeps the summaries and metric values', () => {
    const h = openHistory(join(dir, 'h.sqlite'))
    const b = sampleBaseline()
    b.entries['bench › a.bench.ts › sorting › merge']!.metrics.sampled = { unit: 'ms', better: 'lower', kind: 'timing', rounds: [{ value: 2, samples: [1, 2, 3] }] }
    const id = saveRun(h, b)
    const light = loadRun(h, { id }, { samples: false })
    const full = loadRun(h, { id })
    for (const [key, e] of Object.entries(light.entries)) {
      expect(e.rounds.map(r => r.latency)).toEqual(full.entries[key]!.rounds.map(r => r.latency))
      expect(e.rounds.every(r => r.samples === undefined)).toBe(true)
    }
    expect(light.entries['bench › a.bench.ts › sorting › merge']!.metrics.sampled!.rounds).toEqual([{ value: 2 }])
    expect(full.entries['bench › a.bench.ts › sorting › merge']!.metrics.sampled!.rounds).toEqual([{ value: 2, samples: [1, 2, 3] }])
    h.close()
  })
})
