// Lays out blocks of lines under a hard size limit. Every block keeps its head, its foot and a line saying
// how many of its rows were left out; rows are added in order while they fit with room left for the minimal
// form of every later block. The result is never over the limit, whatever the input, by construction.

/** UTF-8 bytes of a line including its newline. Bytes ≥ characters, so a byte limit bounds both. */
export function lineBytes(line: string): number {
  return Buffer.byteLength(line, 'utf8') + 1
}

const sum = (lines: readonly string[]) => lines.reduce((n, l) => n + lineBytes(l), 0)

export interface Block {
  /** Always shown. Callers keep it small (a heading, a table header). */
  head: string[]
  /** How many rows there are; row(i) renders one, only when it is shown (a suite may have 100,000). */
  count: number
  row(i: number): string
  /** Replaces the rows that did not fit: "… and 12 more rows in diff-full.md". */
  more(hidden: number): string
  /** Always shown (closing tags, blank lines). */
  foot: string[]
}

export interface Layout {
  lines: string[]
  bytes: number
  /** Index in `lines` just after each block's foot, to insert optional content later. */
  ends: number[]
  /** Rows shown per block. */
  shown: number[]
}

export function layout(blocks: readonly Block[], limit: number): Layout {
  // The smallest each block can be: head, foot and the "more" line for all of its rows.
  const minimal = blocks.map(b => sum(b.head) + sum(b.foot) + (b.count ? lineBytes(b.more(b.count)) : 0))
  let reserve = minimal.reduce((a, b) => a + b, 0)
  const out: Layout = { lines: [], bytes: 0, ends: [], shown: [] }
  const push = (l: string) => { out.lines.push(l); out.bytes += lineBytes(l) }
  blocks.forEach((b, i) => {
    reserve -= minimal[i]!
    b.head.forEach(push)
    const footBytes = sum(b.foot)
    const moreBytes = b.count ? lineBytes(b.more(b.count)) : 0
    let k = 0
    for (; k < b.count; k++) {
      const row = b.row(k)
      const isLast = k === b.count - 1
      if (out.bytes + lineBytes(row) + (isLast ? 0 : moreBytes) + footBytes + reserve > limit) break
      push(row)
    }
    if (k < b.count) push(b.more(b.count - k))
    b.foot.forEach(push)
    out.ends.push(out.lines.length)
    out.shown.push(k)
  })
  return out
}

/** Cuts text to at most `max` UTF-8 bytes without splitting a character. */
export function truncateBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text
  let out = ''
  let used = 0
  for (const ch of text) {
    const b = Buffer.byteLength(ch, 'utf8')
    if (used + b > max) break
    out += ch
    used += b
  }
  return out
}
