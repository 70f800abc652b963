// The standard member line-up used by the scenarios, the comparison script and the docs.
import { createModel, CLASSIFIERS, REGRESSORS, type ModelSpec } from './models.ts'
import { workerMember } from './worker-member.ts'
import type { Member } from './types.ts'

export interface PresetOptions {
  seed?: number
  /** Run each member in its own worker thread. */
  workers?: boolean
  /** Smaller forests (10 trees, depth ≤ 8) and shallower trees, for time-boxed benchmarks. */
  light?: boolean
  /** Leave these model types out. */
  exclude?: readonly string[]
}

/** One member per model type available for the task (5 classifiers or 5 regressors). */
export function standardMembers(task: 'classification' | 'regression', o: PresetOptions = {}): () => Member[] {
  const types = (task === 'classification' ? CLASSIFIERS : REGRESSORS).filter(t => !o.exclude?.includes(t))
  const spec = (type: ModelSpec['type']): ModelSpec => ({
    type, task, name: type, seed: o.seed ?? 0,
    params: o.light ? (type === 'random-forest' ? { nEstimators: 10, maxDepth: 8 } : type === 'decision-tree' ? { maxDepth: 8 } : {}) : {},
  })
  return () => types.map(type => (o.workers ? workerMember(spec(type)) : createModel(spec(type))))
}
