// The matrix of configurations: named axes (strategy, mode, agents, sparc, consensus, model, claudeMd, and any
// user axis), expanded to their cartesian product and pruned by include/exclude. Pure.
import { z } from 'zod'
import { SwarmbenchError } from '../errors/index.ts'

/** claude-flow's seven swarm strategies, as the seed system used them. */
export const STRATEGIES = ['auto', 'research', 'development', 'analysis', 'testing', 'optimization', 'maintenance'] as const
/** The five coordination modes. */
export const MODES = ['centralized', 'distributed', 'hierarchical', 'mesh', 'hybrid'] as const
/** The 17 SPARC modes of the seed system's benchmark; any other string is accepted (claude-flow's list differs by version). */
export const SPARC_MODES = ['orchestrator', 'swarm-coordinator', 'workflow-manager', 'batch-executor', 'coder', 'architect', 'reviewer', 'tdd',
  'researcher', 'analyzer', 'optimizer', 'designer', 'innovator', 'documenter', 'debugger', 'tester', 'memory-manager'] as const
/** hive-mind consensus kinds. */
export const CONSENSUS = ['majority', 'weighted', 'byzantine'] as const

export type Strategy = (typeof STRATEGIES)[number]
export type Mode = (typeof MODES)[number]
export type ConsensusKind = (typeof CONSENSUS)[number]

/** One configuration: a value per axis. Known axes are typed; user axes are strings. */
export interface Cell {
  strategy?: Strategy
  mode?: Mode
  agents?: number
  sparc?: string
  consensus?: ConsensusKind
  model?: string
  /** A CLAUDE.md to place in the trial's workdir: a file path, or a variant name the `claudeMd` option maps to a file. */
  claudeMd?: string
  [axis: string]: string | number | undefined
}

const axisValue = z.union([z.string().min(1), z.number().finite()])
export const MatrixSchema = z.strictObject({
  strategy: z.array(z.enum(STRATEGIES)).min(1).optional(),
  mode: z.array(z.enum(MODES)).min(1).optional(),
  agents: z.array(z.number().int().min(1).max(1000)).min(1).optional(),
  sparc: z.array(z.string().min(1)).min(1).optional(),
  consensus: z.array(z.enum(CONSENSUS)).min(1).optional(),
  model: z.array(z.string().min(1)).min(1).optional(),
  claudeMd: z.array(z.string().min(1)).min(1).optional(),
  /** Any other axis: name → values. */
  axes: z.record(z.string().regex(/^[A-Za-z][\w-]*$/), z.array(axisValue).min(1)).default({}),
  /** Keep only cells matching at least one of these partial cells. */
  include: z.array(z.record(z.string(), axisValue)).optional(),
  /** Drop cells matching any of these partial cells. */
  exclude: z.array(z.record(z.string(), axisValue)).default([]),
})
export type MatrixInput = z.input<typeof MatrixSchema>

export const KNOWN_AXES = ['strategy', 'mode', 'agents', 'sparc', 'consensus', 'model', 'claudeMd'] as const

/** Expands the matrix; an unknown value or an empty result is one clear SwarmbenchError naming the field. */
export function expandMatrix(input: MatrixInput, where = 'matrix'): Cell[] {
  const r = MatrixSchema.safeParse(input ?? {})
  if (!r.success) {
    const issue = r.error.issues[0]!
    const field = issue.path.join('.')
    const known = issue.path[0] === 'strategy' ? STRATEGIES : issue.path[0] === 'mode' ? MODES : issue.path[0] === 'consensus' ? CONSENSUS : undefined
    throw new SwarmbenchError(issue.message, { file: where, field, ...(known ? { fix: `use one of ${known.join(', ')}` } : {}) })
  }
  const m = r.data
  for (const name of Object.keys(m.axes)) {
    if ((KNOWN_AXES as readonly string[]).includes(name)) throw new SwarmbenchError(`user axis '${name}' shadows a built-in axis`, { file: where, field: `axes.${name}`, fix: `set ${name} at the top level` })
  }
  const axes: [string, (string | number)[]][] = [
    ...KNOWN_AXES.filter(k => m[k] !== undefined).map(k => [k, [...new Set(m[k] as (string | number)[])]] as [string, (string | number)[]]),
    ...Object.entries(m.axes).map(([k, v]) => [k, [...new Set(v)]] as [string, (string | number)[]]),
  ]
  const names = new Set(axes.map(([k]) => k))
  for (const [list, label] of [[m.include ?? [], 'include'], [m.exclude, 'exclude']] as const) {
    list.forEach((pattern, i) => {
      for (const k of Object.keys(pattern)) if (!names.has(k)) throw new SwarmbenchError(`names axis '${k}', which the matrix does not have`, { file: where, field: `${label}[${i}].${k}`, fix: `use one of ${[...names].join(', ') || '(no axes)'}` })
    })
  }
  let cells: Cell[] = [{}]
  for (const [name, values] of axes) cells = cells.flatMap(c => values.map(v => ({ ...c, [name]: v })))
  const hit = (c: Cell, p: Record<string, string | number>) => Object.entries(p).every(([k, v]) => c[k] === v)
  if (m.include) cells = cells.filter(c => m.include!.some(p => hit(c, p)))
  cells = cells.filter(c => !m.exclude.some(p => hit(c, p)))
  if (cells.length === 0) throw new SwarmbenchError('the matrix is empty after include/exclude', { file: where, fix: 'loosen include or exclude so that at least one cell remains' })
  return cells
}

/** A stable, readable key of a cell: axis=value pairs in axis order, e.g. "strategy=research mode=mesh agents=5". */
export function cellKey(cell: Cell): string {
  const entries = Object.entries(cell).filter(([, v]) => v !== undefined)
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(' ') : 'default'
}
