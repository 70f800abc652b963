// The behaviour every history backend must have, written once and run against each (SQLite here, PostgreSQL
// in postgres.test.ts): what is saved loads back unchanged, lists and filters agree, prune and comparisons work.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { compareBaselines } from '../../src/compare/index.ts'
import { SwarmbenchError } from '../../src/errors/index.ts'
import { escapeHtml, loadReportData, renderHtmlReport } from '../../src/report/html/index.ts'
import { runGate } from '../../src/gate/index.ts'
import { COMMENT_LIMIT_BYTES } from '../../src/report/comment.ts'
import { regressionTrends } from '../../src/run/trend-extra.ts'
import { withStore } from '../../src/store/open.ts'
import type { HistoryStore, OpenMode } from '../../src/store/store.ts'
import { sampleBaseline } from '../helpers/baselines.ts'
import { fixtureRun, HOSTILE_NAMES, storeFixtureHistory, writeFixtureHistory } from '../helpers/report-history.ts'

/** A fresh, empty history for each call of `fresh`; `reopen` opens the same one again in another mode. */
export interface Backend {
  fresh(): Promise<HistoryStore>
  reopen(store: HistoryStore, mode: OpenMode): Promise<HistoryStore>
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try { await p } catch (e) { return e as Error }
  throw new Error('expected a rejection')
}

