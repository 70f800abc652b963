import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { main } from '../cli/index.ts'
import { compareBaselines } from '../compare/index.ts'
import type { Baseline } from '../schema/baseline.ts'
import { listRuns, openHistory } from '../store/history.ts'
import { parseOptions } from '../plugin/options.ts'
import { syntheticRun } from '../../test/store/synthetic.ts'
import { writeShard } from './shards-file.ts'
import { mergeShards, optionsDigest, parseShard, type ShardFile } from './shards.ts'

const whole = syntheticRun({ writer: 1, index: 0, benchmarks: 24, samples: 30 })
const base = syntheticRun({ writer: 2, index: 0, benchmarks: 24, samples: 30, seed: 7 })
const digest = optionsDigest(parseOptions({}))

/** The whole run split by `owner` (benchmark i goes to shard owner[i]), as the shards would have written it. */
function split(run: Baseline, count: number, owner: (i: number) => number, o: { digest?: string } = {}): ShardFile[] {
  return Array.from({ length: count }, (_, s) => ({
    file: `shard-${s + 1}-of-${count}.json`,
    run: { ...run, run: { ...run.run, createdAt: new Date(Date.parse(run.run.createdAt) + s * 1000).toISOString(), shard: { index: s + 1, count, options: o.digest ?? digest } },
      entries: Object.fromEntries(Object.entries(run.entries).filter((_, i) => owner(i) === s)) },
  }))
}

function thrown(fn: () => unknown): string {
  try { fn() } catch (e) { return (e as Error).message }
  throw new Error('expected a throw')
}

describe('merging shards', () => {
  test('any split into shards merges back into the whole run: the same entries and the same verdicts', () => {
    const verdicts = (head: Baseline) => compareBaselines(base, head).rows.map(r => [r.id, r.metric, r.verdict])
    const expected = verdicts(whole)
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }).chain(count => fc.tuple(fc.constant(count), fc.array(fc.integer({ min: 0, max: count - 1 }), { minLength: 24, maxLength: 24 }))), ([count, owner]) => {
      const merged = mergeShards(split(whole, count, i => owner[i]!).reverse())
      expect(merged.entries).toEqual(whole.entries)
      expect(merged.run.shard).toBeUndefined()
      expect(merged.run.createdAt).toBe(whole.run.createdAt)
      expect(verdicts(merged)).toEqual(expected)
    }), { numRuns: 10 })
  })

  test('refused with one line: a missing shard, another commit, other options, overlap, twice, not a shard', () => {
    const four = split(whole, 4, i => i % 4)
    expect(thrown(() => mergeShards([four[0]!, four[1]!, four[3]!]))).toBe('shard 3/4 is missing; a partial suite is never judged as the whole. Fix: wait for every shard job, or rerun the missing one')
    expect(thrown(() => mergeShards([four[0]!]))).toMatch(/^shards 2\/4, 3\/4, 4\/4 are missing/)
    const other = structuredClone(four[2]!)
    other.run.run.git.sha = 'c'.repeat(40)
    expect(thrown(() => mergeShards([four[0]!, four[1]!, other, four[3]!]))).toBe(`shard-3-of-4.json: cannot merge this shard: it comes from commit ccccccc, but shard-1-of-4.json from bbbbbbb. Fix: run every shard on the same commit`)
    expect(thrown(() => mergeShards([...four.slice(0, 3), split(whole, 4, i => i % 4, { digest: 'other' })[3]!]))).toMatch(/shard-4-of-4\.json: cannot merge this shard: it ran with other swarmbench options/)
    const overlap = split(whole, 2, i => i % 2)
    overlap[1]!.run.entries = { ...overlap[1]!.run.entries, ...overlap[0]!.run.entries }
    expect(thrown(() => mergeShards(overlap))).toMatch(/shard-2-of-2\.json: cannot merge this shard: benchmark .* is also in shard-1-of-2\.json: shards must hold disjoint benchmarks/)
    expect(thrown(() => mergeShards([four[0]!, four[0]!]))).toMatch(/shard 1\/4 is given twice/)
    expect(thrown(() => mergeShards([four[0]!, split(whole, 2, i => i % 2)[1]!]))).toMatch(/it is shard 2\/2, but shard-1-of-4\.json is shard 1\/4/)
    expect(thrown(() => mergeShards([{ file: 'last-run.json', run: whole }]))).toMatch(/^last-run\.json: this run is not a shard/)
    expect(thrown(() => mergeShards([]))).toMatch(/^no shard files to merge/)
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 })
    for (const bad of ['0/4', '5/4', '1/0', 'a/b', '1']) expect(thrown(() => parseShard(bad))).toMatch(/--shard takes i\/n with 1 ≤ i ≤ n/)
  })

  test('swarmbench merge: a folder of shards becomes one stored run; a missing shard is one line, exit 2, nothing stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swarmbench-merge-'))
    const cli = async (...argv: string[]) => {
      let out = '', err = ''
      const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd: dir })
      return { code, out, err }
    }
    try {
      const options = parseOptions({ print: false })
      const parts = split(whole, 3, i => i % 3, { digest: optionsDigest(options) })
      writeShard(dir, options, parts[0]!.run, { index: 1, count: 3 })
      writeShard(dir, options, parts[2]!.run, { index: 3, count: 3 })
      const missing = await cli('merge', '.swarmbench/shards')
      expect(missing.code).toBe(2)
      expect(missing.err).toBe('swarmbench: shard 2/3 is missing; a partial suite is never judged as the whole. Fix: wait for every shard job, or rerun the missing one\n')
      writeShard(dir, options, parts[1]!.run, { index: 2, count: 3 })
      const merged = await cli('merge', '.swarmbench/shards')
      expect(merged.err).toBe('')
      expect(merged.code).toBe(0)
      expect(merged.out).toMatch(/^swarmbench: merged 3 shard\(s\): 24 benchmark\(s\)/)
      const h = openHistory(join(dir, '.swarmbench/history.sqlite'), { readOnly: true })
      try { expect(listRuns(h)).toMatchObject([{ id: 1, benchmarks: 24, branch: 'writer-1' }]) } finally { h.close() }
      expect((await cli('merge', 'nowhere')).err).toMatch(/nowhere: no such file or folder/)
    } finally { rmSync(dir, { recursive: true, force: true }) }
  })
})
