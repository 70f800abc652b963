// Child process for the leak tests: run with `node --expose-gc leak-child.ts <scenario> <seed> [snapshots]`.
// Prints the LeakReport as JSON on stdout.
import { detectLeak } from '../../../src/memory/leak.ts'
import { createRng } from '../../../src/random/index.ts'

const [scenario = '', seedText = '1', snap = ''] = process.argv.slice(2)
const rng = createRng(Number(seedText))

class LeakyRecord { payload: Uint8Array; id: number; constructor(payload: Uint8Array, id: number) { this.payload = payload; this.id = id } }
const kept: unknown[] = []
let sink = 0

const scenarios: Record<string, () => unknown> = {
  // A growing global array: each call keeps a 4096-byte buffer (plus its wrapper objects) forever.
  'leak-buffer': () => { kept.push(new Uint8Array(4096)) },
  // Keeps one small class instance holding a 1 KiB buffer: named so the snapshot diff can find it.
  'leak-class': () => { kept.push(new LeakyRecord(new Uint8Array(1024), kept.length)) },
  // Allocates heavily (hundreds of objects, a few KiB to ~100 KiB) and drops all of it before returning.
  'heavy-brief': () => {
    const n = 50 + rng.int(250)
    const objs = Array.from({ length: n }, (_, i) => ({ i, s: `msg-${i}-${rng.int(1000)}`, v: [i, i * 2, i * 3] }))
    sink += objs.reduce((a, o) => a + o.v[1]! + o.s.length, 0)
    sink += new Float64Array(256 + rng.int(2048)).length
  },
}
const fn = scenarios[scenario]
if (!fn) throw new Error(`unknown scenario '${scenario}'; expected one of ${Object.keys(scenarios).join(', ')}`)
const report = await detectLeak(fn, { iterations: Number(process.env.LEAK_ITERATIONS ?? 1000), samples: 20, snapshots: snap === 'snapshots' })
process.stdout.write(JSON.stringify({ ...report, sink: sink > -1 }))
