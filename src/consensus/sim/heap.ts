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

  const grow = (): void => {
    cap *= 2
    const t = new Float64Array(cap); t.set(times); times = t
    const s = new Float64Array(cap); s.set(seqs); seqs = s
    const d = new Int32Array(cap); d.set(ids); ids = d
  }

  return {
    get size() { return size },
    push(time, id) {
      if (size === cap) grow()
      const sq = seq++
      // Sift the hole up instead of swapping: one write per level.
      let i = size++
      while (i > 0) {
        const p = (i - 1) >> 1
        const pt = times[p]!
        if (pt < time || (pt === time && seqs[p]! < sq)) break
        times[i] = pt; seqs[i] = seqs[p]!; ids[i] = ids[p]!
        i = p
      }
      times[i] = time; seqs[i] = sq; ids[i] = id
    },
    pop() {
      if (size === 0) return -1
      const top = ids[0]!
      size--
      if (size > 0) {
        const t = times[size]!, sq = seqs[size]!, d = ids[size]!
        let i = 0
        const half = size >> 1
        while (i < half) {
          let c = 2 * i + 1
          let ct = times[c]!, cs = seqs[c]!
          const r = c + 1
          if (r < size) {
            const rt = times[r]!, rs = seqs[r]!
            if (rt < ct || (rt === ct && rs < cs)) { c = r; ct = rt; cs = rs }
          }
          if (t < ct || (t === ct && sq < cs)) break
          times[i] = ct; seqs[i] = cs; ids[i] = ids[c]!
          i = c
        }
        times[i] = t; seqs[i] = sq; ids[i] = d
      }
      return top
    },
    peekTime() { return size === 0 ? Infinity : times[0]! },
  }
}
