// The shipped coding suite's graders, in both of node --test's isolation modes: a task's fixture as shipped
// fails, with its reference solution copied over it passes, and the two modes agree (benches/claude-md grades
// with isolation 'none', one process fewer per trial).
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { codingSuite, codingSuiteSolutions } from '../../src/swarm/suite.ts'
import type { AgentRun } from '../../src/swarm/types.ts'

const dirs: string[] = []
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }) })

async function grade(id: string, isolation: 'process' | 'none', solved: boolean) {
  const task = codingSuite({ timeoutMs: 30_000, isolation }).find(t => t.id === id)!
  const workdir = mkdtempSync(join(tmpdir(), 'sb-suite-grade-'))
  dirs.push(workdir)
  cpSync(task.fixture!, workdir, { recursive: true })
  if (solved) cpSync(codingSuiteSolutions().find(s => s.id === id)!.solution, workdir, { recursive: true })
  return task.grade({ workdir, run: {} as AgentRun, task, signal: new AbortController().signal })
}

describe('coding suite graders under node --test isolation modes', () => {
  // one fix-or-implement task and the add-test task (whose solution adds the test file the grader runs)
  for (const id of ['sum-to', 'test-slugify']) {
    it(`${id}: the fixture fails and the solution passes, with and without process isolation`, async () => {
      for (const isolation of ['process', 'none'] as const) {
        expect((await grade(id, isolation, false)).pass, `${isolation}, unsolved`).toBe(false)
        const solved = await grade(id, isolation, true)
        expect(solved.pass, `${isolation}, solved: ${solved.reason}`).toBe(true)
        expect(solved.reason).toMatch(/--test\S* exited 0/)
        expect(solved.reason.includes('isolation=none'), solved.reason).toBe(isolation === 'none')
      }
    }, 60_000)
  }
})
