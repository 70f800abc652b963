// Rows of the history tables ↔ swarmbench's own objects, shared by both backends (SQLite and PostgreSQL) so a
// run, a summary and a comparison read back the same whichever database kept them. Pure: no database here.
import type { Comparison } from '../compare/types.ts'
import { decodeSamples } from '../compare/samples.ts'
import { SwarmbenchError, fieldPath } from '../errors/index.ts'
import type { Baseline, Entry, Metric, Provenance, Round } from '../schema/baseline.ts'
import { BASELINE_SCHEMA_VERSION, BaselineSchema, ProvenanceSchema, RunMetaSchema } from '../schema/baseline.ts'
import type { BranchBaseline, RunSelector, RunSummary, StoredComparison } from './store.ts'

export type Row = Record<string, unknown>

/**
 * A run from its rows: benchmarks (benchmarks joined with run_benchmarks), results (with s_count, s_total,
 * s_data from samples when asked for) and metrics. Throws on rows changed by hand; loadRun turns that into "damaged".
 */
export function buildRun(metaJson: string, benchRows: Row[], resultRows: Row[], metricRows: Row[], samples: boolean): Baseline {
  const run = RunMetaSchema.parse(JSON.parse(metaJson))
  const entries: Record<string, Entry> = {}
  const byBenchId = new Map<number, Entry>()
  for (const b of benchRows) {
    const entry: Entry = {
      id: String(b.key), project: String(b.project), file: String(b.file), test: String(b.test),
      ...(b.grp !== null ? { group: String(b.grp) } : {}), ...(b.bench !== null ? { bench: String(b.bench) } : {}),
      rounds: [], metrics: {},
      ...(b.thresholds_json !== null ? { thresholds: JSON.parse(String(b.thresholds_json)) as Record<string, number> } : {}),
      ...provenanceOf(b),
    }
    entries[entry.id] = entry
    byBenchId.set(Number(b.id), entry)
  }
  for (const r of resultRows) {
    const entry = byBenchId.get(Number(r.benchmark_id))!
    const round: Round = {
      latency: { n: Number(r.n), mean: Number(r.mean_ms), min: Number(r.min_ms), max: Number(r.max_ms), p50: Number(r.p50_ms),
        p75: Number(r.p75_ms), p99: Number(r.p99_ms), sd: Number(r.sd_ms), rme: Number(r.rme_pct) },
      throughputMean: Number(r.throughput_mean),
      ...(r.s_data ? { samples: { encoding: 'f64le-base64' as const, count: Number(r.s_count), total: Number(r.s_total), data: Buffer.from(r.s_data as Uint8Array).toString('base64') } } : {}),
    }
    entry.rounds[Number(r.round)] = round
  }
  for (const m of metricRows) {
    const entry = byBenchId.get(Number(m.benchmark_id))!
    const name = String(m.name)
    const metric: Metric = entry.metrics[name] ??= {
      unit: String(m.unit), better: m.better as Metric['better'], kind: m.kind as Metric['kind'],
      ...provenanceOf(m), rounds: [],
    }
    metric.rounds[Number(m.round)] = {
      value: Number(m.value),
      ...(samples && m.samples ? { samples: blobToSamples(m.samples as Uint8Array) } : {}),
      // absent in a history before migration 4 (opened read-only as it is) and for metrics that are not rates
      ...(m.successes !== null && m.successes !== undefined && m.trials !== null && m.trials !== undefined
        ? { counts: { successes: Number(m.successes), trials: Number(m.trials) } } : {}),
    }
  }
  return { schemaVersion: BASELINE_SCHEMA_VERSION, run, entries }
}

/** The loaded run, checked against the schema: a row changed by another program is refused with one line. */
export function checkedRun(load: () => Baseline, location: string, runId: number): Baseline {
  let loaded: Baseline
  try {
    loaded = load()
  } catch (e) {
    if (e instanceof SwarmbenchError) throw e
    throw damaged(location, runId, (e as Error).message)
  }
  const valid = BaselineSchema.safeParse(loaded)
  if (!valid.success) {
    const issue = valid.error.issues[0]!
    throw damaged(location, runId, `field ${fieldPath(issue.path)}: ${issue.message}`)
  }
  return valid.data
}

