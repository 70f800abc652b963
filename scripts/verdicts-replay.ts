// Replays a project's history through the history rule: each single-process run from the (minRuns + 1)-th on is
// judged, for every timing row, against the runs before it, once on the per-run median and once on the
// per-run minimum. On unchanged code (an A/A history such as verdicts-quickstart.ts leaves with --keep) every
// "regressed" is a false alarm. Replayed from recorded figures; the test is the product's own.
// With --factors, each judged run is also judged slowed by each factor (its figure multiplied, the earlier runs
// as recorded): the share caught is the rule's power against the machine's real between-run noise, on the
// assumption that a slowdown scales a run's figure and leaves its noise alone (a replayed estimate, not a run).
//
//   npx node scripts/verdicts-replay.ts PROJECT/.swarmbench/history.sqlite [--min-runs 10] [--factors 1.25,1.5,2]
import { parseArgs } from 'node:util'
import { noiseKey } from '../src/compare/noise-history.ts'
import { predictionTest } from '../src/compare/stats/index.ts'
import { loadNoiseHistory } from '../src/store/noise.ts'
import { withStore } from '../src/store/open.ts'

const { values: a, positionals } = parseArgs({ options: { 'min-runs': { type: 'string', default: '10' }, factors: { type: 'string', default: '' } }, allowPositionals: true })
const minRuns = Number(a['min-runs'])
const factors = a.factors ? a.factors.split(',').map(Number) : []
const regressed = (pt: { p: number; interval: readonly [number, number] }) => pt.p <= 0.01 && pt.interval[0] > Math.log(1.02)
const out = await withStore(positionals[0]!, { mode: 'read' }, async store => {
  const runs = (await store.listRuns({ limit: 100_000 })).filter(r => r.rounds === 1).sort((x, y) => x.createdAt.localeCompare(y.createdAt))
  const tally: Record<'median' | 'min', { judged: number; regressed: number; improved: number; caught: Record<string, number> }> = {
    median: { judged: 0, regressed: 0, improved: 0, caught: Object.fromEntries(factors.map(f => [`${f}x`, 0])) },
    min: { judged: 0, regressed: 0, improved: 0, caught: Object.fromEntries(factors.map(f => [`${f}x`, 0])) },
  }
  for (const r of runs) {
    const run = await store.loadRun({ id: r.id }, { samples: false })
    for (const summary of ['median', 'min'] as const) {
      const noise = await loadNoiseHistory(store, { before: run.run.createdAt, env: run.run.env, branch: null, maxRuns: 30, summary })
      for (const e of Object.values(run.entries)) {
        const round = e.rounds[0]
        const series = noise.series.get(noiseKey(e.id, 'latency'))
        if (!round || !series || series.length < minRuns) continue
        const y = summary === 'min' ? round.latency.min : round.latency.p50
        const pt = predictionTest(series.map(Math.log), Math.log(y), 0.01, 0.005)
        tally[summary].judged++
        if (regressed(pt)) tally[summary].regressed++
        for (const f of factors) if (regressed(predictionTest(series.map(Math.log), Math.log(y * f), 0.01, 0.005))) tally[summary].caught[`${f}x`]!++
        if (pt.p <= 0.01 && pt.interval[1] < -Math.log(1.02)) tally[summary].improved++
      }
    }
  }
  return { runs: runs.length, minRuns, tally }
})
console.log(JSON.stringify(out, null, 2))
