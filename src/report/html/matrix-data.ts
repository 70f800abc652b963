// The swarm matrix of a run: its swarm cells (entries of project 'swarm', one per configuration, test =
// "strategy=research mode=mesh …") laid out on two axes, with success rate, cost per solved task and the
// Pareto front of success against cost per trial. Pure.
import { SWARM_PROJECT } from '../../swarm/figures.ts'
import type { Baseline, Provenance } from '../../schema/baseline.ts'
import { combineProvenance } from '../../metrics/provenance.ts'

export interface MatrixCell {
  id: string
  axes: Record<string, string>
  successRate: number | null
  successes?: number
  trials?: number
  costPerSolved: number | null
  costPerTrial: number | null
  provenance?: Provenance
  front: boolean
}

export interface MatrixPanel {
  /** The values of the axes that are neither rows nor columns ('' when there are none). */
  fixed: string
  cells: MatrixCell[]
}

export interface SwarmMatrix {
  suite: string
  colAxis: string
  rowAxis: string
  cols: string[]
  rows: string[]
  panels: MatrixPanel[]
  provenance?: Provenance
}

/** "strategy=research mode=mesh agents=5" → { strategy: 'research', mode: 'mesh', agents: '5' }; 'default' → {}. */
export function parseCell(test: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /([A-Za-z][\w-]*)=(.*?)(?=\s+[A-Za-z][\w-]*=|$)/g
  for (const m of test.matchAll(re)) out[m[1]!] = m[2]!
  return out
}

export function swarmMatrices(run: Baseline, bench?: string): SwarmMatrix[] {
  const bySuite = new Map<string, MatrixCell[]>()
  for (const e of Object.values(run.entries)) {
    if (e.project !== SWARM_PROJECT || !('success_rate' in e.metrics)) continue
    if (bench && !e.id.includes(bench)) continue
    const rate = e.metrics['success_rate']!
    const r = rate.rounds[rate.rounds.length - 1]!
    const value = (name: string) => e.metrics[name]?.rounds.at(-1)?.value ?? null
    const provenance = combineProvenance([rate.provenance, e.metrics['cost.usd.per_solved']?.provenance])
    const cell: MatrixCell = {
      id: e.id, axes: parseCell(e.test), successRate: r.value, ...(r.counts ? { successes: r.counts.successes, trials: r.counts.trials } : {}),
      costPerSolved: value('cost.usd.per_solved'), costPerTrial: value('cost.usd.per_trial'), ...(provenance ? { provenance } : {}), front: false,
    }
    const list = bySuite.get(e.file) ?? []
    list.push(cell)
    bySuite.set(e.file, list)
  }
  return [...bySuite.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([suite, cells]) => layout(suite, cells))
}

function layout(suite: string, cells: MatrixCell[]): SwarmMatrix {
  markFront(cells)
  const axisNames = [...new Set(cells.flatMap(c => Object.keys(c.axes)))]
  const values = (a: string) => [...new Set(cells.map(c => c.axes[a] ?? '—'))]
  // Varying axes first (strategy and mode lead when they vary): rows × columns are the first two.
  const preferred = ['strategy', 'mode']
  const varying = axisNames.filter(a => values(a).length > 1).sort((a, b) => rank(a, preferred) - rank(b, preferred))
  const colAxis = varying[0] ?? axisNames[0] ?? 'cell'
  const rowAxis = varying[1] ?? ''
  const rest = axisNames.filter(a => a !== colAxis && a !== rowAxis && values(a).length > 1)
  const fixedOf = (c: MatrixCell) => rest.map(a => `${a}=${c.axes[a] ?? '—'}`).join(' ')
  const panels = new Map<string, MatrixCell[]>()
  for (const c of cells) panels.set(fixedOf(c), [...(panels.get(fixedOf(c)) ?? []), c])
  const provenance = combineProvenance(cells.map(c => c.provenance))
  return {
    suite, colAxis, rowAxis, cols: values(colAxis), rows: rowAxis ? values(rowAxis) : [''],
    panels: [...panels.entries()].map(([fixed, list]) => ({ fixed, cells: list })), ...(provenance ? { provenance } : {}),
  }
}

function rank(a: string, preferred: string[]): number {
  const i = preferred.indexOf(a)
  return i < 0 ? preferred.length : i
}

/** Marks the cells no other priced cell beats on both success rate (higher) and cost per trial (lower). */
export function markFront(cells: MatrixCell[]): void {
  const priced = cells.filter(c => c.costPerTrial !== null && c.successRate !== null)
  for (const c of priced) {
    c.front = !priced.some(d => d !== c && d.successRate! >= c.successRate! && d.costPerTrial! <= c.costPerTrial!
      && (d.successRate! > c.successRate! || d.costPerTrial! < c.costPerTrial!))
  }
}
