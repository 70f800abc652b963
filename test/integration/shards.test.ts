// A suite run as 4 real shards and merged gives the run the whole suite gives. Real processes throughout:
// `vitest bench --run` whole; `vitest bench --run --shard i/4` (each also writing Vitest's blob report);
// `swarmbench run --shard 3/4`; `swarmbench merge`; and Vitest's own `vitest bench --merge-reports` of the blobs.
// The fixture (test/fixtures/shards) has four files, so each shard holds one; its token counts come from a
// seed, its timings are real and tiny.
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { main } from '../../src/cli/index.ts'
import { BaselineSchema, type Baseline } from '../../src/schema/baseline.ts'
import { readBaselineFile, writeBaselineFile } from '../../src/store/baseline-file.ts'
import { seededTokens } from '../fixtures/shards/work.ts'

const fixture = resolve(import.meta.dirname, '../fixtures/shards')
const vitestCli = resolve(import.meta.dirname, '../../node_modules/vitest/vitest.mjs')
const swarmbenchCli = resolve(import.meta.dirname, '../../src/cli/bin.ts')
const dir = mkdtempSync(join(tmpdir(), 'swarmbench-shards-it-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// Gamma spends 1.5× its tokens in every run measured here; the base (below) has its usual count.
const env = (outDir: string) => ({ ...process.env, CI: 'true', FORCE_COLOR: '0', FIXTURE_SEED: '21', FIXTURE_MORE_TOKENS: 'gamma', FIXTURE_OUT_DIR: outDir })

function run(args: string[], outDir: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: fixture, env: env(outDir), stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', d => { out += String(d) })
    child.stderr.on('data', d => { out += String(d) })
    child.once('error', fail)
    child.once('exit', code => done({ code, out }))
  })
}

async function cli(...argv: string[]) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd: dir })
  return { code, out, err }
}

const whole = join(dir, 'whole'), sharded = join(dir, 'sharded'), blobs = join(dir, 'blobs'), reports = join(dir, 'merge-reports')
const allVitest = join(dir, 'vitest-shards'), mixed = join(sharded, 'shards')
const logs: string[] = []

beforeAll(async () => {
  const wholeRun = await run([vitestCli, 'bench', '--run'], whole)
  logs.push(wholeRun.out)
  expect(wholeRun.code, wholeRun.out).toBe(0)
  // The four shards at once, each writing its partial run (the swarmbench reporter) and its blob (Vitest's).
  const shards = await Promise.all([1, 2, 3, 4].map(i => run([vitestCli, 'bench', '--run', '--shard', `${i}/4`,
    '--reporter=default', '--reporter=blob', `--outputFile.blob=${join(blobs, `blob-${i}-4.json`)}`], sharded)))
  for (const s of shards) { logs.push(s.out); expect(s.code, s.out).toBe(0) }
  cpSync(mixed, allVitest, { recursive: true })
  const merged = await run([vitestCli, 'bench', '--run', `--merge-reports=${blobs}`], reports)
  logs.push(merged.out)
  expect(merged.code, merged.out).toBe(0)
  // `swarmbench run --shard 3/4` replaces Vitest's shard 3 in the mixed set.
  const viaRun = await run([swarmbenchCli, 'run', '--shard', '3/4'], sharded)
  logs.push(viaRun.out)
  expect(viaRun.code, viaRun.out).toBe(0)
}, 600_000)

const ids = (run: Baseline) => Object.keys(run.entries).toSorted()
const tokens = (run: Baseline) => Object.fromEntries(Object.entries(run.entries).map(([id, e]) => [id, e.metrics.tokens?.rounds.map(r => r.value)]))

/** The base every run is judged against: the whole run with gamma's usual token count (authored from it). */
function writeBase(file: string): void {
  const base = structuredClone(readBaselineFile(join(whole, 'last-run.json')))
  base.entries['bench › gamma.bench.ts › gamma › sort']!.metrics.tokens!.rounds[0]!.value = seededTokens('gamma', {})
  writeBaselineFile(file, base)
}

async function verdicts(base: string, head: string) {
  const r = await cli('compare', base, head, '--format', 'json')
  expect(r.err).toBe('')
  return (JSON.parse(r.out) as { rows: { id: string; metric: string; verdict: string; gating: boolean }[] }).rows
    .map(({ id, metric, verdict, gating }) => ({ id, metric, verdict, gating }))
}

