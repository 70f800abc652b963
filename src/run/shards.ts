// Sharded runs: each CI runner measures a slice of the suite (vitest --shard i/n) and writes a partial run;
// mergeShards joins the partial runs into the one run the whole suite would have given, refusing (one line
// each) shards from different commits or options, overlapping shards, and a missing shard. Pure: no files.
import { createHash } from 'node:crypto'
import { SwarmbenchError } from '../errors/index.ts'
import type { Baseline } from '../schema/baseline.ts'

export interface ShardFile { file: string; run: Baseline }

/** The digest that tells shards of one run apart from shards run with other options. */
export function optionsDigest(options: unknown): string {
  return createHash('sha256').update(JSON.stringify(options, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v))).digest('hex').slice(0, 16)
}

/** 'i/n' as in `vitest --shard`, 1 ≤ i ≤ n. */
export function parseShard(text: string, flag = '--shard'): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim())
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN
  if (!m || !(index >= 1 && count >= 1 && index <= count && count <= 10_000)) {
    throw new SwarmbenchError(`${flag} takes i/n with 1 ≤ i ≤ n (as vitest --shard), got '${text}'`, { fix: `e.g. ${flag} 1/4` })
  }
  return { index, count }
}

export function mergeShards(parts: readonly ShardFile[]): Baseline {
  if (parts.length === 0) throw new SwarmbenchError('no shard files to merge', { fix: 'pass the partial runs (shard-*-of-*.json) or the folder holding them' })
  const first = parts[0]!
  const shardOf = (p: ShardFile) => {
    if (!p.run.run.shard) throw new SwarmbenchError('this run is not a shard (it has no run.shard): it holds the whole suite already', { file: p.file, fix: 'merge only the partial runs written by `vitest bench --shard i/n`' })
    return p.run.run.shard
  }
  const head = shardOf(first)
  const seen = new Map<number, string>()
  for (const p of parts) {
    const s = shardOf(p)
    const r = p.run.run
    if (s.count !== head.count) throw refuse(p, `it is shard ${s.index}/${s.count}, but ${first.file} is shard ${head.index}/${head.count}`, 'merge the shards of one run only')
    if (r.git.sha !== first.run.run.git.sha || r.git.dirty !== first.run.run.git.dirty) {
      throw refuse(p, `it comes from commit ${describeSha(r.git.sha, r.git.dirty)}, but ${first.file} from ${describeSha(first.run.run.git.sha, first.run.run.git.dirty)}`, 'run every shard on the same commit')
    }
    if (s.options !== head.options) throw refuse(p, `it ran with other swarmbench options than ${first.file}`, 'run every shard with the same vitest config')
    if (r.rounds !== first.run.run.rounds) throw refuse(p, `it has ${r.rounds} round(s), ${first.file} has ${first.run.run.rounds}`, 'run every shard with the same --rounds')
    const again = seen.get(s.index)
    if (again !== undefined) throw refuse(p, `shard ${s.index}/${s.count} is given twice (also ${again})`, 'pass each shard once')
    seen.set(s.index, p.file)
  }
  const missing = Array.from({ length: head.count }, (_, i) => i + 1).filter(i => !seen.has(i))
  if (missing.length) {
    throw new SwarmbenchError(`shard${missing.length > 1 ? 's' : ''} ${missing.map(i => `${i}/${head.count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing; a partial suite is never judged as the whole`, {
      fix: 'wait for every shard job, or rerun the missing one',
    })
  }
  const entries: Baseline['entries'] = {}
  const owner = new Map<string, string>()
  for (const p of parts.toSorted((a, b) => shardOf(a).index - shardOf(b).index)) {
    for (const [id, entry] of Object.entries(p.run.entries)) {
      const other = owner.get(id)
      if (other !== undefined) throw refuse(p, `benchmark ${id} is also in ${other}: shards must hold disjoint benchmarks`, 'shard with vitest --shard, which splits by file')
      owner.set(id, p.file)
      entries[id] = entry
    }
  }
  const runs = parts.map(p => p.run.run)
  const { shard: _shard, ...meta } = first.run.run
  return {
    schemaVersion: first.run.schemaVersion,
    run: {
      ...meta,
      createdAt: runs.map(r => r.createdAt).toSorted()[0]!,
      ...(runs.every(r => r.wallTimeMs !== undefined) ? { wallTimeMs: Math.max(...runs.map(r => r.wallTimeMs!)) } : {}),
    },
    entries: Object.fromEntries(Object.entries(entries).toSorted(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  }
}

function refuse(p: ShardFile, why: string, fix: string): SwarmbenchError {
  return new SwarmbenchError(`cannot merge this shard: ${why}`, { file: p.file, fix })
}

function describeSha(sha: string | null, dirty: boolean | null): string {
  return sha ? `${sha.slice(0, 7)}${dirty ? '+dirty' : ''}` : 'no git'
}
