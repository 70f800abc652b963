// Walks every metric our own benchmark suite (`npm run bench`: benches/**/*.bench.ts) produces and checks that
// each says where it comes from. Not part of `npm test` (the suite takes minutes): run it with
// `npm run test:bench-provenance` (.ci/run does, after npm test). BENCH_FILES=tokens,hive narrows it to some files when iterating.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startVitest } from 'vitest/node'
import { swarmbench } from '../../src/plugin/index.ts'
import { METRIC_ARTIFACT, type MetricArtifactPayload } from '../../src/metrics/record.ts'

const root = resolve(import.meta.dirname, '../..')
const out = mkdtempSync(join(tmpdir(), 'swarmbench-walk-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))
const only = process.env['BENCH_FILES']?.split(',').filter(Boolean)

interface Walked { file: string; test: string; metric: MetricArtifactPayload }
let metrics: Walked[] = []
let failed: string[] = []

beforeAll(async () => {
  const vitest = await startVitest([], { benchmarkOnly: true, run: true, watch: false, root, config: false, reporters: ['dot'] } as never, {
    plugins: [swarmbench({ outDir: out })],
    test: { benchmark: { include: only ? only.map(f => `benches/${f}.bench.ts`) : ['benches/**/*.bench.ts'], suppressExportGetterWarnings: true }, testTimeout: 600_000 },
  } as never, { stdout: new Writable({ write(_c, _e, done) { done() } }), stderr: process.stderr })
  for (const mod of vitest.state.getTestModules()) {
    for (const tc of mod.children.allTests()) {
      if (tc.result().state !== 'passed') failed.push(`${mod.relativeModuleId} › ${tc.fullName}: ${tc.result().state}`)
      for (const a of tc.artifacts()) if (a.type === METRIC_ARTIFACT) metrics.push({ file: mod.relativeModuleId, test: tc.fullName, metric: (a as unknown as { metric: MetricArtifactPayload }).metric })
    }
  }
  await vitest.close()
  process.exitCode = 0
}, 3_600_000)

const inFile = (name: string) => metrics.filter(m => m.file === `benches/${name}.bench.ts`)
const label = (w: Walked) => `${w.file} › ${w.test} › ${w.metric.name}`
const ran = (name: string) => !only || only.includes(name)

describe('every metric of our benchmark suite says what it is', () => {
  it('every benchmark test passed, and produced metrics', () => {
    expect(failed).toEqual([])
    expect(metrics.length).toBeGreaterThan(0)
  })

  it('every metric has an explicit provenance (measured included)', () => {
    expect(metrics.filter(w => w.metric.provenance === undefined).map(label)).toEqual([])
  })

  it.runIf(ran('tokens'))("the 86 token and cost rows say 'authored' (hand-written cassettes and stand-in output)", () => {
    const rows = inFile('tokens')
    expect(rows.filter(w => w.metric.provenance?.kind !== 'authored').map(label)).toEqual([])
    expect(rows).toHaveLength(86)
    // costs priced from the table name it and its date (the claude-flow run's cost is the one it reported itself)
    const priced = rows.filter(w => w.metric.name.startsWith('cost.usd') && !/claude-flow/.test(w.test))
    // cost.usd and cost.usd.per_iter of each of the four replayed benchmarks
    expect(priced.map(w => `${w.metric.bench} › ${w.metric.name}`).sort()).toEqual(['cached', 'gpt-4.1 chat stream', 'o4-mini responses', 'uncached'].flatMap(b => [`${b} › cost.usd`, `${b} › cost.usd.per_iter`]))
    expect(priced.filter(w => !/priced with table builtin-[\d.]+ \(list prices as of \d{4}-\d{2}-\d{2}\)/.test(w.metric.provenance!.how ?? '')).map(label)).toEqual([])
  })

  it.runIf(ran('hive') && ran('consensus') && ran('consensus-memory'))("the simulated rows say 'simulated', with the simulation's settings", () => {
    const simulated = [
      ...inFile('hive'),
      ...inFile('consensus').filter(w => /^(messages|bytes|virtualTime|rounds)\./.test(w.metric.name)),
      ...inFile('consensus-memory').filter(w => w.metric.name !== 'sqlite.overheadRatio'),
      ...inFile('automation-work').filter(w => w.metric.name.startsWith('consensus.')),
    ]
    expect(simulated.length).toBeGreaterThan(100)
    expect(simulated.filter(w => w.metric.provenance?.kind !== 'simulated' || !w.metric.provenance.how).map(label)).toEqual([])
  })

  it.runIf(ran('automation'))("rows measured against the loopback stand-in API say 'stand-in'", () => {
    const rows = inFile('automation').filter(w => /^(throughput|retries)\./.test(w.metric.name))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.filter(w => w.metric.provenance?.kind !== 'stand-in').map(label)).toEqual([])
  })

  it.runIf(ran('memory'))('memory figures: leak rows on the test itself (a leak run is no benchmark), no negative retention', () => {
    const rows = inFile('memory')
    const leak = rows.filter(w => w.metric.name.startsWith('leak.'))
    expect(leak.map(w => [w.metric.name, w.metric.bench])).toEqual([['leak.unbounded-append.bytesPerIteration', false], ['leak.unbounded-append.detected', false]])
    expect(rows.filter(w => w.metric.name.endsWith('.retained') && w.metric.value < 0).map(label)).toEqual([])
    expect(rows.filter(w => w.metric.name === 'mem.alloc.perCall').every(w => w.metric.value > 0)).toBe(true)
    // append+trim pushes onto a closure array and allocates every call: never suspected of dead-code elimination
    expect(readFileSync(join(out, 'hygiene.txt'), 'utf8').split('\n').filter(l => /append\+trim: looks dead-code-eliminated/.test(l))).toEqual([])
  })

  it.runIf(ran('ensemble'))("scores on generated datasets say 'simulated', on the shipped real ones 'measured'", () => {
    const quality = inFile('ensemble').filter(w => w.metric.kind === 'quality')
    expect(quality.filter(w => /synthetic|tuning/.test(w.test) && w.metric.provenance?.kind !== 'simulated').map(label)).toEqual([])
    expect(quality.filter(w => /\(real/.test(w.test) && w.metric.provenance?.kind !== 'measured').map(label)).toEqual([])
  })
})
