// Builds schema-valid baselines for tests from plain sample arrays (one array per round).
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry, type Metric, type Round } from '../../src/schema/baseline.ts'
import { encodeSamples } from '../../src/compare/samples.ts'

export const ENV: Baseline['run']['env'] = {
  node: 'v24.21.0', v8: '13.6', os: 'linux', arch: 'x64', cpuModel: 'Test CPU @ 2.0GHz', cpuCount: 2, vitest: '5.1.1', moduleRunner: true,
}

export function round(samples: number[]): Round {
  const s = samples.toSorted((a, b) => a - b)
  const n = s.length
  const mean = s.reduce((a, b) => a + b, 0) / n
  const q = (p: number) => s[Math.min(n - 1, Math.floor(p * n))]!
  const med = n % 2 ? s[n >> 1]! : (s[n / 2 - 1]! + s[n / 2]!) / 2
  const sd = n > 1 ? Math.sqrt(s.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0
  return {
    latency: { n, mean, min: s[0]!, max: s[n - 1]!, p50: med, p75: q(0.75), p99: q(0.99), sd, rme: n > 1 ? (196 * sd) / Math.sqrt(n) / mean : 0 },
    throughputMean: 1000 / mean,
    samples: encodeSamples(s),
  }
}

export function entry(id: string, rounds: number[][], metrics: Record<string, Metric> = {}, thresholds?: Record<string, number>): Entry {
  return {
    id, project: 'bench', file: 'benches/x.bench.ts', test: id, bench: id,
    rounds: rounds.map(round), metrics, ...(thresholds ? { thresholds } : {}),
  }
}

export function metric(kind: Metric['kind'], values: number[], o: Partial<Omit<Metric, 'rounds'>> & { samples?: number[][] } = {}): Metric {
  return {
    unit: o.unit ?? '', better: o.better ?? 'lower', kind,
    ...(o.provenance ? { provenance: o.provenance } : {}),
    rounds: values.map((value, i) => ({ value, ...(o.samples?.[i] ? { samples: o.samples[i] } : {}) })),
  }
}

export function baseline(entries: Entry[], env: Partial<Baseline['run']['env']> = {}, rounds = Math.max(1, ...entries.map(e => e.rounds.length))): Baseline {
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    run: { createdAt: '2026-11-21T00:00:00.000Z', rounds, git: { sha: null, branch: null, dirty: null }, env: { ...ENV, ...env } },
    entries: Object.fromEntries(entries.map(e => [e.id, e])),
  }
}

/** Deterministic pseudo-noise around `centre` (no Math.random: a seeded stream). */
export function noisy(rng: { normal(): number }, n: number, centre: number, relSd: number): number[] {
  return Array.from({ length: n }, () => centre * (1 + relSd * rng.normal()))
}
