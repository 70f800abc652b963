// Puts cross-validation figures on the benchmark as swarmbench metrics. Takes the `metric` fixture as an
// argument so this file stays free of vitest imports.
import type { MetricFn } from '../test.ts'
import type { CrossValidation } from './cv.ts'

const LOWER_IS_BETTER = new Set(['logLoss', 'mse', 'mae'])
const UNITS: Record<string, string> = { mse: 'target²', mae: 'target' }

export async function recordCrossValidation(metric: MetricFn, cv: CrossValidation, prefix = ''): Promise<void> {
  const p = prefix ? `${prefix}.` : ''
  // scores are computed here, on the data given: simulated when the data was generated, measured on real data
  const data = cv.provenance ?? { kind: 'measured' as const }
  const score = (key: string) => ({ unit: UNITS[key] ?? 'ratio', better: LOWER_IS_BETTER.has(key) ? 'lower' as const : 'higher' as const, kind: 'quality' as const, provenance: data })
  for (const [vote, s] of Object.entries(cv.votes)) {
    for (const [key, v] of Object.entries(s)) await metric(`${p}vote.${vote}.${key}`, v, score(key))
    // measured, may be negative: small sets often favour one well-tuned member over any ensemble
    const gain = cv.gainOverBest[vote]
    if (gain !== undefined) await metric(`${p}vote.${vote}.gainOverBest`, gain, { unit: 'ratio', better: 'higher', kind: 'quality', provenance: data })
  }
  for (const [name, s] of Object.entries(cv.members)) for (const [key, v] of Object.entries(s)) await metric(`${p}member.${name}.${key}`, v, score(key))
  for (const [key, v] of Object.entries(cv.agreement.scores)) {
    if (Number.isFinite(v)) await metric(`${p}agreement.${key}`, v, { unit: key === 'ambiguity' ? 'target²' : 'ratio', better: key === 'disagreement' || key === 'ambiguity' ? 'higher' : 'lower', kind: 'info', provenance: data })
  }
  await metric(`${p}members.failed`, cv.failures.length, { unit: 'members', better: 'lower', kind: 'deterministic', provenance: 'measured' })
  // scores some folds lacked are left out above; how many, so that a missing row has its reason
  await metric(`${p}scores.missing`, cv.missing.length, { unit: 'scores', better: 'lower', kind: 'deterministic', provenance: 'measured' })
  for (const line of cv.missing) console.warn(`ensemble cross-validation: ${line}`)
  const t = cv.timings
  for (const [key, v] of [['fit', t.fitMs], ['validate', t.validateMs], ['predict', t.predictMs], ['total', t.totalMs]] as const) {
    await metric(`${p}time.${key}`, v, { unit: 'ms', better: 'lower', kind: 'timing', provenance: 'measured' })
  }
  for (const [vote, v] of Object.entries(t.voteMs)) await metric(`${p}time.vote.${vote}`, v, { unit: 'ms', better: 'lower', kind: 'timing', provenance: 'measured' })
}

/** The agreement matrix as an aligned text table (for the console and notes). */
export function formatAgreement(cv: CrossValidation): string {
  const { names, matrix } = cv.agreement
  const w = Math.max(...names.map(n => n.length), 6)
  return [' '.repeat(w) + names.map(n => n.slice(0, 8).padStart(9)).join(''),
    ...matrix.map((row, i) => names[i]!.padEnd(w) + row.map(v => v.toFixed(3).padStart(9)).join(''))].join('\n')
}
