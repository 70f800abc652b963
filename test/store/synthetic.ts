// Runs of any size with real encoded samples, seeded, for the store's concurrency tests and ingest benchmark.
import { encodeSamples } from '../../src/compare/samples.ts'
import { createRng } from '../../src/random/index.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry } from '../../src/schema/baseline.ts'

/** Writer w's run i: createdAt and branch say which, so a test can find every (writer, run) pair afterwards. */
export function syntheticRun(o: { writer: number; index: number; benchmarks: number; samples: number; seed?: number }): Baseline {
  const rng = createRng((o.seed ?? 1) * 1_000_003 + o.writer * 10_007 + o.index)
  const entries: Record<string, Entry> = {}
  for (let b = 0; b < o.benchmarks; b++) {
    const center = 1 + (b % 17)
    const s = Array.from({ length: o.samples }, () => center * (1 + 0.05 * rng.normal())).sort((x, y) => x - y)
    const mean = s.reduce((a, v) => a + v, 0) / s.length
    const sd = Math.sqrt(s.reduce((a, v) => a + (v - mean) ** 2, 0) / (s.length - 1))
    const id = `bench › suite-${b % 10}.bench.ts › group ${Math.floor(b / 10)} › case ${b}`
    entries[id] = {
      id, project: 'bench', file: `suite-${b % 10}.bench.ts`, test: `group ${Math.floor(b / 10)}`, bench: `case ${b}`,
      rounds: [{ latency: { n: s.length, mean, min: s[0]!, max: s[s.length - 1]!, p50: s[Math.floor(s.length / 2)]!, p75: s[Math.floor(s.length * 0.75)]!,
        p99: s[Math.floor(s.length * 0.99)]!, sd, rme: (196 * sd) / Math.sqrt(s.length) / mean }, throughputMean: 1000 / mean, samples: encodeSamples(s) }],
      metrics: b % 4 === 0 ? { tokens: { unit: 'tokens', better: 'lower', kind: 'deterministic', provenance: { kind: 'simulated', how: 'synthetic store load' }, rounds: [{ value: 1000 + b }] } } : {},
    }
  }
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    run: {
      createdAt: new Date(Date.UTC(2026, 10, 1) + o.writer * 86_400_000 + o.index * 1000).toISOString(), rounds: 1,
      git: { sha: 'b'.repeat(40), branch: `writer-${o.writer}`, dirty: false },
      env: { node: '24.21.0', v8: '13.6', os: 'Linux 6.1', arch: 'x64', cpuModel: 'Test CPU', cpuCount: 2, vitest: '5.1.1', moduleRunner: true },
    },
    entries,
  }
}
