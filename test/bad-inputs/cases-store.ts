// Durability: kill -9 at random points while a run is written, many writers at once, and a disk that fills
// inside a transaction. Each case is a set of real processes; its outcome is judged like every other case.
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRng } from '../../src/random/index.ts'
import { BaselineSchema } from '../../src/schema/baseline.ts'
import { NODE, REPO, spawnOutcome, type Case, type CaseDir, type Outcome } from './harness.ts'
import { integrity, runCount } from './fixtures.ts'
import { canMount, mountTmpfs, unmount } from './mounts.ts'

const WRITER = join(import.meta.dirname, 'writer.ts')
const BIN = join(REPO, 'bin/swarmbench.js')
const writer = (args: string[], cwd: string, env: Record<string, string> = {}) => spawnOutcome(NODE, [WRITER, ...args], { cwd, env })

/** Temp files of our atomic writes (`.<name>.<pid>.<ms>[.<seq>].tmp`). */
export function tempFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter(n => /^\..+\.\d+\.\d+(\.\d+)?\.tmp$/.test(n)) : []
}

/** The history passes integrity_check and every run file there reads back. */
export function storeValid(dir: string): string | undefined {
  const h = join(dir, 'history.sqlite')
  if (existsSync(h)) {
    const ok = integrity(h)
    if (ok !== 'ok') return `history integrity_check: ${ok}`
  }
  for (const f of ['baseline.json', 'last-run.json']) {
    const p = join(dir, f)
    if (!existsSync(p)) continue
    try { BaselineSchema.parse(JSON.parse(readFileSync(p, 'utf8'))) } catch (e) { return `${f} does not read back: ${String((e as Error).message).slice(0, 120)}` }
  }
  return undefined
}

/**
 * Starts the writer, waits until it writes, kills it with SIGKILL after a seeded random delay, or as soon as
 * `when` holds (checked every 2 ms).
 */
function killMidWrite(dir: string, delayMs: number, when?: () => boolean): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(NODE, [WRITER, 'loop', dir, '40'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.setEncoding('utf8').on('data', s => { err += s })
    const poll = () => (when!() ? child.kill('SIGKILL') : setTimeout(poll, 2))
    child.stdout.setEncoding('utf8').once('data', () => (when ? poll() : setTimeout(() => child.kill('SIGKILL'), delayMs)))
    child.on('error', fail)
    child.on('close', (code, signal) => (signal === 'SIGKILL' ? done() : fail(new Error(`writer ended on its own (${code}): ${err}`))))
  })
}

const killCase: Case = {
  id: 'store/kill-9-x20', area: 'store', title: 'kill -9 at 20 random points during writes: the store stays valid, the next run leaves no temp file',
  run: {
    custom: async (c: CaseDir): Promise<Outcome> => {
      const began = performance.now()
      const rng = createRng(15)
      const problems: string[] = []
      let leftTemps = 0
      for (let i = 0; i < 20; i++) {
        await killMidWrite(c.dir, rng.int(1500))
        const temps = tempFiles(c.dir)
        if (temps.length) leftTemps++
        const bad = storeValid(c.dir)
        if (bad) problems.push(`after kill ${i + 1}: ${bad}`)
      }
      const before = existsSync(join(c.dir, 'history.sqlite')) ? runCount(join(c.dir, 'history.sqlite')) : 0
      const next = await writer(['once', c.dir, '40'], c.dir)
      const after = runCount(join(c.dir, 'history.sqlite'))
      if (next.exit !== 0) problems.push(`the next run failed: ${next.stderr.trim()}`)
      if (after !== before + 1) problems.push(`the next run stored ${after - before} run(s), expected 1`)
      const remaining = tempFiles(c.dir)
      if (remaining.length) problems.push(`temp files left after the next run: ${remaining.join(', ')}`)
      const bad = storeValid(c.dir)
      if (bad) problems.push(`after the next run: ${bad}`)
      const stdout = `20 kills, ${leftTemps} of them left temp files (mid-write); history holds ${after} run(s)\n`
      return { exit: problems.length ? 1 : 0, stdout, stderr: problems.map(p => `swarmbench: ${p}. Fix: -\n`).join(''), ms: performance.now() - began }
    },
  },
  expect: { exit: 0, lines: 0 },
}

