// Trend series from the history's rows: per benchmark and figure, one point per run (the median of its
// rounds, with an interval band), the verdict that run got, and the boundaries where the environment
// changed or the baseline was promoted. Pure.
import { nodeMajor } from '../../compare/environment.ts'
import { median } from '../../compare/stats/index.ts'
import type { Verdict } from '../../compare/types.ts'
import type { Provenance } from '../../schema/baseline.ts'
import type { StoredChange } from '../../store/comparisons.ts'
import type { StoredComparison } from '../../store/store.ts'
import type { TrendFigure, TrendRun, TrendValue } from '../../store/trends.ts'

export interface TrendPoint {
  /** Index of the run in TrendsData.runs. */
  at: number
  value: number
  /** The band: the range of the round values (≥ 2 rounds), a single round's 95% margin (latency), or the value itself. */
  low: number
  high: number
  rounds: number
  /** The verdict the run got against its baseline when it ran, when it was compared. */
  verdict?: Verdict
  gating?: boolean
}

/** One figure across runs; its provenance is the newest point's (absent: measured). */
export interface TrendSeries extends TrendFigure {
  points: TrendPoint[]
  /** The verdict of the newest run that was compared, for the filter. */
  latestVerdict?: Verdict
}

export interface Boundary { at: number; kind: 'environment' | 'baseline'; label: string }

export interface TrendsData { runs: TrendRun[]; series: TrendSeries[]; boundaries: Boundary[] }

export function rowKey(id: string, metric: string): string {
  return `${id}\u0000${metric}`
}

export interface TrendVerdicts {
  /** The base each compared run was compared with (for promotions). */
  bases: ReadonlyMap<number, StoredComparison['base']>
  /** The rows that changed, per run (the marks). */
  changes: readonly StoredChange[]
  /** The newest compared run's verdict per row (for the filter); absent rows read as 'none'. */
  latest?: ReadonlyMap<string, Verdict>
}

export function shapeTrends(runs: readonly TrendRun[], values: readonly TrendValue[], v: TrendVerdicts): TrendsData {
  const index = new Map(runs.map((r, i) => [r.id, i]))
  const verdicts = new Map<number, Map<string, { verdict: Verdict; gating: boolean }>>()
  for (const c of v.changes) {
    let m = verdicts.get(c.runId)
    if (!m) verdicts.set(c.runId, m = new Map())
    m.set(rowKey(c.id, c.metric), { verdict: c.verdict, gating: c.gating })
  }

  // series key → run index → that run's round values
  const grouped = new Map<string, { first: TrendValue; byRun: Map<number, TrendValue[]> }>()
  for (const v of values) {
    const at = index.get(v.runId)
    if (at === undefined) continue
    const k = rowKey(v.key, v.metric)
    let g = grouped.get(k)
    if (!g) grouped.set(k, g = { first: v, byRun: new Map() })
    let list = g.byRun.get(at)
    if (!list) g.byRun.set(at, list = [])
    list.push(v)
  }

  const series: TrendSeries[] = []
  for (const [k, g] of grouped) {
    const points: TrendPoint[] = []
    let provenance: Provenance | undefined
    for (const at of [...g.byRun.keys()].sort((a, b) => a - b)) {
      const rounds = g.byRun.get(at)!
      const point = centre(rounds, at)
      const v = verdicts.get(runs[at]!.id)?.get(k)
      if (v) { point.verdict = v.verdict; point.gating = v.gating }
      points.push(point)
      provenance = rounds[0]!.provenance
    }
    const s: TrendSeries = {
      key: g.first.key, file: g.first.file, metric: g.first.metric, unit: g.first.unit, better: g.first.better, kind: g.first.kind,
      ...(provenance ? { provenance } : {}), points,
    }
    const latest = v.latest?.get(k)
    if (latest) s.latestVerdict = latest
    series.push(s)
  }
  series.sort((a, b) => a.key.localeCompare(b.key) || (a.metric === 'latency' ? -1 : b.metric === 'latency' ? 1 : a.metric.localeCompare(b.metric)))
  return { runs: [...runs], series, boundaries: boundaries(runs, v.bases) }
}

/** One run's point: the median of its rounds and the band around it. */
function centre(rounds: readonly TrendValue[], at: number): TrendPoint {
  if (rounds.length === 1) {
    const r = rounds[0]!
    if (r.rme === undefined || r.mean === undefined) return { at, value: r.value, low: r.value, high: r.value, rounds: 1 }
    const margin = (r.mean * r.rme) / 100
    return { at, value: r.value, low: Math.max(0, r.value - margin), high: r.value + margin, rounds: 1 }
  }
  const xs = rounds.map(r => r.value)
  const value = median(xs)
  if (xs.length >= 2) return { at, value, low: Math.min(...xs), high: Math.max(...xs), rounds: xs.length }
  return { at, value, low: value, high: value, rounds: xs.length }
}

/** Where a run's environment differs from the run before it, and where the baseline a run was compared with changed. */
export function boundaries(runs: readonly TrendRun[], bases: ReadonlyMap<number, StoredComparison['base']>): Boundary[] {
  const out: Boundary[] = []
  let lastBase: string | undefined
  runs.forEach((r, at) => {
    const prev = runs[at - 1]
    if (prev) {
      const changes: string[] = []
      if (nodeMajor(prev.node) !== nodeMajor(r.node)) changes.push(`Node ${prev.node} → ${r.node}`)
      if (prev.cpuModel.trim() !== r.cpuModel.trim()) changes.push(`CPU ${prev.cpuModel.trim()} → ${r.cpuModel.trim()}`)
      if (prev.os !== r.os) changes.push(`OS ${prev.os} → ${r.os}`)
      if (changes.length) out.push({ at, kind: 'environment', label: `environment changed at run ${r.id}: ${changes.join('; ')}` })
    }
    const b = bases.get(r.id)
    if (b) {
      const c = { base: b }
      const base = `${c.base.createdAt} ${c.base.sha ?? ''}`
      if (lastBase !== undefined && base !== lastBase) {
        out.push({ at, kind: 'baseline', label: `baseline promoted before run ${r.id}: now ${c.base.runId !== null ? `run ${c.base.runId}, ` : ''}${c.base.createdAt.slice(0, 19).replace('T', ' ')}${c.base.sha ? ` (${c.base.sha.slice(0, 7)})` : ''}` })
      }
      lastBase = base
    }
  })
  return out
}
