import { availableParallelism } from 'node:os'
import { z } from 'zod'
import type { Member } from './types.ts'
import { parseOption } from '../errors/index.ts'

const Weights = z.union([z.array(z.number().nonnegative()), z.record(z.string(), z.number().nonnegative())])
const isFn = (v: unknown): v is () => Member => typeof v === 'function'

export const VoteSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('majority') }),
  /** Without `weights`, weights are learned from out-of-fold validation (accuracy, or 1/MSE for regression). */
  z.strictObject({ kind: z.literal('weighted'), weights: Weights.optional() }),
  z.strictObject({ kind: z.literal('soft'), weights: Weights.optional() }),
  /** `meta` builds the meta-model (default: logistic regression / ridge) trained on out-of-fold member outputs. */
  z.strictObject({ kind: z.literal('stacking'), meta: z.custom<() => Member>(isFn, 'meta must be a function returning a Member').optional() }),
  z.strictObject({ kind: z.literal('bma'), prior: Weights.optional() }),
])
export type VoteSpec = z.input<typeof VoteSpecSchema>
export type VoteKind = VoteSpec['kind']
export const VOTE_KINDS = ['majority', 'weighted', 'soft', 'stacking', 'bma'] as const

const MemberSchema = z.custom<Member>(m => typeof m === 'object' && m !== null && typeof (m as Member).predict === 'function',
  'each member must be an object with a predict(X) method')

export const EnsembleOptionsSchema = z.strictObject({
  members: z.array(MemberSchema).min(1, 'give at least one member'),
  task: z.enum(['classification', 'regression']),
  vote: z.union([z.enum(VOTE_KINDS), VoteSpecSchema]).default('majority'),
  /** Members fitted/predicting at once. Default: the machine's available parallelism. */
  concurrency: z.number().int().positive().default(() => availableParallelism()),
  /** Per member call; a member exceeding it is left out and reported. */
  timeoutMs: z.number().positive().default(60_000),
  /** Folds for out-of-fold validation predictions (learned weights, stacking, BMA). */
  validationFolds: z.number().int().min(2).default(5),
  seed: z.number().int().default(0),
  /**
   * Where tree members (decision-tree, random-forest from createModel) are fitted: 'auto' (default) uses worker
   * threads only when that pays (see fit-pool.ts) and says why in the fit report; 'workers' or 'in-process' force it.
   */
  parallel: z.enum(['auto', 'workers', 'in-process']).default('auto'),
  /** Number of classes; defaults to max(y) + 1 at fit. */
  nClasses: z.number().int().min(2).optional(),
})
export type EnsembleOptions = z.input<typeof EnsembleOptionsSchema>
export type ParsedVote = z.infer<typeof VoteSpecSchema>

export function parseVote(v: VoteSpec | VoteKind): ParsedVote {
  return typeof v === 'string' ? parseOption(VoteSpecSchema, { kind: v }, 'vote') : parseOption(VoteSpecSchema, v, 'vote')
}
