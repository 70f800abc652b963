// What the memory fixture costs on a ~1 µs function, as a ratio to the bare bench, in one run. The fixture
// does not wrap the function, so the per-call ratio should sit near 1 (GC observers only); the wall-clock
// ratio includes its extra phases (cold call, forced GCs, allocation phase).
import { stats, test } from '../src/index.ts'
import { createRng } from '../src/random/index.ts'

const rng = createRng(8)
const data = Float64Array.from({ length: 400 }, () => rng.next())
let sink = 0
// ~1 µs on this machine: a pass over 400 doubles with a data-dependent branch, result kept in `sink`.
const work = () => { let s = 0; for (let i = 0; i < data.length; i++) s += data[i]! > 0.5 ? data[i]! : -data[i]!; sink += s; return s }

test('memory fixture overhead on a ~1 µs function', async ({ bench, memory, metric }) => {
  // 100 ms per run: a ~1 µs function still gives ~10⁵ samples for each median, and tinybench's statistics over
  // 3–6 × 10⁵ samples per run (at 300 ms) were most of this file's time. The wall ratio includes the fixture's
  // fixed phases, so it reads higher against a shorter run.
  const run = { time: 100, warmupTime: 50 } // 50 ms: ~5 × 10⁴ warm-up calls of the 1 µs function
  // Medians, not means: on a shared machine a few preempted iterations move a 1 µs mean by 2× or more.
  const wall = async (f: () => Promise<{ latency: { p50: number } }>) => { const t0 = performance.now(); const r = await f(); return { p50: r.latency.p50, wall: performance.now() - t0 } }
  // Pairs of bare and fixture runs, alternating which goes first, so drift in machine load hits both sides; the
  // one overhead estimator (stats.pairedOverhead) over the pairs' per-run medians and wall times.
  const bare: { p50: number; wall: number }[] = [], mem: { p50: number; wall: number }[] = []
  for (let k = 0; k < 3; k++) {
    const runBare = async () => bare.push(await wall(() => bench(`bare (${k + 1})`, work).run(run)))
    const runMem = async () => mem.push(await wall(async () => (await memory(`with memory fixture (${k + 1})`, work, { run })).result))
    if (k % 2) { await runBare(); await runMem() } else { await runMem(); await runBare() }
  }
  const perCall = stats.pairedOverhead(bare.map(r => r.p50), mem.map(r => r.p50)), wallTime = stats.pairedOverhead(bare.map(r => r.wall), mem.map(r => r.wall))
  await metric('overhead.perCallRatio', perCall.ratio + 1, { unit: 'ratio', better: 'lower', kind: 'info', bench: 'with memory fixture (2)', provenance: 'measured' })
  await metric('overhead.wallRatio', wallTime.ratio + 1, { unit: 'ratio', better: 'lower', kind: 'info', bench: 'with memory fixture (2)', provenance: 'measured' })
  await metric('bare.p50', stats.median(bare.map(r => r.p50)) * 1000, { unit: 'µs', better: 'lower', kind: 'info', bench: 'with memory fixture (2)', provenance: 'measured' })
  if (!(sink !== 0)) throw new Error('work result unused')
})
