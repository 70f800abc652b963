// The one source of randomness in swarmbench: seeded, so every simulation, split and bootstrap reproduces.
// xoshiro128** (Blackman & Vigna), seeded through splitmix32 so that nearby seeds give unrelated streams.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [0, n). */
  int(n: number): number
  /** Standard normal (Box–Muller). */
  normal(): number
  /** A new generator whose stream is independent of this one's future draws. */
  fork(): Rng
  /**
   * Fills `out` with uniform integers in [0, n), n ≤ 2^32: the bulk path for resampling, ~10× cheaper per draw
   * than int(). Multiply-shift mapping; its bias is below n / 2^32.
   */
  fillInts(out: Uint32Array, n: number): Uint32Array
  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T>(xs: T[]): T[]
  readonly seed: number
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new TypeError(`createRng: seed must be a finite number, got ${seed}`)
  const sm = splitmix32(Math.trunc(seed))
  let a = sm(), b = sm(), c = sm(), d = sm()
  if ((a | b | c | d) === 0) a = 1
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0
    const t = (b << 9) >>> 0
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t
    d = rotl(d, 11)
    return result
  }
  let spare: number | undefined
  const rng: Rng = {
    seed,
    next: () => nextU32() / 4294967296,
    int: (n) => {
      if (!(n > 0) || !Number.isInteger(n)) throw new RangeError(`rng.int(n): n must be a positive integer, got ${n}`)
      return Math.floor(rng.next() * n)
    },
    normal: () => {
      if (spare !== undefined) { const s = spare; spare = undefined; return s }
      let u = 0
      while (u === 0) u = rng.next()
      const v = rng.next()
      const r = Math.sqrt(-2 * Math.log(u))
      spare = r * Math.sin(2 * Math.PI * v)
      return r * Math.cos(2 * Math.PI * v)
    },
    fork: () => createRng(nextU32()),
    fillInts: (out, n) => {
      if (!(n > 0) || !Number.isInteger(n) || n > 4294967296) throw new RangeError(`rng.fillInts(out, n): n must be an integer in [1, 2^32], got ${n}`)
      const scale = n / 4294967296
      // The state in locals for the loop: closure slots are several times slower to read and write.
      let s0 = a, s1 = b, s2 = c, s3 = d
      for (let i = 0; i < out.length; i++) {
        const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0
        const t = (s1 << 9) >>> 0
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
        s3 = rotl(s3, 11)
        out[i] = result * scale
      }
      a = s0; b = s1; c = s2; d = s3
      return out
    },
    shuffle: (xs) => {
      for (let i = xs.length - 1; i > 0; i--) {
        const j = rng.int(i + 1)
        const tmp = xs[i]!; xs[i] = xs[j]!; xs[j] = tmp
      }
      return xs
    },
  }
  return rng
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}
