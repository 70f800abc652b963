// Baselines built from literal figures, for tests of the store, the diff and the CLI.
import { encodeSamples } from '../../src/compare/samples.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry } from '../../src/schema/baseline.ts'
import { createRng } from '../../src/random/index.ts'

export function entry(id: string, samples: number[], metrics: Entry['metrics'] = {}): Entry {
  const [project = 'bench', file = 'a.bench.ts', test = 't', bench = 'b'] = id.split(' › ')
  const s = samples.toSorted((a, b) => a - b)
  const mean = s.reduce((a, b) => a + b, 0) / s.length
  const sd = Math.sqrt(s.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, s.length - 1))
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!
  return {
    id, project, file, test, bench,
    rounds: [{ latency: { n: s.length, mean, min: s[0]!, max: s[s.length - 1]!, p50: q(0.5), p75: q(0.75), p99: q(0.99), sd, rme: (196 * sd) / Math.sqrt(s.length) / mean },
      throughputMean: 1000 / mean, samples: encodeSamples(s) }],
    metrics,
  }
}

/** Latency samples around `center` ms, seeded. */
export function noisy(center: number, n: number, seed: number, spread = 0.05): number[] {
  const rng = createRng(seed)
  return Array.from({ length: n }, () => center * (1 + spread * rng.normal()))
}

export function sampleBaseline(opts: { createdAt?: string; scale?: number; seed?: number; tokens?: number } = {}): Baseline {
  const scale = opts.scale ?? 1
  const seed = opts.seed ?? 1
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    run: {
      createdAt: opts.createdAt ?? '2026-11-20T10:00:00.000Z', rounds: 1,
      git: { sha: 'a'.repeat(40), branch: 'main', dirty: false },
      env: { node: '24.21.0', v8: '13.6', os: 'Linux 6.1', arch: 'x64', cpuModel: 'Test CPU', cpuCount: 2, vitest: '5.1.1', moduleRunner: true },
    },
    entries: Object.fromEntries([
      entry('bench › a.bench.ts › sorting › quick', noisy(2 * scale, 200, seed)),
      entry('bench › a.bench.ts › sorting › merge', noisy(3, 200, seed + 1), {
        tokens: { unit: 'tokens', better: 'lower', kind: 'deterministic', rounds: [{ value: opts.tokens ?? 1000 }] },
        accuracy: { unit: 'ratio', better: 'higher', kind: 'quality', rounds: [{ value: 0.9 }] },
      }),
    ].map(e => [e.id, e])),
  }
}
