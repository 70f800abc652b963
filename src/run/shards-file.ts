// The files of sharded runs: each shard's partial run (with the options it ran with) under <outDir>/shards/,
// and the reading side of `swarmbench merge` (files or folders of them).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { SwarmbenchError } from '../errors/index.ts'
import { parseOptions, type ResolvedOptions } from '../plugin/options.ts'
import type { Baseline } from '../schema/baseline.ts'
import { readBaselineFile, writeBaselineFile, writeFileAtomic } from '../store/baseline-file.ts'
import { optionsDigest, type ShardFile } from './shards.ts'

/** Writes shard index/count of the run; returns the file. */
export function writeShard(root: string, options: ResolvedOptions, run: Baseline, shard: { index: number; count: number }): string {
  const file = resolve(root, options.outDir, 'shards', `shard-${shard.index}-of-${shard.count}.json`)
  writeBaselineFile(file, { ...run, run: { ...run.run, shard: { ...shard, options: optionsDigest(options) } } })
  writeFileAtomic(`${file}.options.json`, JSON.stringify(options))
  return file
}

/** The partial runs named: files, or folders whose *.json files (not *.options.json) are read. */
export function readShards(paths: readonly string[], cwd: string): ShardFile[] {
  const files = paths.flatMap(p => {
    const full = resolve(cwd, p)
    let folder: boolean
    try { folder = statSync(full).isDirectory() } catch { throw new SwarmbenchError('no such file or folder', { file: full, fix: 'pass the shard files (shard-*-of-*.json) or the folder holding them' }) }
    return folder ? readdirSync(full).filter(f => f.endsWith('.json') && !f.endsWith('.options.json')).sort().map(f => join(full, f)) : [full]
  })
  return files.map(file => ({ file, run: readBaselineFile(file) }))
}

/** The options the shards ran with (every shard has the same: mergeShards checks the digest), or the defaults. */
export function shardOptions(first: ShardFile): ResolvedOptions {
  let text: string
  try { text = readFileSync(`${first.file}.options.json`, 'utf8') } catch { return parseOptions({}) }
  return parseOptions(JSON.parse(text), `${first.file}.options.json`)
}
