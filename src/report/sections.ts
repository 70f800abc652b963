// How a comparison is read, in order: what fails the gate, what got better, what changed without gating,
// what appeared or vanished, and a count of everything else by file. Shared by the terminal and the Markdown.
import type { Comparison, ComparisonRow } from '../compare/types.ts'
import { provenanceKind } from './format.ts'
import { isChange } from './tally.ts'

export interface Sections {
  /** Gating rows that regressed, largest change first. */
  regressions: ComparisonRow[]
  /** Gating rows that improved, largest change first. */
  improvements: ComparisonRow[]
  /** Rows that changed but cannot fail the gate, largest change first. */
  changes: ComparisonRow[]
  /** Benchmarks (their first row) present only in the current run, or only in the baseline. */
  added: ComparisonRow[]
  missing: ComparisonRow[]
  /** Unchanged and inconclusive rows, counted by file. */
  quiet: FileCount[]
}

export interface FileCount {
  file: string
  benchmarks: number
  unchanged: number
  inconclusive: number
  /** Rows whose figure was not measured here, by provenance kind. */
  notMeasured: Record<string, number>
}

const bySize = (a: ComparisonRow, b: ComparisonRow) => Math.abs(b.changePct ?? 0) - Math.abs(a.changePct ?? 0) || a.id.localeCompare(b.id)

export function sections(c: Comparison): Sections {
  const s: Sections = { regressions: [], improvements: [], changes: [], added: [], missing: [], quiet: [] }
  const files = new Map<string, FileCount & { ids: Set<string> }>()
  const seenAdded = new Set<string>(), seenMissing = new Set<string>()
  for (const r of c.rows) {
    if (isChange(r)) (r.gating ? (r.verdict === 'regressed' ? s.regressions : s.improvements) : s.changes).push(r)
    else if (r.verdict === 'new') { if (!seenAdded.has(r.id)) { seenAdded.add(r.id); s.added.push(r) } }
    else if (r.verdict === 'missing') { if (!seenMissing.has(r.id)) { seenMissing.add(r.id); s.missing.push(r) } }
    else {
      const file = fileOf(r.id)
      let f = files.get(file)
      if (!f) files.set(file, f = { file, benchmarks: 0, unchanged: 0, inconclusive: 0, notMeasured: {}, ids: new Set() })
      f.ids.add(r.id)
      if (r.verdict === 'unchanged') f.unchanged++
      else f.inconclusive++
      const kind = provenanceKind(r)
      if (kind) f.notMeasured[kind] = (f.notMeasured[kind] ?? 0) + 1
    }
  }
  s.regressions.sort(bySize)
  s.improvements.sort(bySize)
  s.changes.sort(bySize)
  s.quiet = [...files.values()].sort((a, b) => a.file.localeCompare(b.file)).map(({ ids, ...f }) => ({ ...f, benchmarks: ids.size }))
  return s
}

/** Ids are "project › file › test › group › bench"; the file is the second part. */
export function fileOf(id: string): string {
  return id.split(' › ')[1] ?? id
}

/** Drops the project from ids when every row belongs to the same one (the usual single `bench` project). */
export function namer(c: Comparison): (id: string) => string {
  const projects = new Set(c.rows.map(r => r.id.split(' › ')[0]))
  if (projects.size !== 1) return id => id
  return id => id.split(' › ').slice(1).join(' › ') || id
}