/** After a writer is killed the log it leaves (-wal, -shm) must not stop a reader: list and show read the history as it is. */
const readAfterKill: Case = {
  id: 'store/read-after-kill', area: 'store', title: 'history list and show right after a writer was killed mid-write (a hot write-ahead log beside it)',
  setup: async c => { await writer(['once', c.dir, '40'], c.dir) },
  run: {
    custom: async (c: CaseDir): Promise<Outcome> => {
      const began = performance.now()
      await killMidWrite(c.dir, 0, () => existsSync(join(c.dir, 'history.sqlite-wal')))
      const side = ['-wal', '-shm', '-journal'].filter(x => existsSync(join(c.dir, `history.sqlite${x}`)))
      const h = join(c.dir, 'history.sqlite')
      const list = await spawnOutcome(NODE, [BIN, 'history', 'list', '--history', h], { cwd: c.dir, env: {} })
      const show = await spawnOutcome(NODE, [BIN, 'history', 'show', 'latest', '--history', h], { cwd: c.dir, env: {} })
      return {
        exit: list.exit || show.exit, stdout: `beside the history after the kill: ${side.join(', ') || 'nothing'}; list and show exit ${list.exit}, ${show.exit}\n${list.stdout}`,
        stderr: list.stderr + show.stderr, ms: performance.now() - began,
      }
    },
  },
  expect: { exit: 0, lines: 0 },
}

function concurrent(writers: number, runsEach: number, fresh: boolean): Case {
  return {
    id: `store/concurrent-${writers}${fresh ? '-fresh' : ''}`, area: 'store',
    title: `${writers} processes store ${runsEach} runs each into one history${fresh ? ' that none of them has created yet' : ''}: no run lost`,
    ...(fresh ? {} : { setup: async (c: CaseDir) => { await writer(['save', c.at('history.sqlite'), '1'], c.dir) } }),
    run: {
      custom: async (c: CaseDir): Promise<Outcome> => {
        const began = performance.now()
        const outs = await Promise.all(Array.from({ length: writers }, () => writer(['save', c.at('history.sqlite'), String(runsEach)], c.dir)))
        const failed = outs.filter(o => o.exit !== 0)
        const want = writers * runsEach + (fresh ? 0 : 1)
        const got = runCount(c.at('history.sqlite'))
        const ok = integrity(c.at('history.sqlite'))
        const stderr = failed.map(o => o.stderr).join('') + (got !== want ? `swarmbench: ${want - got} run(s) lost: ${got} of ${want} stored. Fix: -\n` : '') + (ok !== 'ok' ? `swarmbench: integrity_check ${ok}. Fix: -\n` : '')
        return { exit: failed.length || got !== want || ok !== 'ok' ? 1 : 0, stdout: `${got}/${want} runs stored\n`, stderr, ms: performance.now() - began }
      },
    },
    expect: { exit: 0, lines: 0 },
  }
}

const diskFull: Case = {
  id: 'store/disk-full-transaction', area: 'store', title: 'the disk fills inside a history transaction: the disk-full line, not "cannot rollback"; the history still valid',
  skip: canMount,
  setup: c => mountTmpfs(c.at('disk'), '256k'),
  run: { custom: c => writer(['save', c.at('disk/history.sqlite'), '40'], c.dir) },
  teardown: c => unmount(c.at('disk')),
  expect: { exit: 2, mention: ['history.sqlite', 'disk is full', 'nothing was saved'] },
}

export const storeCases: Case[] = [killCase, readAfterKill, concurrent(4, 5, false), concurrent(8, 3, false), concurrent(8, 2, true), diskFull]