export function damaged(location: string, runId: number, why: string): SwarmbenchError {
  return new SwarmbenchError(`run ${runId} in the history is damaged (${why}): it was changed by another program`, {
    file: location, fix: `delete it (\`swarmbench history prune\`) or choose another run with \`swarmbench history list\``,
  })
}

export function noSuchRun(location: string, selector: RunSelector): SwarmbenchError {
  const what = selector === 'latest' ? 'no runs yet' : 'id' in selector ? `no run with id ${selector.id}` : `no run on branch ${selector.branch}`
  return new SwarmbenchError(`history has ${what}`, { file: location, fix: 'list the runs with `swarmbench history list`' })
}

/** Absent and 'measured' are the same: stored as NULL, so the columns hold only the labels a report must show. */
export function provenanceColumns(p: Provenance | undefined): [string | null, string | null] {
  return p && p.kind !== 'measured' ? [p.kind, p.how ?? null] : [null, null]
}

export function provenanceOf(row: Row): { provenance?: Provenance } {
  // a history before migration 3, opened read-only as it is
  if (typeof row['estimate'] === 'string' && row['estimate'] !== '') return { provenance: { kind: 'estimate', how: row['estimate'] } }
  if (row['provenance_kind'] === null || row['provenance_kind'] === undefined) return {}
  const p = ProvenanceSchema.safeParse({ kind: row['provenance_kind'], ...(row['provenance_how'] !== null ? { how: row['provenance_how'] } : {}) })
  // A kind this version does not know (written by a newer swarmbench) is still not 'measured': keep it as an estimate.
  return { provenance: p.success ? p.data : { kind: 'estimate', how: `${String(row['provenance_kind'])}${row['provenance_how'] ? `: ${String(row['provenance_how'])}` : ''}` } }
}

function blobToSamples(blob: Uint8Array): number[] {
  return decodeSamples({ encoding: 'f64le-base64', count: blob.byteLength / 8, total: blob.byteLength / 8, data: Buffer.from(blob).toString('base64') })
}

/** A row of listRuns' query (git_dirty is 0/1 in SQLite, a boolean in PostgreSQL). */
export function summaryOf(r: Row): RunSummary {
  return {
    id: Number(r.id), createdAt: String(r.created_at), sha: r.git_sha === null ? null : String(r.git_sha),
    branch: r.git_branch === null ? null : String(r.git_branch), dirty: r.git_dirty === null ? null : Boolean(r.git_dirty),
    rounds: Number(r.rounds), node: String(r.node), benchmarks: Number(r.benchmarks), metrics: Number(r.metrics),
  }
}

/** A row of the comparisons table; `fix` says how to delete a row that is not JSON with this backend's own tool. */
export function comparisonOf(r: Row, location: string, fix: (runId: number) => string): StoredComparison {
  const runId = Number(r.run_id)
  let comparison: Comparison
  try {
    comparison = JSON.parse(String(r.comparison_json)) as Comparison
  } catch (e) {
    throw new SwarmbenchError(`the stored comparison of run ${runId} is not valid JSON (${(e as Error).message})`, { file: location, fix: fix(runId) })
  }
  return {
    runId,
    base: {
      createdAt: String(r.base_created_at), sha: r.base_sha === null ? null : String(r.base_sha),
      branch: r.base_branch === null ? null : String(r.base_branch), runId: r.base_run_id === null ? null : Number(r.base_run_id),
    },
    comparison,
  }
}

/** A row of baselines joined with its run's created_at. */
export function baselineOf(row: Row): BranchBaseline {
  return { branch: String(row.branch), runId: Number(row.run_id), createdAt: String(row.created_at), version: Number(row.version), promotedAt: String(row.promoted_at) }
}
