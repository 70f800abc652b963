// Two seams the CLAUDE.md optimizer (issue 18) uses: interleaved trial order, and a variant mapped to null
// (the control arm: no CLAUDE.md in the workdir).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defineTask, fn, runSwarm } from '../../src/swarm/index.ts'

const task = (id: string) => defineTask({ id, prompt: id, timeoutMs: 5_000, grade: async ({ workdir }) => ({ pass: existsSync(join(workdir, 'CLAUDE.md')), reason: 'has CLAUDE.md' }) })

describe('runSwarm order and the null variant', () => {
  it("'interleaved' runs repeat r of every task in every cell before repeat r + 1; the default keeps cells together", async () => {
    const seen: string[] = []
    const engine = fn(ctx => { seen.push(`${ctx.cell.claudeMd}:${ctx.prompt}:${ctx.trialId.split('#')[1]}`) })
    const common = { tasks: [task('t1'), task('t2')], engine, repeats: 2, concurrency: 1, matrix: { claudeMd: ['a', 'none'] }, claudeMd: { a: import.meta.filename, none: null } }
    await runSwarm({ ...common, order: 'interleaved' })
    expect(seen).toEqual(['a:t1:1', 'none:t1:1', 'a:t2:1', 'none:t2:1', 'a:t1:2', 'none:t1:2', 'a:t2:2', 'none:t2:2'])
    seen.length = 0
    const r = await runSwarm(common)
    expect(seen).toEqual(['a:t1:1', 'a:t1:2', 'a:t2:1', 'a:t2:2', 'none:t1:1', 'none:t1:2', 'none:t2:1', 'none:t2:2'])
    // The control's workdirs have no CLAUDE.md; the variant's do.
    expect(r.cells.map(c => [c.cell, c.successes])).toEqual([['claudeMd=a', 4], ['claudeMd=none', 0]])
  })
})
