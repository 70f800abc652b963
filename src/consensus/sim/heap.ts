// Binary min-heap over typed arrays, keyed by (time, seq). The seq tie-break makes equal-time events pop in
// insertion order, which is what keeps the simulator deterministic; typed arrays keep it allocation-free.

export interface EventHeap {
  /** Insert event `id` at virtual `time`; ties pop in insertion order. */
  push(time: number, id: number): void
  /** Remove and return the earliest event id; -1 when empty. */
  pop(): number
  /** Time of the earliest event; Infinity when empty. */
  peekTime(): number
  readonly size: number
}

export function createEventHeap(initialCapacity = 1024): EventHeap {
  let cap = Math.max(16, initialCapacity)
  let times = new Float64Array(cap)
  let seqs = new Float64Array(cap)
  let ids = new Int32Array(cap)
  let size = 0
  let seq = 0

  const less = (i: number, j: number): boolean =>
    times[i]! < times[j]! || (times[i] === times[j] && seqs[i]! < seqs[j]!)

  const grow = (): void => {
    cap *= 2
    const t = new Float64Array(cap); t.set(times); times = t
    const s = new Float64Array(cap); s.set(seqs); seqs = s
    const d = new Int32Array(cap); d.set(ids); ids = d
  }

  const swap = (i: number, j: number): void => {
    const t = times[i]!; times[i] = times[j]!; times[j] = t
    const s = seqs[i]!; seqs[i] = seqs[j]!; seqs[j] = s
    const d = ids[i]!; ids[i] = ids[j]!; ids[j] = d
  }

  return {
    get size() { return size },
    push(time, id) {
      if (size === cap) grow()
      let i = size++
      times[i] = time; seqs[i] = seq++; ids[i] = id
      while (i > 0) {
        const p = (i - 1) >> 1
        if (!less(i, p)) break
        swap(i, p); i = p
      }
    },
    pop() {
      if (size === 0) return -1
      const top = ids[0]!
      size--
      if (size > 0) {
        times[0] = times[size]!; seqs[0] = seqs[size]!; ids[0] = ids[size]!
        let i = 0
        for (;;) {
          const l = 2 * i + 1, r = l + 1
          let m = i
          if (l < size && less(l, m)) m = l
          if (r < size && less(r, m)) m = r
          if (m === i) break
          swap(i, m); i = m
        }
      }
      return top
    },
    peekTime() { return size === 0 ? Infinity : times[0]! },
  }
}
