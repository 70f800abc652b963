// Calibration suite for the regression gate (issue 3). Three small CPU kernels of different character whose
// work is linear in N, so SWARMBENCH_CALIBRATION_SLOWDOWN=0.05 makes each one do 5% more work: a known,
// real slowdown (A/A′) on identical code. `npm run calibrate` (scripts/calibrate.ts) drives it.
import { test } from '../src/index.ts'

const raw = process.env.SWARMBENCH_CALIBRATION_SLOWDOWN ?? '0'
const slowdown = Number(raw)
if (!Number.isFinite(slowdown) || slowdown < 0 || slowdown > 10) {
  throw new Error(`SWARMBENCH_CALIBRATION_SLOWDOWN must be a fraction between 0 and 10 (0.05 = 5% more work), got '${raw}'`)
}
const scale = (n: number) => Math.round(n * (1 + slowdown))

// Integer mixing (xorshift32): pure ALU work.
const N_INT = scale(20_000)
function xorshift(): number {
  let x = 2463534242
  for (let i = 0; i < N_INT; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5 }
  return x >>> 0
}

// Floating point with a data dependency.
const N_FLOAT = scale(20_000)
function harmonic(): number {
  let s = 0
  for (let i = 1; i <= N_FLOAT; i++) s += Math.sqrt(i) / i
  return s
}

// Byte traffic: FNV-1a over a fixed buffer (loads and multiplies rather than pure ALU). Read-only, so every
// iteration does the same work. (A string here was bimodal between processes: cons vs flat strings.)
const bytes = Uint8Array.from({ length: scale(20_000) }, (_, i) => (i * 31 + 7) & 0xff)
function fnv(): number {
  let h = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193)
  return h >>> 0
}

let sink = 0
// A long warm-up lets the optimizing compiler finish even on a loaded machine; with 80 ms, processes that
// measured before tier-up ran up to 10× slower and the median differed between processes by that much.
const options = { time: 150, warmupTime: 300 }

test('calibration', async ({ bench }) => {
  await bench('xorshift', () => { sink ^= xorshift() }).run(options)
  await bench('harmonic', () => { sink += harmonic() }).run(options)
  await bench('fnv-hash', () => { sink ^= fnv() }).run(options)
  if (sink === 0.123456789) console.log(sink) // keeps the results observable
})
