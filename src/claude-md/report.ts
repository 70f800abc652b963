// The evaluation as text (terminal) and as JSON-ready data. Figures carry their provenance in the header.
import { textTable } from '../cli/table.ts'
import { median } from '../compare/stats/index.ts'
import { seedScore, type ClaudeMdEvaluation } from './evaluate.ts'

const pct = (x: number) => `${+(x * 100).toFixed(1)}%`
const usd = (x: number | null) => (x === null ? 'unpriced' : `$${x < 0.01 ? x.toPrecision(3) : x.toFixed(4)}`)
const int = (x: number) => Math.round(x).toLocaleString('en-US')

export function renderEvaluation(e: ClaudeMdEvaluation, o: { score?: 'seed'; width?: number } = {}): string {
  const trials = e.variants.reduce((s, v) => s + v.figures.trials, 0)
  const label = e.provenance === 'measured' ? 'measured' : e.provenance === 'stand-in' ? 'stand-in (a local stand-in agent, not Claude: exercises the measurement, says nothing about Claude)' : e.provenance
  let out = `claude-md evaluate: suite ${e.suite}, engine ${e.engine}, ${trials} trials (interleaved); figures: ${label}\n\n`
  out += textTable(['variant', 'success (95% Wilson)', 'tokens/trial', 'cost/trial', 'cost/solved', 'time/trial', 'turns'], e.variants.map(v => {
    const f = v.figures
    return [
      `${v.name}${v.file === null ? ' (no CLAUDE.md)' : ''}`, `${f.successes}/${f.trials} ${pct(f.successRate)} (${pct(f.wilson[0])}–${pct(f.wilson[1])})`,
      int(median(v.samples.tokens)), usd(f.costPerTrial), f.successes === 0 ? 'none solved' : usd(f.costPerSolved),
      `${(median(f.wallMs) / 1000).toFixed(2)} s`, f.turns === null ? 'n/a' : (+f.turns.toFixed(1)).toString(),
    ]
  }), o.width)
  out += `(medians per trial; cost/solved = total cost / tasks solved)\n\n`
  out += `Compared pairwise: Barnard's exact test on success counts; Mann–Whitney with a bootstrap interval of the median ratio on per-trial tokens, cost, time and turns; Holm over ${e.family} tests, α = ${e.alpha}; a per-trial difference counts when its interval clears ±${+(e.threshold * 100).toFixed(1)}%.\n`
  for (const s of e.statements) out += `- ${s}\n`
  if (o.score === 'seed') {
    const first = seedScore(e.variants[0]!)
    out += `\nseed score (the seed system's weighted score, here from the measured figures): weights completion ${first.weights.completion}, time ${first.weights.time}, errors ${first.weights.errors}, tokens ${first.weights.tokens}, parallel efficiency ${first.weights.parallel}\n  ${first.definitions}\n`
    for (const v of e.variants) {
      const s = seedScore(v)
      out += `  ${v.name}: ${s.score.toFixed(3)} of ${s.outOf.toFixed(2)} (completion ${s.terms.completion.toFixed(2)}, time ${s.terms.time.toFixed(2)}, errors ${s.terms.errors.toFixed(2)}, tokens ${s.terms.tokens.toFixed(2)}, parallel not measured)\n`
    }
  }
  return out
}

/** The evaluation without the raw run: per variant figures, comparisons, statements. */
export function evaluationJson(e: ClaudeMdEvaluation, o: { score?: 'seed' } = {}): unknown {
  return {
    suite: e.suite, engine: e.engine, provenance: e.provenance, alpha: e.alpha, threshold: e.threshold, family: e.family,
    variants: e.variants.map(v => ({
      name: v.name, file: v.file, trials: v.figures.trials, successes: v.figures.successes, successRate: v.figures.successRate, wilson: v.figures.wilson,
      tokensPerTrial: { median: median(v.samples.tokens), mean: v.figures.tokens }, costPerTrial: v.figures.costPerTrial, costPerSolved: v.figures.costPerSolved,
      wallMsMedian: median(v.figures.wallMs), turns: v.figures.turns, failures: v.figures.failures, provenance: v.figures.provenance,
      ...(o.score === 'seed' ? { seedScore: seedScore(v) } : {}),
    })),
    comparisons: e.comparisons, statements: e.statements,
    infrastructureFailures: e.run.infrastructureFailures,
  }
}
