// The matrix as a table (terminal or Markdown): each cell's success (with its Wilson interval), cost per
// solved task, tokens, time, failures, and a mark on the Pareto front of success against cost.
import { escapeMarkdown } from '../report/markdown.ts'
import { formatDuration } from '../report/format.ts'
import { medianMs, paretoFront, type CellFigures } from './figures.ts'

const COLUMNS = ['cell', 'success', '95% CI', 'pass@k', 'cost/solved', 'tokens/trial', 'wall (median)', 'failures', 'front'] as const

function row(c: CellFigures, front: Set<string>): string[] {
  const failures = Object.entries(c.failures).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ')
  const tokens = c.tokens.input + c.tokens.output + c.tokens.cacheRead + c.tokens.cacheWrite
  const wall = medianMs(c.wallMs)
  return [
    c.cell,
    `${c.successes}/${c.trials} (${(c.successRate * 100).toFixed(0)}%)`,
    `${(c.wilson[0] * 100).toFixed(0)}–${(c.wilson[1] * 100).toFixed(0)}%`,
    `${c.passAtK.toFixed(2)} (k=${c.k})`,
    c.costPerSolved !== null ? `$${c.costPerSolved.toFixed(4)}` : c.unpricedTrials > 0 ? 'unpriced' : 'none solved',
    Math.round(tokens).toLocaleString('en-US'),
    wall === null ? '—' : formatDuration(wall),
    failures || '—',
    c.costPerTrial === null ? '—' : front.has(c.cell) ? '★' : '',
  ]
}

function provenanceNote(cells: readonly CellFigures[]): string | undefined {
  const kinds = [...new Set(cells.map(c => c.provenance).filter(k => k !== 'measured'))]
  const judged = cells.some(c => c.judged)
  const parts = [...kinds.map(k => `figures are ${k}`), ...(judged ? ['scores are judged by a model'] : [])]
  return parts.length ? parts.join('; ') : undefined
}

export function renderMatrix(cells: readonly CellFigures[], format: 'terminal' | 'markdown', title = 'swarm matrix'): string {
  const front = paretoFront(cells)
  const rows = cells.map(c => row(c, front))
  const note = provenanceNote(cells)
  const legend = '★ = on the Pareto front of success rate against cost per trial'
  if (format === 'markdown') {
    return [`### ${escapeMarkdown(title)}${note ? ` (${escapeMarkdown(note)})` : ''}`, '',
      `| ${COLUMNS.join(' | ')} |`, `|${COLUMNS.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`,
      ...rows.map(r => `| ${r.map(escapeMarkdown).join(' | ')} |`), '', legend, ''].join('\n')
  }
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...rows.map(r => r[i]!.length)))
  const line = (r: readonly string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')
  return [`${title}${note ? ` [${note}]` : ''}`, line(COLUMNS), ...rows.map(line), legend, ''].join('\n')
}
