import type { Provenance } from '../schema/baseline.ts'

export type Task = 'classification' | 'regression'

/** A dataset in memory: rows of features, one target per row (a class index for classification). */
export interface Dataset {
  name: string
  X: number[][]
  y: number[]
  featureNames: string[]
  /** Class names, indexed by the values in `y` (classification only). */
  classes?: string[]
  task: Task
  /**
   * Set for generated data ('simulated', with the generator and seed): scores on it say how a model does on
   * that generator, not on real data, and carry the label. Absent for the shipped real datasets.
   */
  provenance?: Provenance
}

export interface Fold {
  /** Row indices used for fitting. */
  train: number[]
  /** Row indices held out for scoring; never seen while fitting. */
  test: number[]
}
