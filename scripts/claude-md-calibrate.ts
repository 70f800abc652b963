// Calibration of `claude-md evaluate` against the stand-in `claude` (test/swarm/stand-ins): over N seeds,
// (1) a variant planted to use 20% more tokens at equal success (80%), 20 repeats: reported costlier?
// (2) a variant planted to drop success from 80% to 30%, 40 repeats: reported worse?
// (3) two identical variants, 40 repeats: reported different on anything?
// Every trial runs the real path: fresh workdir with the variant's CLAUDE.md, the claude-code driver spawning
// the stand-in, which reads the CLAUDE.md and behaves by it; stand-in figures, labelled so.
// Usage: node scripts/claude-md-calibrate.ts [--seeds 20] [--out tmp/claude-md-calibration.jsonl] [--concurrency 4]
import { appendFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { evaluateClaudeMd } from '../src/claude-md/evaluate.ts'
import { claudeCode } from '../src/swarm/engines/cli.ts'
import tasks from '../test/claude-md/fixtures/quick-suite.ts'
import { standInEnv } from '../test/swarm/helpers.ts'

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '20' }, out: { type: 'string', default: 'tmp/claude-md-calibration.jsonl' }, concurrency: { type: 'string', default: '4' }, first: { type: 'string', default: '1' } } })
const seeds = Number(values.seeds), first = Number(values.first), concurrency = Number(values.concurrency)
mkdirSync(dirname(values.out), { recursive: true })
const dir = mkdtempSync(join(tmpdir(), 'claude-md-calibrate-'))
for (const v of ['a', 'b', 'c']) writeFileSync(join(dir, `${v}.md`), `# CLAUDE.md\n<!-- variant: ${v} -->\n- Run the tests after every change.\n`)
writeFileSync(join(dir, 'a-copy.md'), `# CLAUDE.md\n<!-- variant: a -->\n- Run the tests after every change.\n`)

const scenarios = [
  { name: 'tokens+20%', repeats: 20, variants: ['a', 'b'], rules: [{ when: { claudeMdContains: 'variant: b' }, tokens: 1.2 }] },
  { name: 'success 80%→30%', repeats: 40, variants: ['a', 'c'], rules: [{ when: { claudeMdContains: 'variant: c' }, success: 0.3 }] },
  { name: 'A/A', repeats: 40, variants: ['a', 'a-copy'], rules: [] },
]
const tally: Record<string, { runs: number; hit: number; trials: number; ms: number }> = {}
for (let seed = first; seed < first + seeds; seed++) {
  for (const s of scenarios) {
    const env = standInEnv({ seed, success: 0.8, rules: s.rules }, mkdtempSync(join(dir, 'standin-')))
    process.env.PATH = env.PATH
    process.env.SWARMBENCH_STANDIN = env.SWARMBENCH_STANDIN
    const t0 = performance.now()
    const e = await evaluateClaudeMd({ suite: 'coding-quick', tasks, engine: claudeCode(), variants: s.variants.map(v => ({ name: v, file: join(dir, `${v}.md`) })), repeats: s.repeats, seed, concurrency })
    const ms = performance.now() - t0
    const verdict = (m: string) => e.comparisons.find(c => c.metric === m)!.verdict
    const hit = s.name === 'A/A' ? e.comparisons.every(c => c.verdict !== 'better' && c.verdict !== 'worse')
      : s.name.startsWith('tokens') ? verdict('tokens') === 'worse' && verdict('cost_usd') === 'worse' && verdict('success_rate') !== 'worse' && verdict('success_rate') !== 'better'
        : verdict('success_rate') === 'worse'
    const row = { seed, scenario: s.name, hit, provenance: e.provenance, trials: e.run.trials.length, ms: Math.round(ms), comparisons: e.comparisons.map(c => ({ metric: c.metric, verdict: c.verdict, pAdjusted: c.pAdjusted, a: c.valueA, b: c.valueB })) }
    appendFileSync(values.out, JSON.stringify(row) + '\n')
    const t = (tally[s.name] ??= { runs: 0, hit: 0, trials: 0, ms: 0 })
    t.runs++; t.hit += hit ? 1 : 0; t.trials += row.trials; t.ms += ms
    console.log(`seed ${seed} ${s.name}: ${hit ? 'as planted' : 'MISSED'} (${row.trials} trials, ${(ms / 1000).toFixed(1)} s)`)
  }
}
console.log('\nsummary (stand-in figures):')
for (const [name, t] of Object.entries(tally)) console.log(`  ${name}: ${t.hit}/${t.runs} ${name === 'A/A' ? 'reported not different' : name.startsWith('tokens') ? 'reported costlier (tokens and cost), success not different' : 'reported worse'} (${t.trials} trials, ${(t.ms / t.trials).toFixed(0)} ms per trial)`)
