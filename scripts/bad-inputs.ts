// The bad-inputs corpus (issue 15): every case as a real process (`swarmbench …`, `vitest bench --run`), then a
// table of case, exit code, failure lines, stack yes/no, data lost yes/no. Exit 0 only when every case held.
//   npm run bad-inputs                 all cases
//   npm run bad-inputs -- cli/ store/  only cases whose id starts with one of these
//   BAD_INPUTS_JOBS=4                  cases run at once (default 2)
import { cliCases } from '../test/bad-inputs/cases-cli.ts'
import { storeCases } from '../test/bad-inputs/cases-store.ts'
import { vitestCases } from '../test/bad-inputs/cases-vitest.ts'
import { processRunner, runAll, summary, verdictTable, type Case } from '../test/bad-inputs/harness.ts'

const all: Case[] = [...cliCases, ...vitestCases, ...storeCases]
const filters = process.argv.slice(2)
const cases = filters.length ? all.filter(c => filters.some(f => c.id.startsWith(f))) : all
const jobs = Number(process.env.BAD_INPUTS_JOBS ?? 2)
const began = performance.now()
const verdicts = await runAll(cases, processRunner, jobs, v => process.stderr.write(`${v.skipped ? 'skip' : v.problems.length ? 'FAIL' : ' ok '} ${v.id}\n`))
console.log(verdictTable(verdicts))
for (const v of verdicts.filter(v => v.note)) console.log(`${v.id}: ${v.note}`)
for (const v of verdicts.filter(v => v.problems.length)) console.log(`\nFAIL ${v.id} (${v.title}):\n  ${v.problems.join('\n  ')}`)
for (const v of verdicts.filter(v => v.skipped)) console.log(`\nskipped ${v.id}: ${v.skipped}`)
const s = summary(verdicts)
console.log(`\n${s.passed}/${s.passed + s.failed} cases held${s.skipped ? ` (${s.skipped} skipped)` : ''} · ${Object.entries(s.byArea).map(([a, n]) => `${a} ${n.passed}/${n.total}`).join(' · ')} · ${((performance.now() - began) / 1000).toFixed(0)} s with ${jobs} at once`)
process.exitCode = s.failed === 0 ? 0 : 1
