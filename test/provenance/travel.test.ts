// Provenance travels: a label set where a figure is made reaches the baseline, the history, `history show`,
// the comparison (terminal, Markdown, JSON) and the gate's annotations; schema-1 baselines and histories,
// whose only label was a free-text `estimate`, read as provenance 'estimate'.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Chalk } from 'chalk'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/index.ts'
import { compareBaselines } from '../../src/compare/index.ts'
import { annotation } from '../../src/gate/index.ts'
import { render, renderMarkdownFull } from '../../src/report/index.ts'
import { BaselineSchema, type Baseline } from '../../src/schema/baseline.ts'
import { parseBaseline, writeBaselineFile } from '../../src/store/baseline-file.ts'
import { loadRun, openHistory, saveRun } from '../../src/store/history.ts'
import { MIGRATIONS } from '../../src/store/history-schema.ts'
import { sampleBaseline } from '../helpers/baselines.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-prov-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const QUICK = 'bench › a.bench.ts › sorting › quick', MERGE = 'bench › a.bench.ts › sorting › merge'

/** The sample baseline with labels: authored tokens, a simulated entry timing. */
function labelled(over: { tokens?: number; scale?: number } = {}): Baseline {
  const b = sampleBaseline({ tokens: over.tokens ?? 1000, scale: over.scale ?? 1 })
  b.entries[MERGE]!.metrics['tokens']!.provenance = { kind: 'authored', how: 'cassette review.json, written by hand' }
  b.entries[QUICK]!.provenance = { kind: 'simulated', how: 'seed 42, 5 nodes' }
  return b
}

async function cli(...argv: string[]) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd: dir })
  return { code, out, err }
}

describe('provenance travels', () => {
  test('through the history, `history show` (table and JSON) and back', async () => {
    const h = openHistory(join(dir, '.swarmbench/history.sqlite'))
    const id = saveRun(h, labelled())
    expect(loadRun(h, { id })).toEqual(labelled())
    h.close()
    const table = (await cli('history', 'show', 'latest')).out
    // the label leads the detail column, so fitting the table to the terminal cuts the rest first
    expect(table).toMatch(/tokens\s+1,000 tokens\s+1\s+authored: cassette review\.json/)
    expect(table).toMatch(/latency \(mean\).*simulated: seed 42, 5 nodes; n=200/)
    const json = JSON.parse((await cli('history', 'show', 'latest', '--format', 'json')).out) as Baseline
    expect(json.entries[MERGE]!.metrics['tokens']!.provenance).toEqual({ kind: 'authored', how: 'cassette review.json, written by hand' })
  })

  test('into every rendering of a comparison and into the annotation of a regression', () => {
    const cmp = compareBaselines(labelled(), labelled({ tokens: 1500 }))
    const row = cmp.rows.find(r => r.metric === 'tokens')!
    expect(row.provenance).toEqual({ kind: 'authored', how: 'cassette review.json, written by hand' })
    expect(cmp.rows.find(r => r.id === QUICK && r.metric === 'latency')!.provenance).toMatchObject({ kind: 'simulated' })
    // the compact outputs name the kind in the row, the complete table says how too
    expect(render(cmp, 'table', {}, new Chalk({ level: 0 }))).toMatch(/merge\s+tokens\s+1,000 tokens\s+1,500 tokens\s+\+50%\s+authored/)
    expect(render(cmp, 'markdown')).toMatch(/\| tokens \| 1,000 tokens \| 1,500 tokens \| \\\+50% \| authored; judged on exact figures \|/)
    expect(renderMarkdownFull(cmp)).toMatch(/authored: cassette review\.json, written by hand/)
    expect(JSON.parse(render(cmp, 'json')).rows.find((r: { metric: string }) => r.metric === 'tokens').provenance.kind).toBe('authored')
    expect(row.verdict).toBe('regressed')
    const a = annotation(row)
    expect(a).toMatch(/^::error title=swarmbench regression%3A tokens \(authored\)::/)
    expect(a).toMatch(/tokens \+50\.00%25; authored: cassette review\.json, written by hand/)
  })

  test('a measured row shows no label anywhere', () => {
    const cmp = compareBaselines(sampleBaseline(), sampleBaseline({ tokens: 1500 }))
    const row = cmp.rows.find(r => r.metric === 'tokens')!
    expect(row.provenance).toBeUndefined()
    expect(annotation(row)).not.toMatch(/\(measured\)|authored|estimate/)
  })
})

describe('schema 1 stays readable', () => {
  test("a schema-1 baseline's free-text estimate reads as provenance 'estimate', and is written back as schema 2", () => {
    const v1 = JSON.parse(JSON.stringify(sampleBaseline())) as Record<string, any>
    v1.schemaVersion = 1
    v1.entries[MERGE].metrics.tokens.estimate = 'o200k proxy count'
    const b = parseBaseline(JSON.stringify(v1), 'old.json')
    expect(b.schemaVersion).toBe(2)
    expect(b.entries[MERGE]!.metrics['tokens']).toMatchObject({ provenance: { kind: 'estimate', how: 'o200k proxy count' } })
    expect(b.entries[MERGE]!.metrics['tokens']).not.toHaveProperty('estimate')
    expect(b.entries[MERGE]!.metrics['accuracy']!.provenance).toBeUndefined()
    writeBaselineFile(join(dir, 'b.json'), b)
    expect(BaselineSchema.parse(parseBaseline(JSON.stringify(b), 'b.json'))).toEqual(b)
  })

  test("a schema-1 history migrates: its estimate column becomes provenance 'estimate', other rows stay measured", () => {
    const file = join(dir, 'h.sqlite')
    const db = new DatabaseSync(file)
    db.exec(MIGRATIONS[0]!)
    db.exec('PRAGMA user_version = 1')
    db.exec(`INSERT INTO runs (id, created_at, rounds, node, os, cpu_model, module_runner, meta_json) VALUES (1, '2026-11-20T10:00:00.000Z', 1, '24', 'Linux', 'cpu', 1,
      '${JSON.stringify(sampleBaseline().run)}')`)
    db.exec(`INSERT INTO benchmarks (id, key, project, file, test, bench) VALUES (1, 'p › f › t › b', 'p', 'f', 't', 'b')`)
    db.exec('INSERT INTO run_benchmarks (run_id, benchmark_id) VALUES (1, 1)')
    db.exec(`INSERT INTO metrics (run_id, benchmark_id, round, name, value, unit, better, kind, estimate) VALUES
      (1, 1, 0, 'virtualMs', 12, 'ms', 'lower', 'deterministic', 'simulated: uniform 1-10 ms'), (1, 1, 0, 'tokens', 7, 'tokens', 'lower', 'deterministic', NULL)`)
    db.close()
    // read-only, as it is; then migrated by a writer
    for (const readOnly of [true, false]) {
      const h = openHistory(file, { readOnly })
      const run = loadRun(h, { id: 1 })
      h.close()
      expect(run.entries['p › f › t › b']!.metrics['virtualMs']!.provenance, `readOnly ${readOnly}`).toEqual({ kind: 'estimate', how: 'simulated: uniform 1-10 ms' })
      expect(run.entries['p › f › t › b']!.metrics['tokens']!.provenance).toBeUndefined()
    }
    const db2 = new DatabaseSync(file)
    expect(db2.prepare('PRAGMA user_version').get()).toEqual({ user_version: MIGRATIONS.length })
    expect((db2.prepare('PRAGMA table_info(metrics)').all() as { name: string }[]).map(c => c.name)).not.toContain('estimate')
    db2.close()
  })
})
