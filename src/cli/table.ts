/** A plain aligned text table for terminal output. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)))
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(header), line(widths.map(w => '─'.repeat(w))), ...rows.map(line)].join('\n') + '\n'
}

/** One RFC 4180 CSV line. */
export function csvLine(cells: string[]): string {
  // A leading = + @ would run as a formula in a spreadsheet; a quote keeps it text.
  return cells.map(c => (/^[=+@\t]/.test(c) ? `'${c}` : c)).map(c => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')
}
