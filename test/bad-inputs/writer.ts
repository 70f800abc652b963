// A child process that writes what a run writes (baseline, last-run file, history) through the store's own
// functions, for the durability cases: killed with SIGKILL at random points, or run many at once.
//   node writer.ts loop <dir> <entries>     write forever (prints "writing" once before the first write)
//   node writer.ts once <dir> <entries>     one run's writes: what the next run does after a crash
//   node writer.ts save <history> <runs>    store <runs> runs in the history, one transaction each
// Failures are reported the way every entry point reports them (describeFailure): one line, exit 2.
import { join } from 'node:path'
import { describeFailure, EXIT } from '../../src/errors/index.ts'
import { encodeSamples } from '../../src/compare/samples.ts'
import { serializeBaseline, writeBaselineFile, writeFileAtomic } from '../../src/store/baseline-file.ts'
import { openHistory, saveRun } from '../../src/store/history.ts'
import type { Baseline } from '../../src/schema/baseline.ts'
import { sampleBaseline } from '../helpers/baselines.ts'

/** A run with `entries` benchmarks of 2,000 samples each (the default sampleCap): big enough to take a while to write. */
function bigRun(entries: number, tag = 0): Baseline {
  const base = sampleBaseline({ createdAt: new Date(Date.UTC(2026, 10, 1) + tag * 1000).toISOString() })
  const template = Object.values(base.entries)[0]!
  const samples = Array.from({ length: 2000 }, (_, i) => 1 + i / 1000 + tag / 1e6)
  const e = Object.fromEntries(Array.from({ length: entries }, (_, i) => {
    const id = `bench › big.bench.ts › group ${i % 10} › case ${i}`
    return [id, { ...template, id, file: 'big.bench.ts', test: `group ${i % 10}`, bench: `case ${i}`, rounds: [{ ...template.rounds[0]!, samples: encodeSamples(samples) }] }]
  }))
  return { ...base, entries: e }
}

function writeRun(dir: string, run: Baseline): void {
  const text = serializeBaseline(run)
  writeBaselineFile(join(dir, 'last-run.json'), text)
  const h = openHistory(join(dir, 'history.sqlite'))
  try { saveRun(h, run) } finally { h.close() }
  writeBaselineFile(join(dir, 'baseline.json'), text)
  writeFileAtomic(join(dir, 'diff.md'), `# run ${run.run.createdAt}\n`)
}

const [mode, target, count] = process.argv.slice(2)
try {
  if (mode === 'loop' || mode === 'once') {
    const entries = Number(count ?? 50)
    let tag = 0
    process.stdout.write('writing\n')
    do writeRun(target!, bigRun(entries, tag++))
    while (mode === 'loop')
  } else if (mode === 'save') {
    const runs = Number(count ?? 1)
    for (let i = 0; i < runs; i++) {
      const h = openHistory(target!)
      try { saveRun(h, bigRun(3, process.pid * 100 + i)) } finally { h.close() }
    }
  } else {
    throw new Error(`unknown mode ${mode}`)
  }
} catch (e) {
  for (const line of describeFailure(e).lines) process.stderr.write(`${line}\n`)
  process.exitCode = EXIT.usage
}