export function historyContract(name: string, backend: () => Backend): void {
  describe(`history store contract: ${name}`, () => {
    test('a saved run loads back as the same baseline, by id, latest and branch; without samples on request', async () => {
      const store = await backend().fresh()
      try {
        const b = sampleBaseline()
        const id = await store.saveRun(b)
        expect(await store.loadRun({ id })).toEqual(b)
        expect(await store.loadRun('latest')).toEqual(b)
        expect(await store.loadRun({ branch: 'main' })).toEqual(b)
        const light = await store.loadRun({ id }, { samples: false })
        expect(Object.values(light.entries).every(e => e.rounds.every(r => r.samples === undefined))).toBe(true)
        expect(light.entries['bench › a.bench.ts › sorting › merge']!.metrics).toEqual(b.entries['bench › a.bench.ts › sorting › merge']!.metrics)
        expect(await store.findRunId({ branch: 'nowhere' })).toBeNull()
        const missing = await rejection(store.loadRun({ id: 99 }))
        expect(missing).toBeInstanceOf(SwarmbenchError)
        expect(missing.message).toMatch(/history has no run with id 99.*Fix: list the runs/)
        expect((await rejection(store.loadRun({ branch: 'b/x' }))).message).toMatch(/history has no run on branch b\/x/)
      } finally { await store.close() }
    })

    test('lists runs newest first, filtered by benchmark and branch; prunes by count and age', async () => {
      const store = await backend().fresh()
      try {
        for (let i = 0; i < 5; i++) await store.saveRun(sampleBaseline({ createdAt: `2026-11-0${i + 1}T00:00:00.000Z` }))
        const feature = sampleBaseline({ createdAt: '2026-11-10T00:00:00.000Z' })
        feature.run.git.branch = 'feature/x'
        delete feature.entries['bench › a.bench.ts › sorting › quick']
        const last = await store.saveRun(feature)
        const ids = (await store.listRuns()).map(r => r.id)
        expect(ids).toHaveLength(6)
        expect(ids[0]).toBe(last)
        expect(ids).toEqual(ids.toSorted((a, b) => b - a))
        expect(await store.listRuns({ limit: 2 })).toMatchObject([{ id: last, branch: 'feature/x', benchmarks: 1, metrics: 2, dirty: false, sha: 'a'.repeat(40), rounds: 1 }, { benchmarks: 2 }])
        expect(await store.listRuns({ bench: 'sorting › quick' })).toHaveLength(5)
        expect(await store.listRuns({ bench: '%' })).toEqual([]) // LIKE wildcards are literal
        expect((await store.listRuns({ branch: 'feature/x' })).map(r => r.id)).toEqual([last])
        expect(await store.pruneRuns({ olderThanDays: 10, now: new Date('2026-11-13T12:00:00Z') })).toBe(3)
        expect(await store.pruneRuns({ keep: 2 })).toBe(1)
        expect((await store.listRuns()).map(r => r.id)).toEqual(ids.slice(0, 2))
        expect((await rejection(store.listRuns({ limit: 0 }))).message).toMatch(/limit must be a whole number from 1/)
      } finally { await store.close() }
    })

    test('a comparison is kept beside its run, with the base identified as a history run; prune removes it', async () => {
      const store = await backend().fresh()
      try {
        const base = sampleBaseline({ createdAt: '2026-11-01T00:00:00.000Z' })
        const head = sampleBaseline({ createdAt: '2026-11-02T00:00:00.000Z', scale: 2, seed: 5 })
        const baseId = await store.saveRun(base)
        const headId = await store.saveRun(head)
        const cmp = compareBaselines(base, head)
        await store.saveComparison(headId, base.run, cmp)
        await store.saveComparison(headId, base.run, cmp) // replaces, never duplicates
        const stored = await store.loadComparisons([baseId, headId])
        expect([...stored.keys()]).toEqual([headId])
        expect(stored.get(headId)).toEqual({ runId: headId, base: { createdAt: base.run.createdAt, sha: base.run.git.sha, branch: 'main', runId: baseId }, comparison: JSON.parse(JSON.stringify(cmp)) })
        expect(await store.loadComparisons([])).toEqual(new Map())
        await store.pruneRuns({ keep: 0 })
        expect(await store.loadComparisons([headId])).toEqual(new Map())
      } finally { await store.close() }
    })

    test("a rate's counts (successes/trials per round) load back, so the exact test still judges a stored run", async () => {
      const store = await backend().fresh()
      try {
        const b = sampleBaseline()
        b.entries['bench › a.bench.ts › sorting › merge']!.metrics['success_rate'] = {
          unit: 'ratio', better: 'higher', kind: 'quality', provenance: { kind: 'stand-in' },
          rounds: [{ value: 0.9, counts: { successes: 27, trials: 30 } }, { value: 0.6, counts: { successes: 3, trials: 5 } }],
        }
        const id = await store.saveRun(b)
        expect(await store.loadRun({ id })).toEqual(b)
        expect((await store.loadRun({ id }, { samples: false })).entries['bench › a.bench.ts › sorting › merge']!.metrics['success_rate']!.rounds)
          .toEqual([{ value: 0.9, counts: { successes: 27, trials: 30 } }, { value: 0.6, counts: { successes: 3, trials: 5 } }])
      } finally { await store.close() }
    })

    test('the HTML report and the PR comment\'s trend charts read the same from this backend as from a SQLite file', async () => {
      const store = await backend().fresh()
      const dir = mkdtempSync(join(tmpdir(), 'swarmbench-contract-report-'))
      const now = new Date('2026-12-01T00:00:00Z')
      try {
        const ids = await storeFixtureHistory(store, 6)
        const reference = join(dir, 'reference.sqlite')
        await writeFixtureHistory(reference, 6)
        const data = await loadReportData(store, { now })
        // The reference: the same history in a SQLite file, read through the same code.
        const expected = await withStore(reference, { mode: 'read' }, s => loadReportData(s, { now }))
        expect({ ...data, historyFile: '' }).toEqual({ ...expected, historyFile: '' })
        expect(data.historyFile).toBe(store.location)
        // What that report holds (so that two empty reports could not pass the line above).
        expect(data.latest?.runId).toBe(ids[5])
        expect(data.base?.runId).toBe(ids[3])
        expect(data.trends.runs.map(r => r.id)).toEqual(ids)
        expect(data.trends.series).toHaveLength(20)
        expect(data.trends.boundaries.map(b => [b.kind, b.at])).toEqual([['environment', 2], ['baseline', 4]])
        expect(data.trends.series.find(s => s.key.endsWith('sorting › quick') && s.metric === 'latency')!.points.at(-1)).toMatchObject({ verdict: 'regressed', gating: true, rounds: 2 })
        expect(data.comparison!.rows).toHaveLength(20)
        expect(data.distributions.size).toBe(20)
        const page = renderHtmlReport(data)
        expect(page).toContain('<strong>FAIL</strong> · gating: 2 regressions')
        expect(page).toContain(`from ${escapeHtml(store.location)}`)
        for (const name of HOSTILE_NAMES) expect(page).not.toContain(name)
        // The filters run in this backend's queries: a branch, a benchmark text (LIKE wildcards literal), a run count.
        const evil = await loadReportData(store, { branch: 'feature/<b>x</b>', bench: '<img' })
        expect(evil.trends.runs.map(r => r.id)).toEqual([ids[1], ids[3], ids[5]])
        expect(new Set(evil.trends.series.map(s => s.key))).toEqual(new Set([`bench › evil.bench.ts › ${HOSTILE_NAMES[0]} › b`]))
        expect((await loadReportData(store, { bench: '%' })).trends.series).toEqual([])
        expect((await loadReportData(store, { runs: 2 })).trends.runs.map(r => r.id)).toEqual(ids.slice(4))
        // The Mermaid chart per gating regression, from this backend's trend queries.
        const gating = data.comparison!.rows.filter(r => r.verdict === 'regressed' && r.gating)
        const charts = await regressionTrends(store, gating)
        const expectedCharts = await withStore(reference, { mode: 'read' }, async s => gating.map(await regressionTrends(s, gating)))
        expect(gating.map(charts)).toEqual(expectedCharts)
        expect(gating.map(charts)).toEqual([expect.stringMatching(/^```mermaid\nxychart-beta\n/), expect.stringMatching(/^```mermaid\nxychart-beta\n/)])
      } finally {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      }
    })

    test('the gate\'s own comment (gate.md) draws the same trend charts from this backend, its head (not in the history) last', async () => {
      const store = await backend().fresh()
      const dir = mkdtempSync(join(tmpdir(), 'swarmbench-contract-gate-'))
      try {
        const ids = await storeFixtureHistory(store, 6)
        const reference = join(dir, 'reference.sqlite')
        await writeFixtureHistory(reference, 6)
        // The promoted baseline (run 4) against a head measured after the history's runs and not stored in it.
        writeFileSync(join(dir, 'base.json'), JSON.stringify(fixtureRun(3, { node: '25.1.0' })))
        writeFileSync(join(dir, 'head.json'), JSON.stringify(fixtureRun(6, { slow: true, node: '25.1.0' })))
        const gate = async (history: string, root: string) => {
          const err: string[] = []
          const res = await runGate({ root, history, baseline: join(dir, 'base.json'), current: join(dir, 'head.json') }, {
            env: {}, stdout: () => {}, stderr: l => err.push(l), runSuite: async () => { throw new Error('not expected to run') },
          })
          return { ...res, err, md: readFileSync(join(root, '.swarmbench/gate.md'), 'utf8') }
        }
        const here = await gate(store.location, join(dir, 'here'))
        const sqlite = await gate(reference, join(dir, 'sqlite'))
        expect(here.exitCode).toBe(1)
        expect(here.err).toEqual([])
        expect(here.md).toBe(sqlite.md)
        const blocks = here.md.match(/```mermaid\n[^]*?\n```/g)!
        expect(blocks).toHaveLength(2) // quick's latency and merge's tokens, the two gating regressions
        const tokens = blocks.find(b => b.includes('sorting › merge · tokens'))!
        expect(tokens).toContain(`x-axis [${[...ids.map(id => `"#${id}"`), '"head"'].join(', ')}]`)
        expect(tokens).toContain('line [1000, 1000, 1000, 1000, 1000, 1100, 1100]')
        expect(here.md).toContain('tokens over the last 6 runs in the history (run ids on the axis), then the head compared here (not in the history)')
        expect(Buffer.byteLength(here.md)).toBeLessThan(COMMENT_LIMIT_BYTES)
      } finally {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      }
    })

    test("a branch's shared baseline: the newer run wins whatever the order of promotion; versions count the changes; prune keeps it", async () => {
      const store = await backend().fresh()
      try {
        const at = (day: number) => sampleBaseline({ createdAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z` })
        const [r1, r2, r3] = [await store.saveRun(at(1)), await store.saveRun(at(3)), await store.saveRun(at(2))]
        expect(await store.branchBaseline('main')).toBeNull()
        const now = new Date('2026-12-01T00:00:00.000Z')
        expect(await store.promoteBaseline('main', r1!, now)).toEqual({ promoted: true, baseline: { branch: 'main', runId: r1, createdAt: '2026-11-01T00:00:00.000Z', version: 1, promotedAt: now.toISOString() } })
        expect(await store.promoteBaseline('main', r2!, now)).toMatchObject({ promoted: true, baseline: { runId: r2, version: 2 } })
        // run 3 was stored later but measured earlier (created 11-02): it does not replace run 2
        expect(await store.promoteBaseline('main', r3!, now)).toMatchObject({ promoted: false, baseline: { runId: r2, version: 2 } })
        expect(await store.promoteBaseline('main', r2!, now)).toMatchObject({ promoted: false, baseline: { runId: r2, version: 2 } })
        expect(await store.promoteBaseline('release', r3!, now)).toMatchObject({ promoted: true, baseline: { branch: 'release', runId: r3, version: 1 } })
        expect(await store.branchBaseline('main')).toMatchObject({ runId: r2, version: 2, createdAt: '2026-11-03T00:00:00.000Z' })
        expect((await rejection(store.promoteBaseline('main', 999))).message).toMatch(/no run with id 999/)
        // the same createdAt: the larger id is the newer run
        const twin = await store.saveRun(at(3))
        expect(await store.promoteBaseline('main', twin, now)).toMatchObject({ promoted: true, baseline: { runId: twin, version: 3 } })
        // prune never takes a branch's baseline
        expect(await store.pruneRuns({ keep: 0 })).toBe(2) // r1 and r2 go; r3 (release) and twin (main) stay
        expect((await store.listRuns()).map(r => r.id).toSorted((a, b) => a - b)).toEqual([r3, twin])
        expect(await store.loadRun({ id: (await store.branchBaseline('main'))!.runId })).toEqual(at(3))
      } finally { await store.close() }
    })

    test('a reader opened beside a writer sees what the writer stored', async () => {
      const b = backend()
      const writer = await b.fresh()
      try {
        const id = await writer.saveRun(sampleBaseline())
        const reader = await b.reopen(writer, 'read')
        try { expect((await reader.listRuns()).map(r => r.id)).toEqual([id]) } finally { await reader.close() }
      } finally { await writer.close() }
    })
  })
}
