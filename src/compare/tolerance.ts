// Non-statistical policies: exact figures (tokens, cost, message counts) against a tolerance, and quality
// scores against a maximum drop in points.
import type { Better } from '../schema/baseline.ts'
import type { ComparisonRow } from './types.ts'
import { median } from './stats/index.ts'

type Outcome = Pick<ComparisonRow, 'base' | 'head' | 'changePct' | 'delta' | 'verdict' | 'note' | 'method' | 'n'>

function centres(base: number[], head: number[]) {
  const b = median(base), h = median(head)
  return { b, h, delta: h - b, changePct: b !== 0 ? (h / b - 1) * 100 : null }
}

function spreadNote(side: string, xs: number[]): string | undefined {
  const lo = Math.min(...xs), hi = Math.max(...xs)
  return lo !== hi ? `${side} varies between rounds (${lo}..${hi}); compared on the median` : undefined
}

/** Tolerated when |Δ| ≤ absTol or |Δ| ≤ relTol·|base|; otherwise the direction decides. */
export function compareTolerance(base: number[], head: number[], better: Better, tol: { relTol: number; absTol: number }): Outcome {
  const { b, h, delta, changePct } = centres(base, head)
  const worse = better === 'lower' ? delta : -delta
  const tolerated = Math.abs(delta) <= tol.absTol || Math.abs(delta) <= tol.relTol * Math.abs(b)
  const verdict = delta === 0 || tolerated ? 'unchanged' : worse > 0 ? 'regressed' : 'improved'
  const notes = [spreadNote('base', base), spreadNote('head', head)].filter(Boolean)
  if (delta !== 0 && tolerated) notes.unshift(`within tolerance (rel ${tol.relTol}, abs ${tol.absTol})`)
  return { base: b, head: h, delta, changePct, verdict, method: 'tolerance', n: { base: base.length, head: head.length }, ...(notes.length ? { note: notes.join('; ') } : {}) }
}

/** Points: percentage points for unit 'ratio' (0..1), otherwise the metric's own unit (e.g. '%'). */
export function pointsScale(unit: string): number {
  return unit === 'ratio' ? 100 : 1
}

export function compareQuality(base: number[], head: number[], better: Better, unit: string, maxDropPoints: number): Outcome {
  const { b, h, delta, changePct } = centres(base, head)
  const points = delta * pointsScale(unit)
  const worse = better === 'higher' ? -points : points
  const verdict = worse > maxDropPoints ? 'regressed' : -worse > maxDropPoints ? 'improved' : 'unchanged'
  const notes = [`${points >= 0 ? '+' : ''}${+points.toFixed(4)} points (limit ${maxDropPoints})`, spreadNote('base', base), spreadNote('head', head)].filter(Boolean)
  return { base: b, head: h, delta, changePct, verdict, method: 'points', n: { base: base.length, head: head.length }, note: notes.join('; ') }
}
