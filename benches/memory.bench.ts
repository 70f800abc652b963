// Memory fixture on agent-like workloads: a conversation buffer that trims itself (no leak), one that
// never trims (a leak), and the persistence cost of a swarm state object.
import { stats, test } from '../src/index.ts'
import { createRng } from '../src/random/index.ts'
import { WARMUP_MS } from './warmup.ts'

interface Message { role: 'user' | 'assistant'; content: string; tokens: number }

function makeMessage(rng: ReturnType<typeof createRng>, i: number): Message {
  const words = 20 + rng.int(60)
  return { role: i % 2 ? 'assistant' : 'user', content: Array.from({ length: words }, (_, w) => `w${(i * 31 + w) % 997}`).join(' '), tokens: words }
}

test('conversation memory', async ({ memory }) => {
  // The plugin runs the bench project with --expose-gc; without it the checks below could not run, so say so
  // rather than skip them.
  if (!memory.gcForced) throw new Error('benches/memory.bench.ts: cannot force GC (no --expose-gc); run it through the swarmbench plugin, which adds the flag')
  const rng = createRng(8)
  const window: Message[] = []
  let i = 0
  // Sliding window of 50 messages: allocates every call, retains nothing beyond the window.
  const { memory: m } = await memory('append+trim', () => {
    window.push(makeMessage(rng, i++))
    if (window.length > 50) window.shift()
  }, { run: { time: 300, warmupTime: WARMUP_MS } })
  if (!m.allocation) throw new Error('expected the allocation phase to run (allocTime > 0 by default)')
  if (!(stats.median(m.allocation.bytesPerIteration) > 0)) throw new Error(`expected allocation per call > 0, got ${m.allocation.bytesPerIteration.join(', ')} bytes`)

  const unbounded: Message[] = []
  // 10 retained-heap samples over the 1,000 calls (default 20): each sample is two full GCs of the whole bench
  // worker's heap (~0.1 s here), and a buffer growing by a message per call (~300 B) is ~30 KB per sample.
  const leak = await memory.leak('unbounded-append', () => { unbounded.push(makeMessage(rng, i++)) }, { iterations: 1000, samples: 10 })
  // recorded on the test itself: the leak run is not the append+trim benchmark
  if (leak.verdict !== 'leak') throw new Error(`expected the unbounded buffer to be flagged: ${leak.message}`)
})

test('swarm state persistence', async ({ bench, memory }) => {
  const rng = createRng(80)
  const state = {
    swarmId: 'swarm-1',
    agents: Array.from({ length: 12 }, (_, a) => ({ id: `agent-${a}`, role: ['coder', 'reviewer', 'tester'][a % 3], memory: Array.from({ length: 40 }, (_, k) => makeMessage(rng, k)) })),
    votes: Array.from({ length: 200 }, () => ({ voter: rng.int(12), choice: rng.int(4), weight: rng.next() })),
  }
  await bench('structuredClone state', () => structuredClone(state)).run({ time: 200, warmupTime: WARMUP_MS })
  await memory.persistence(state, { iterations: 30, bench: 'structuredClone state' })
})
