// Trial cassettes: a trial's transcript, the agent run's figures, the workdir's changes and the grade, one
// JSON file per trial. Replay applies the recorded changes to a fresh copy of the fixture and grades them
// again for real, offline; every replayed figure is labelled 'replayed'.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { z } from 'zod'
import { SwarmbenchError } from '../errors/index.ts'
import { writeFileAtomic } from '../store/baseline-file.ts'
import type { Grade } from './task.ts'
import type { AgentRun } from './types.ts'

export const SWARM_CASSETTE_FORMAT = 'swarmbench-swarm-cassette'

export const SwarmCassetteSchema = z.strictObject({
  format: z.literal(SWARM_CASSETTE_FORMAT),
  version: z.literal(1),
  /** 'recorded' from a real agent, 'stand-in' from a local stand-in. */
  origin: z.enum(['recorded', 'stand-in']),
  task: z.string(),
  /** Length of the prompt (kept for cassettes recorded before promptSha256). */
  promptLength: z.number().int(),
  /** SHA-256 of the prompt, so that a cassette of another version of the task is refused (absent in early cassettes). */
  promptSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  cell: z.string(),
  repeat: z.number().int(),
  engine: z.string(),
  createdAt: z.string(),
  run: z.custom<AgentRun>(v => !!v && typeof v === 'object'),
  /** Files the agent changed or added (path → content) and removed. */
  changes: z.strictObject({ written: z.record(z.string(), z.string()), removed: z.array(z.string()) }),
  grade: z.strictObject({ pass: z.boolean(), score: z.number().optional(), reason: z.string(), judged: z.boolean().optional() }),
})
export type SwarmCassette = z.infer<typeof SwarmCassetteSchema>

export function cassettePath(dir: string, task: string, cell: string, repeat: number): string {
  return join(dir, task, `${cell.replace(/[^\w.=-]+/g, '_')}`, `${repeat}.json`)
}

export function writeCassette(file: string, c: SwarmCassette): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileAtomic(file, `${JSON.stringify(c)}\n`)
}

export function promptSha256(prompt: string): string {
  return createHash('sha256').update(prompt).digest('hex')
}

export function readCassetteFor(file: string, expect: { task: string; prompt: string; cell: string }): SwarmCassette {
  if (!existsSync(file)) throw new SwarmbenchError('no recorded trial to replay', { file, fix: 'record first (swarm run --record <dir>) or drop --replay' })
  let parsed: unknown
  try { parsed = JSON.parse(readFileSync(file, 'utf8')) } catch { throw new SwarmbenchError('is not JSON', { file }) }
  const r = SwarmCassetteSchema.safeParse(parsed)
  if (!r.success) throw new SwarmbenchError(r.error.issues[0]!.message, { file, field: r.error.issues[0]!.path.join('.') || '(root)', fix: 're-record the cassette' })
  const c = r.data
  if (c.task !== expect.task || c.cell !== expect.cell) throw new SwarmbenchError(`holds task '${c.task}' cell '${c.cell}', not task '${expect.task}' cell '${expect.cell}'`, { file, fix: 'point --replay at the cassettes of this suite' })
  if (c.promptLength !== expect.prompt.length || (c.promptSha256 !== undefined && c.promptSha256 !== promptSha256(expect.prompt))) throw new SwarmbenchError(`was recorded for another version of task '${c.task}' (its prompt changed)`, { file, fix: 're-record the cassette' })
  return c
}

/** Snapshot of a folder's files (path → content), for the diff after the agent ran. Skips node_modules and .git. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name === 'node_modules' || name === '.git') continue
      const p = join(d, name)
      const st = statSync(p)
      if (st.isDirectory()) walk(p)
      else if (st.isFile() && st.size <= 1_000_000) out.set(relative(dir, p), readFileSync(p, 'utf8'))
    }
  }
  walk(dir)
  return out
}

export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): SwarmCassette['changes'] {
  const written: Record<string, string> = {}
  for (const [p, c] of after) if (before.get(p) !== c) written[p] = c
  return { written, removed: [...before.keys()].filter(p => !after.has(p)) }
}

export function applyChanges(dir: string, changes: SwarmCassette['changes']): void {
  for (const [p, c] of Object.entries(changes.written)) {
    if (p.startsWith('..')) continue
    mkdirSync(dirname(join(dir, p)), { recursive: true })
    writeFileAtomic(join(dir, p), c)
  }
  for (const p of changes.removed) if (!p.startsWith('..')) rmSync(join(dir, p), { force: true })
}

export type { Grade }