test('each shard holds one file; 4 vitest shards merged give the whole run\'s entries, token counts and gating verdicts; the gate fails alike', async () => {
  const wholeRun = readBaselineFile(join(whole, 'last-run.json'))
  expect(ids(wholeRun)).toEqual(['bench › alpha.bench.ts › alpha › sort', 'bench › beta.bench.ts › beta › sort', 'bench › delta.bench.ts › delta › sort', 'bench › gamma.bench.ts › gamma › sort'])
  for (let i = 1; i <= 4; i++) expect(ids(readBaselineFile(join(allVitest, `shard-${i}-of-4.json`)))).toHaveLength(1)
  const base = join(dir, 'base.json')
  writeBase(base)
  writeBase(join(dir, 'merged', 'baseline.json'))
  const merge = await cli('merge', allVitest, '--out-dir', join(dir, 'merged'), '--gate')
  expect(merge.out + merge.err).toMatch(/merged 4 shard\(s\): 4 benchmark\(s\)/)
  expect(merge.code).toBe(1) // gamma's tokens
  const merged = readBaselineFile(join(dir, 'merged', 'last-run.json'))
  expect(ids(merged)).toEqual(ids(wholeRun))
  expect(tokens(merged)).toEqual(tokens(wholeRun))
  expect(merged.run.git).toEqual(wholeRun.run.git)
  const wholeRows = await verdicts(base, join(whole, 'last-run.json'))
  const mergedRows = await verdicts(base, join(dir, 'merged', 'last-run.json'))
  // Same rows; the gating ones (tokens, seeded) judged alike. Latency here is one process per side, shown but not
  // gated: its verdict is the noise between processes (a merge moves no sample; see the next test).
  expect(mergedRows.map(r => [r.id, r.metric, r.gating])).toEqual(wholeRows.map(r => [r.id, r.metric, r.gating]))
  expect(mergedRows.filter(r => r.gating)).toEqual(wholeRows.filter(r => r.gating))
  expect(wholeRows.filter(r => r.gating && r.verdict === 'regressed').map(r => r.id)).toEqual(['bench › gamma.bench.ts › gamma › sort'])
  expect(wholeRows.filter(r => r.metric === 'latency').every(r => !r.gating)).toBe(true)
})

test('Vitest\'s --merge-reports of the same shards gives the very runs swarmbench merge gives, sample for sample', async () => {
  const viaBlobs = BaselineSchema.parse(JSON.parse(readFileSync(join(reports, 'last-run.json'), 'utf8')))
  const viaMerge = readBaselineFile(join(dir, 'merged', 'last-run.json'))
  expect(ids(viaBlobs)).toEqual(ids(viaMerge))
  for (const id of ids(viaMerge)) {
    expect(viaBlobs.entries[id]!.rounds, id).toEqual(viaMerge.entries[id]!.rounds)
    expect(viaBlobs.entries[id]!.metrics, id).toEqual(viaMerge.entries[id]!.metrics)
  }
  const base = join(dir, 'base.json')
  expect(await verdicts(base, join(reports, 'last-run.json'))).toEqual(await verdicts(base, join(dir, 'merged', 'last-run.json')))
})

test('swarmbench run --shard writes a shard that merges with vitest\'s; a missing shard or one from another commit is refused with one line', async () => {
  const mixedMerge = await cli('merge', mixed, '--out-dir', join(dir, 'mixed'))
  expect(mixedMerge.err).toBe('')
  expect(mixedMerge.code).toBe(0)
  const fromRun = readBaselineFile(join(mixed, 'shard-3-of-4.json'))
  const fromVitest = readBaselineFile(join(allVitest, 'shard-3-of-4.json'))
  expect(fromRun.run.shard).toEqual(fromVitest.run.shard)
  expect(ids(fromRun)).toEqual(ids(fromVitest))
  expect(tokens(readBaselineFile(join(dir, 'mixed', 'last-run.json')))).toEqual(tokens(readBaselineFile(join(whole, 'last-run.json'))))

  const partial = join(dir, 'partial')
  cpSync(allVitest, partial, { recursive: true })
  unlinkSync(join(partial, 'shard-2-of-4.json'))
  const missing = await cli('merge', partial, '--out-dir', join(dir, 'never'))
  expect(missing.code).toBe(2)
  expect(missing.err.trim().split('\n')).toEqual(['swarmbench: shard 2/4 is missing; a partial suite is never judged as the whole. Fix: wait for every shard job, or rerun the missing one'])
  const other = readBaselineFile(join(allVitest, 'shard-2-of-4.json'))
  writeBaselineFile(join(partial, 'shard-2-of-4.json'), { ...other, run: { ...other.run, git: { ...other.run.git, sha: 'f'.repeat(40) } } })
  const foreign = await cli('merge', partial, '--out-dir', join(dir, 'never'))
  expect(foreign.code).toBe(2)
  expect(foreign.err.trim().split('\n')).toHaveLength(1)
  expect(foreign.err).toMatch(/shard-2-of-4\.json: cannot merge this shard: it comes from commit fffffff(\+dirty)?, but .*shard-1-of-4\.json from [0-9a-f]{7}(\+dirty)?\. Fix: run every shard on the same commit$/m)
})
