import type { Task } from '../datasets/types.ts'

type MaybePromise<T> = T | Promise<T>

/**
 * Anything that predicts: a local model, a worker-backed model, an LLM call. Only `predict` is required.
 * Classification members predict class indices 0..k-1; regression members predict numbers.
 */
export interface Member {
  name?: string
  fit?(X: number[][], y: number[]): MaybePromise<unknown>
  predict(X: number[][]): MaybePromise<ArrayLike<number>>
  /** Rows of class probabilities (classification only). */
  predictProba?(X: number[][]): MaybePromise<number[][]>
  /** A fresh, unfitted copy; needed for out-of-fold validation of members that have `fit`. */
  clone?(): Member
  /** Releases resources (worker threads); called on timeout and by `ensemble.dispose()`. */
  dispose?(): MaybePromise<unknown>
}

export type Phase = 'fit' | 'validate' | 'predict'

export interface MemberFailure {
  name: string
  phase: Phase
  reason: 'error' | 'timeout'
  message: string
}

export type { Task }
