// swarmbench's `test`: Vitest's test with our fixtures. Vitest's own `bench` fixture comes along untouched.
import { test as base } from 'vitest'
import { recordMetric, type MetricOptions, type MetricArtifactPayload } from './metrics/index.ts'
import { createMemoryFixture, type MemoryFixture } from './memory/index.ts'
import { createTokensFixture, type TokensFixture } from './tokens/fixture.ts'
import { createSwarmFixture, type SwarmFixture } from './swarm/fixture.ts'

export type MetricFn = (name: string, value: number | readonly number[], options: MetricOptions) => Promise<MetricArtifactPayload>

export const test = base.extend('metric', ({ task }): MetricFn =>
  (name, value, options) => recordMetric(task, name, value, options))
  // issue 8: memory, GC, leak and persistence measurement around benchmarks (src/memory)
  .extend('memory', ({ bench, task, annotate }): MemoryFixture => createMemoryFixture({ bench, task, annotate }))
  // issue 4: token and cost ledger; warns at teardown about usage recorded but never reported
  .extend('tokens', ({ task, annotate }, { onCleanup }): TokensFixture => {
    const t = createTokensFixture(task, annotate)
    onCleanup(() => { if (t.unreported() > 0) console.warn(`tokens: ${t.unreported()} usage record(s) in '${task.name}' were never reported: call tokens.report()`) })
    return t
  })
  // issue 17: swarm task matrices; each cell's figures become an entry of the test (src/swarm)
  .extend('swarm', ({ task, signal }): SwarmFixture => createSwarmFixture(task, signal))
