// A synthetic run of many benchmarks with many samples each, for measuring the store and the diff at scale.
// The samples are generated (seeded), the work done on them is real.
import { encodeSamples } from '../../src/compare/samples.ts'
import { createRng } from '../../src/random/index.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry } from '../../src/schema/baseline.ts'

export function syntheticRun(benchmarks: number, samples: number, seed: number, slowdown = 1): Baseline {
  const rng = createRng(seed)
  const entries: Record<string, Entry> = {}
  for (let b = 0; b < benchmarks; b++) {
    const center = (0.01 + (b % 97) / 100) * (b % 10 === 0 ? slowdown : 1)
    const xs = Array.from({ length: samples }, () => center * Math.exp(0.05 * rng.normal())).sort((x, y) => x - y)
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1))
    const id = `bench › suite${b % 20}.bench.ts › group ${b % 50} › task ${b}`
    entries[id] = {
      id, project: 'bench', file: `suite${b % 20}.bench.ts`, test: `group ${b % 50}`, bench: `task ${b}`,
      rounds: [{ latency: { n: samples, mean, min: xs[0]!, max: xs[samples - 1]!, p50: xs[samples >> 1]!, p75: xs[Math.floor(samples * 0.75)]!,
        p99: xs[Math.floor(samples * 0.99)]!, sd, rme: (196 * sd) / Math.sqrt(samples) / mean }, throughputMean: 1000 / mean, samples: encodeSamples(xs) }],
      metrics: { tokens: { unit: 'tokens', better: 'lower', kind: 'deterministic', rounds: [{ value: 1000 + b }] } },
    }
  }
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    run: { createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, seed)).toISOString(), rounds: 1, git: { sha: null, branch: null, dirty: null },
      env: { node: '24.21.0', v8: '13.6', os: 'Linux', arch: 'x64', cpuModel: 'synthetic', cpuCount: 2, vitest: '5.1.1', moduleRunner: true } },
    entries,
  }
}
