// The shipped suite: ten small, real coding tasks (fix a bug, implement a function, add a test), each a
// fixture folder graded by `node --test` in the trial's workdir. Authored for swarmbench; see data/swarm-suite.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineTask, graders, type Task } from './task.ts'

export const SUITE_DIR = fileURLToPath(new URL('../../data/swarm-suite/', import.meta.url))

interface Manifest { tasks: { id: string; prompt: string; kind: 'fix-or-implement' | 'add-test' }[] }

/**
 * The shipped coding suite. `timeoutMs` per trial (default 10 minutes: a real agent needs minutes). `isolation`
 * is `graders.nodeTest`'s: 'none' grades each task's test file inside the `node --test` runner itself, one
 * process fewer per trial (each task ships one test file; an agent that adds test files shares the process).
 */
export function codingSuite(o: { timeoutMs?: number; isolation?: 'process' | 'none' } = {}): Task[] {
  const nodeTest = () => graders.nodeTest([], o.isolation ? { isolation: o.isolation } : {})
  const m = JSON.parse(readFileSync(join(SUITE_DIR, 'suite.json'), 'utf8')) as Manifest
  return m.tasks.map(t => defineTask({
    id: t.id, prompt: t.prompt, fixture: join(SUITE_DIR, t.id, 'fixture'), timeoutMs: o.timeoutMs ?? 600_000,
    grade: t.kind === 'add-test'
      ? [graders.fileContains('test/slugify.test.js', 'slugify('), nodeTest()]
      : nodeTest(),
  }))
}

/** Where each task's reference solution lives (for stand-ins and for checking the suite itself). */
export function codingSuiteSolutions(): { id: string; prompt: string; solution: string }[] {
  const m = JSON.parse(readFileSync(join(SUITE_DIR, 'suite.json'), 'utf8')) as Manifest
  return m.tasks.map(t => ({ id: t.id, prompt: t.prompt, solution: join(SUITE_DIR, t.id, 'solution') }))
}
