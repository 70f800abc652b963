// `swarmbench ingest` end to end, on files the real tools wrote (test/fixtures/ingest): the first file becomes the
// baseline, the planted 2× slowdown (SLOW=2) fails the gate; the history holds both runs; bad files exit 2.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { readBaselineFile } from '../store/baseline-file.ts'
import { openHistory } from '../store/history.ts'
import { main } from './index.ts'

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/ingest')
let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-ingest-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...argv: string[]) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd: dir })
  return { code, out, err }
}

const CASES = [
  { format: 'go-bench', base: 'go/base.txt', slow: 'go/slow.txt', slowed: 'go-bench › example.com/swarmbench/ingestfixture › BenchmarkFib › BenchmarkFib/n=15' },
  { format: 'tinybench', base: 'tinybench/base-tasks.json.gz', slow: 'tinybench/slow-tasks.json.gz', slowed: 'tinybench › fib 15' },
  { format: 'mitata', base: 'mitata/base.json.gz', slow: 'mitata/slow.json.gz', slowed: 'mitata › fib › fib 15' },
  { format: 'pytest-benchmark', base: 'pytest/base.json.gz', slow: 'pytest/slow.json.gz', slowed: 'pytest-benchmark › test_fib.py › fib › test_fib_15' },
  { format: 'vitest-json', base: 'vitest/base.json', slow: 'vitest/slow.json', slowed: 'vitest-json › fib.bench.ts › fib › fib 15' },
] as const

describe('swarmbench ingest', () => {
  test.each(CASES)('$format: stored as the baseline, then the 2× slower run fails the gate', async c => {
    const first = await cli('ingest', '--format', c.format, join(FIXTURES, c.base))
    expect(first.err).toBe('')
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/this run becomes the baseline/)
    const baseline = readBaselineFile(join(dir, '.swarmbench/baseline.json'))
    expect(baseline.entries[c.slowed]!.provenance).toMatchObject({ kind: 'replayed', how: expect.stringContaining(`result file ${join(FIXTURES, c.base)}`) })
    const second = await cli('ingest', '--format', c.format, join(FIXTURES, c.slow), '--gate')
    expect(second.code).toBe(1)
    expect(second.err).toContain(`${c.slowed} latency +`)
    expect(second.out).toMatch(/replayed/)
    const diff = JSON.parse(readFileSync(join(dir, '.swarmbench/diff.json'), 'utf8'))
    const row = diff.rows.find((r: { id: string; metric: string }) => r.id === c.slowed && r.metric === 'latency')
    expect(row).toMatchObject({ verdict: 'regressed', provenance: { kind: 'replayed' } })
    expect(row.changePct).toBeGreaterThan(50)
    const h = openHistory(join(dir, '.swarmbench/history.sqlite'))
    try { expect(h.db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 2 }) } finally { h.close() }
  })

  test('FORMAT:path mixes formats in one run; --output writes the run only', async () => {
    const r = await cli('ingest', `go-bench:${join(FIXTURES, 'go/base.txt')}`, `pytest-benchmark:${join(FIXTURES, 'pytest/summary.json')}`, '--output', 'run.json')
    expect(r).toMatchObject({ code: 0, err: '' })
    const run = readBaselineFile(join(dir, 'run.json'))
    expect(Object.keys(run.entries)).toHaveLength(5)
    expect(run.run.env.runner).toMatch(/^swarmbench ingest: go test -bench, pytest-benchmark 5/)
  })

  test('a malformed file of each format: one line naming the file and the field, exit 2, nothing stored', async () => {
    const bad = {
      'go-bench': 'BenchmarkX-2 many 3 ns/op\n',
      tinybench: '[{"name":"a","result":{"latency":{"samples":null,"p50":-1}}}]',
      mitata: '{"benchmarks":[{"alias":"a","runs":[{"stats":{"samples":"x"}}]}]}',
      'pytest-benchmark': '{"benchmarks":[{"name":"t"}]}',
      'vitest-json': '{"testResults":[{"name":7}]}',
      criterion: '{"iters":[1],"times":["5"]}',
    }
    const fields = { 'go-bench': 'line 1', tinybench: '[0].result.latency.p50', mitata: 'benchmarks[0].runs[0].stats.samples', 'pytest-benchmark': 'benchmarks[0].stats', 'vitest-json': 'testResults[0].name', criterion: 'times[0]' }
    for (const [format, content] of Object.entries(bad)) {
      writeFileSync(join(dir, `bad-${format}`), content)
      const r = await cli('ingest', '--format', format, `bad-${format}`)
      expect(r.code).toBe(2)
      const lines = r.err.trimEnd().split('\n')
      expect(lines[0]).toMatch(new RegExp(`^swarmbench: bad-${format}, field ${fields[format as keyof typeof fields].replace(/[[\].]/g, '\\$&')}: .+\\. Fix: `))
      expect(lines).toHaveLength(2) // the file's line, then "nothing ingested"
      expect(r.out).toBe('')
    }
    copyFileSync(join(FIXTURES, 'go/base.txt'), join(dir, 'good.txt'))
    writeFileSync(join(dir, 'cut.gz'), gzipSync('BenchmarkX 1 2 ns/op').subarray(0, 12))
    const mixed = await cli('ingest', '--format', 'go-bench', 'good.txt', 'cut.gz', 'missing.txt')
    expect(mixed.code).toBe(2)
    expect(mixed.err.split('\n').filter(Boolean)).toEqual([
      expect.stringMatching(/^swarmbench: cut\.gz: is gzip-compressed but cannot be decompressed/),
      expect.stringMatching(/^swarmbench: missing\.txt: cannot read \(ENOENT\)/),
      'swarmbench: nothing ingested: 2 of 3 file(s) could not be read (above)',
    ])
    expect((await cli('ingest', 'good.txt')).err).toMatch(/^swarmbench: good\.txt: has no format\. Fix: pass --format/)
    expect((await cli('ingest', '--format', 'criterion2', 'good.txt')).err).toMatch(/^swarmbench: --format takes one of tinybench, mitata, go-bench, pytest-benchmark, vitest-json, criterion, got 'criterion2'/)
  })
})
