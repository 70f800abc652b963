import stringWidth from 'string-width'
import { DEFAULT_WIDTH, fitCell } from '../report/terminal.ts'

/**
 * A plain aligned text table for terminal output, fitted to `width` (120 without a TTY): the widest columns
 * give up characters first, ids (the first column) lose their middle, other cells their end.
 */
export function textTable(header: string[], rows: string[][], width = DEFAULT_WIDTH): string {
  const widths = header.map((h, i) => Math.max(stringWidth(h), ...rows.map(r => stringWidth(r[i] ?? ''))))
  let excess = widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1) - width
  while (excess > 0) {
    const i = widths.indexOf(Math.max(...widths))
    const cut = Math.min(excess, widths[i]! - 8)
    if (cut <= 0) break // as narrow as a column gets
    widths[i]! -= cut
    excess -= cut
  }
  const cell = (c: string, i: number) => { const t = fitCell(c, widths[i]!, i === 0 ? 'middle' : 'end'); return t + ' '.repeat(Math.max(0, widths[i]! - stringWidth(t))) }
  const line = (r: string[]) => r.map(cell).join('  ').trimEnd()
  return [line(header), line(widths.map(w => '─'.repeat(w))), ...rows.map(line)].join('\n') + '\n'
}

/** One RFC 4180 CSV line. */
export function csvLine(cells: string[]): string {
  // A leading = + @ would run as a formula in a spreadsheet; a quote keeps it text.
  return cells.map(c => (/^[=+@\t]/.test(c) ? `'${c}` : c)).map(c => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')
}
