// Prints swarmbench's cross-validated figures beside scikit-learn's for the same folds, and checks the
// issue's targets: each member type within 3 points of sklearn's, best vote within 1 point of sklearn's best
// VotingClassifier/StackingClassifier. Regression (diabetes) is shown by R² for information.
//   npx node scripts/ensemble-cv.ts --json tmp/ensemble-cv.json --folds-out tmp/ensemble-folds.json
//   /usr/bin/python3 scripts/sklearn-reference.py tmp/ensemble-folds.json > tmp/sklearn-reference.json
//   npx node scripts/ensemble-compare.ts tmp/ensemble-cv.json tmp/sklearn-reference.json
import { readFileSync } from 'node:fs'
import { z } from 'zod'

const Ours = z.record(z.string(), z.object({ task: z.enum(['classification', 'regression']), members: z.record(z.string(), z.record(z.string(), z.number())), votes: z.record(z.string(), z.record(z.string(), z.number())), gainOverBest: z.record(z.string(), z.number()) }))
const Ref = z.object({ sklearn: z.string(), datasets: z.record(z.string(), z.object({ task: z.string(), results: z.record(z.string(), z.record(z.string(), z.number())) })) })

function read<T extends z.ZodType>(file: string | undefined, schema: T, hint: string): z.infer<T> {
  if (!file) throw new Error(`usage: npx node scripts/ensemble-compare.ts <ensemble-cv.json> <sklearn-reference.json> (${hint})`)
  const r = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!r.success) throw new Error(`${file}: ${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message} (${hint})`)
  return r.data
}

const [oursFile, refFile] = process.argv.slice(2)
const ours = read(oursFile, Ours, 'written by scripts/ensemble-cv.ts --json')
const ref = read(refFile, Ref, 'written by scripts/sklearn-reference.py')
const pts = (v: number) => (v * 100).toFixed(2).padStart(6)
let misses = 0
console.log(`swarmbench vs scikit-learn ${ref.sklearn} (same seeded stratified 5-fold splits; mean over folds)\n`)
for (const [name, r] of Object.entries(ref.datasets)) {
  const o = ours[name]
  if (!o) { console.log(`${name}: missing from ${oursFile}`); continue }
  const key = o.task === 'classification' ? 'accuracy' : 'r2'
  console.log(`== ${name} (${key}, %)`)
  console.log(`  ${'model'.padEnd(22)} ${'ours'.padStart(6)} ${'sklearn'.padStart(7)}   diff  target`)
  for (const [m, s] of Object.entries(o.members)) {
    const theirs = r.results[m]?.[key]
    if (theirs === undefined) continue
    const diff = s[key]! - theirs
    const ok = o.task !== 'classification' || Math.abs(diff) <= 0.03
    if (!ok) misses++
    console.log(`  ${m.padEnd(22)} ${pts(s[key]!)} ${pts(theirs).padStart(7)} ${pts(diff)}  ${o.task === 'classification' ? (ok ? 'ok (±3)' : 'MISS (±3)') : 'info'}`)
  }
  const sk = Object.entries(r.results).filter(([n]) => n.startsWith('vote:'))
  for (const [n, s] of sk) console.log(`  sklearn ${n.padEnd(14)} ${''.padStart(6)} ${pts(s[key]!).padStart(7)}`)
  for (const [n, s] of Object.entries(o.votes)) console.log(`  ours vote:${n.padEnd(12)} ${pts(s[key]!)}          gain over best member ${pts(o.gainOverBest[n]!)}`)
  const ourBest = Object.entries(o.votes).reduce((b, [n, s]) => (s[key]! > b[1] ? [n, s[key]!] as [string, number] : b), ['', -Infinity] as [string, number])
  const skBest = sk.reduce((b, [n, s]) => (s[key]! > b[1] ? [n, s[key]!] as [string, number] : b), ['', -Infinity] as [string, number])
  const diff = ourBest[1] - skBest[1]
  const ok = o.task !== 'classification' || diff >= -0.01
  if (!ok) misses++
  console.log(`  best vote: ours ${ourBest[0]} ${pts(ourBest[1])} vs sklearn ${skBest[0]} ${pts(skBest[1])} → ${pts(diff)} ${o.task === 'classification' ? (ok ? 'ok (within 1 point)' : 'MISS (more than 1 point below)') : 'info'}\n`)
}
console.log(misses ? `${misses} target(s) missed` : 'all targets met')
