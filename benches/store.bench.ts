// Dogfood: swarmbench measuring its own store and diff on generated runs (real SQLite, real statistics).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { test } from '../src/index.ts'
import { compareBaselines } from '../src/compare/index.ts'
import { renderMarkdown } from '../src/report/index.ts'
import { openHistory, saveRun, loadRun } from '../src/store/history.ts'
import { writeBaselineFile, readBaselineFile } from '../src/store/baseline-file.ts'
import { syntheticRun } from '../test/helpers/synthetic-run.ts'

const dir = mkdtempSync(join(tmpdir(), 'swarmbench-store-bench-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const base = syntheticRun(100, 1000, 1)
const head = syntheticRun(100, 1000, 2, 1.3) // every tenth benchmark 30% slower
// sizes and verdicts are of generated runs (seeded samples): simulated, whatever the real work done on them
const generated = (seeds: string) => ({ kind: 'simulated', how: `syntheticRun: 100 benchmarks × 1,000 generated samples, seeds ${seeds}` } as const)

// One warm-up call per side: tinybench's default of 16 spent ~7 s of this file warming 200 ms reads and writes.
test('history: save and load a run of 100 benchmarks × 1,000 samples', async ({ bench, metric }) => {
  const history = openHistory(join(dir, 'history.sqlite'))
  let saved = 0
  await bench.compare(
    bench('save run', () => { saveRun(history, base); saved++ }),
    bench('load run', () => loadRun(history, 'latest')),
    { time: 400, warmupTime: 50, warmupIterations: 1, iterations: 5 },
  )
  const size = (history.db.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number }).bytes
  history.close()
  await metric('history.bytesPerRun', size / saved, { unit: 'bytes', better: 'lower', kind: 'deterministic', bench: 'save run', threshold: 0.05, provenance: generated('1') })
})

test('baseline file: atomic write and validated read', async ({ bench, metric }) => {
  const file = join(dir, 'baseline.json')
  await bench.compare(
    bench('write baseline', () => writeBaselineFile(file, base)),
    bench('read baseline', () => readBaselineFile(file)),
    { time: 400, warmupTime: 50, warmupIterations: 1, iterations: 5 },
  )
  await metric('baseline.bytes', Buffer.byteLength(JSON.stringify(base, null, 2)), { unit: 'bytes', better: 'lower', kind: 'deterministic', bench: 'write baseline', provenance: generated('1') })
})

// The diff bootstraps every benchmark, so it gets a smaller suite to stay within the bench budget.
const diffBase = syntheticRun(20, 1000, 3)
const diffHead = syntheticRun(20, 1000, 4, 1.3)

test('diff: compare two runs of 20 benchmarks × 1,000 samples and render Markdown', async ({ bench, metric }) => {
  let cmp = compareBaselines(diffBase, diffHead)
  await bench('compare + render', () => { cmp = compareBaselines(diffBase, diffHead); return renderMarkdown(cmp) }).run({ time: 500, warmupTime: 50, iterations: 3, warmupIterations: 1 })
  // The injected 30% slowdown hits 2 of the 20 benchmarks: how many the engine flags is a quality figure of the diff.
  await metric('diff.slowedFlagged', cmp.rows.filter(r => r.metric === 'latency' && r.verdict === 'regressed').length, { unit: 'benchmarks', better: 'higher', kind: 'quality', provenance: generated('1 and 2, every tenth 1.3× slower') })
  await metric('diff.falseAlarms', cmp.rows.filter(r => r.metric === 'latency' && r.verdict === 'regressed' && !/task \d*0$/.test(r.id)).length, { unit: 'benchmarks', better: 'lower', kind: 'deterministic', provenance: generated('1 and 2, every tenth 1.3× slower') })
})
