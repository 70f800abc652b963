// What the memory fixture costs on a ~1 µs function, as a ratio to the bare bench, in one run. The fixture
// does not wrap the function, so the per-call ratio should sit near 1 (GC observers only); the wall-clock
// ratio includes its extra phases (cold call, forced GCs, allocation phase).
import { test } from '../src/index.ts'
import { createRng } from '../src/random/index.ts'

const rng = createRng(8)
const data = Float64Array.from({ length: 400 }, () => rng.next())
let sink = 0
// ~1 µs on this machine: a pass over 400 doubles with a data-dependent branch, result kept in `sink`.
const work = () => { let s = 0; for (let i = 0; i < data.length; i++) s += data[i]! > 0.5 ? data[i]! : -data[i]!; sink += s; return s }

test('memory fixture overhead on a ~1 µs function', async ({ bench, memory, metric }) => {
  const run = { time: 300 }
  // Medians, not means: on a shared machine a few preempted iterations move a 1 µs mean by 2× or more.
  const wall = async (f: () => Promise<{ latency: { p50: number } }>) => { const t0 = performance.now(); const r = await f(); return { p50: r.latency.p50, wall: performance.now() - t0 } }
  // Interleaved bare / fixture / bare / fixture / bare, so drift in machine load hits both sides; the ratio
  // compares the median of each side's per-run medians.
  const bare: { p50: number; wall: number }[] = [], mem: { p50: number; wall: number }[] = []
  for (let k = 0; k < 5; k++) {
    if (k % 2 === 0) bare.push(await wall(() => bench(`bare (${k / 2 + 1})`, work).run(run)))
    else mem.push(await wall(async () => (await memory(`with memory fixture (${(k + 1) / 2})`, work, { run })).result))
  }
  const med = (xs: number[]) => { const s = xs.toSorted((a, b) => a - b), h = s.length >> 1; return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2 }
  const bareP50 = med(bare.map(r => r.p50)), bareWall = med(bare.map(r => r.wall))
  const m = { p50: med(mem.map(r => r.p50)), wall: med(mem.map(r => r.wall)) }
  await metric('overhead.perCallRatio', m.p50 / bareP50, { unit: 'ratio', better: 'lower', kind: 'info', bench: 'with memory fixture (2)' })
  await metric('overhead.wallRatio', m.wall / bareWall, { unit: 'ratio', better: 'lower', kind: 'info', bench: 'with memory fixture (2)' })
  await metric('bare.p50', bareP50 * 1000, { unit: 'µs', better: 'lower', kind: 'info', bench: 'with memory fixture (2)' })
  if (!(sink !== 0)) throw new Error('work result unused')
})
