// The CLAUDE.md optimizer on our own baseline: the generator's speed (measured), and two generated variants
// evaluated on the shipped coding suite through the claude-code driver and the stand-in `claude` of
// test/swarm/stand-ins, which reads each trial's CLAUDE.md and carries it in its context like Claude Code does.
// The agent figures are the stand-in's (labelled stand-in): they exercise the measurement path, not Claude.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '../src/index.ts'
import { loadCatalog } from '../src/claude-md/catalog.ts'
import { evaluateClaudeMd } from '../src/claude-md/evaluate.ts'
import { generate } from '../src/claude-md/render.ts'
import { renderEvaluation } from '../src/claude-md/report.ts'
import { median } from '../src/compare/stats/index.ts'
import { claudeCode } from '../src/swarm/engines/cli.ts'
import { codingSuite } from '../src/swarm/suite.ts'
import { standInEnv } from '../test/swarm/helpers.ts'
import { WARMUP_MS } from './warmup.ts'

// One trial per task and variant: 30 trials still grade every task of the suite for every variant; a second
// repeat doubled the file's time (~50 s of CPU: each trial spawns the stand-in and `node --test`) for more
// samples of the same path. The trials are CPU-bound process starts (~0.6 s of CPU each: the stand-in, the
// `node --test` runner and its child per test file), so they run at concurrency 2 (this machine's cores) and
// grade with isolation 'none': the task's one test file runs inside the runner (`node --test` took ~0.32 s of
// CPU per grade here, ~0.17 s without its child: notes/issue-20-bench-speed.md). The grade is the same
// (test/swarm/suite-grading.test.ts); no figure here times the grading (wall_time is the stand-in's run).
const REPEATS = 1
const catalog = loadCatalog()
const context = { name: 'swarmbench coding suite', languages: ['JavaScript'], testCommand: 'node --test' }

test('claude-md generator', async ({ bench }) => {
  await bench.compare(
    bench('generate api_development, no goal', () => { generate({ catalog, useCase: 'api_development', context }) }),
    bench('generate api_development, all goals', () => { generate({ catalog, useCase: 'api_development', goals: catalog.goals.map(g => g.id), context }) }),
    { time: 200, iterations: 20, warmupIterations: 5, warmupTime: WARMUP_MS },
  )
})

test('claude-md: two generated variants on the coding suite (stand-in claude)', { timeout: 900_000 }, async ({ metric }) => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmbench-claude-md-bench-'))
  const files = {
    accuracy: join(dir, 'accuracy.md'),
    tokens: join(dir, 'tokens.md'),
  }
  writeFileSync(files.accuracy, generate({ catalog, useCase: 'testing_automation', goals: ['accuracy'], context }))
  writeFileSync(files.tokens, generate({ catalog, useCase: 'testing_automation', goals: ['tokens'], context }))
  // The stand-in solves 90% of trials whatever the file says (no claim about which rules help a real agent);
  // what differs between the variants is the file itself, which the stand-in carries in its context.
  const env = standInEnv({ seed: 1, success: 0.9, claudeMdInContext: true }, dir)
  const saved = { PATH: process.env.PATH, SWARMBENCH_STANDIN: process.env.SWARMBENCH_STANDIN }
  process.env.PATH = env.PATH
  process.env.SWARMBENCH_STANDIN = env.SWARMBENCH_STANDIN
  try {
    const e = await evaluateClaudeMd({
      suite: 'coding', tasks: codingSuite({ timeoutMs: 60_000, isolation: 'none' }), engine: claudeCode(), repeats: REPEATS, seed: 1, concurrency: 2,
      variants: [{ name: 'accuracy', file: files.accuracy }, { name: 'tokens', file: files.tokens }, { name: 'none', file: null }],
    })
    console.log(renderEvaluation(e))
    const how = `stand-in claude (test/swarm/stand-ins, seed 1, success 0.9, CLAUDE.md in context) through the claude-code driver; coding suite, ${REPEATS === 1 ? 'one trial' : `${REPEATS} trials`} per task and variant, interleaved`
    const provenance = { kind: e.provenance, how }
    for (const v of e.variants) {
      const f = v.figures
      await metric(`${v.name}.success_rate`, f.successRate, { unit: 'ratio', better: 'higher', kind: 'quality', counts: { successes: f.successes, trials: f.trials }, provenance })
      await metric(`${v.name}.tokens.per_trial`, median(v.samples.tokens), { unit: 'tokens', better: 'lower', kind: 'info', provenance })
      if (f.costPerTrial !== null) await metric(`${v.name}.cost.usd.per_trial`, f.costPerTrial, { unit: 'USD', better: 'lower', kind: 'info', provenance })
      await metric(`${v.name}.wall_time`, v.samples.wallMs, { unit: 'ms', better: 'lower', kind: 'timing', provenance: { kind: 'measured', how: 'wall time of each trial (spawn of the stand-in to its exit), this machine' } })
    }
  } finally {
    process.env.PATH = saved.PATH
    if (saved.SWARMBENCH_STANDIN === undefined) delete process.env.SWARMBENCH_STANDIN; else process.env.SWARMBENCH_STANDIN = saved.SWARMBENCH_STANDIN
  }
})
