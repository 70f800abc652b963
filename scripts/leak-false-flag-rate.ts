// How often analyzeLeak flags a true slope under the 32 B floor (or a flat heap): seeded, so it reproduces.
//   npx node scripts/leak-false-flag-rate.ts
import { analyzeLeak } from '../src/memory/leak.ts'
import { createRng } from '../src/random/index.ts'
const line = (n: number, slope: number, noise: number, seed: number) => { const rng = createRng(seed); return Array.from({ length: n }, (_, i) => ({ iteration: i * 100, retained: 5e6 + slope * i * 100 + rng.normal() * noise })) }
const r = createRng(7); let flagged = 0; const N = 2000
for (let k = 0; k < N; k++) { const slope = -50 + 81 * r.next(), noise = 1e4 * r.next(); if (analyzeLeak(line(15, slope, noise, k), { floorBytes: 32 }).verdict === 'leak') flagged++ }
console.log('flagged', flagged, 'of', N)
let f0 = 0; for (let k = 0; k < N; k++) { if (analyzeLeak(line(15, 0, 1e4 * r.next(), k), { floorBytes: 32 }).verdict === 'leak') f0++ }
console.log('slope 0 flagged', f0, 'of', N)
