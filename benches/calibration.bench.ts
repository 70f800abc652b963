// Calibration suite for the regression gate (issue 3). Three kernels whose work is linear in N, so
// SWARMBENCH_CALIBRATION_SLOWDOWN=0.05 makes each one do 5% more work: a known, real slowdown (A/A′) on
// identical code. `npm run calibrate` (scripts/calibrate.ts) drives it.
//
// Why these kernels: the gate's statistical unit is the process run, so a benchmark can only show a 5% change
// in a few rounds if its median moves much less than 5% between processes. Measured here (8 processes each,
// notes/issue-3.md): branch-free integer JS (xorshift, murmur mixing) moved ±1%, native MD5 ±3%; kernels with
// data-dependent branches, integer division or float/int mixing (collatz, gcd, sieve, harmonic sums, FNV,
// matrix multiply) moved by ±19–32% between processes, some bimodally (JIT state), and zlib deflate by ±18%.
import { createHash } from 'node:crypto'
import { test } from '../src/index.ts'

const raw = process.env.SWARMBENCH_CALIBRATION_SLOWDOWN ?? '0'
const slowdown = Number(raw)
if (!Number.isFinite(slowdown) || slowdown < 0 || slowdown > 10) {
  throw new Error(`SWARMBENCH_CALIBRATION_SLOWDOWN must be a fraction between 0 and 10 (0.05 = 5% more work), got '${raw}'`)
}
const scale = (n: number) => Math.round(n * (1 + slowdown))

// Integer mixing (xorshift32): shifts and xors only.
const N_XORSHIFT = scale(20_000)
function xorshift(): number {
  let x = 2463534242
  for (let i = 0; i < N_XORSHIFT; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5 }
  return x >>> 0
}

// MurmurHash3's block mixing over the integers 0..N: 32-bit multiplies and rotations.
const N_MURMUR = scale(20_000)
function murmur(): number {
  let h = 0x9747b28c
  for (let i = 0; i < N_MURMUR; i++) {
    let k = Math.imul(i, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    h ^= Math.imul(k, 0x1b873593)
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  return h >>> 0
}

// Native code: MD5 (OpenSSL, no hardware help) over 64 KiB.
const bytes = Buffer.alloc(scale(64 * 1024), 7)
function md5(): number {
  return createHash('md5').update(bytes).digest()[0]!
}

let sink = 0
// A long warm-up lets the optimizing compiler finish even on a loaded machine (with 80 ms, processes that
// measured before tier-up ran up to 10× slower). A 400 ms window averages over short bursts of load from
// other tenants: xorshift's per-process median moved ±5% with 150 ms windows and ±1% with 400 ms.
const options = { time: 400, warmupTime: 300 }

test('calibration', async ({ bench }) => {
  await bench('xorshift', () => { sink ^= xorshift() }).run(options)
  await bench('murmur', () => { sink ^= murmur() }).run(options)
  await bench('md5', () => { sink ^= md5() }).run(options)
  if (sink === 0.123456789) console.log(sink) // keeps the results observable
})
