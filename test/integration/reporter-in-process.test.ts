// The same fixture run as the subprocess integration test, but through Vitest's programmatic API, so that the
// reporter and plugin run inside this process (and count toward coverage), with a corrupted baseline.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, expect, test } from 'vitest'
import { startVitest } from 'vitest/node'
import { swarmbench } from '../../src/plugin/index.ts'

const fixture = resolve(import.meta.dirname, '../fixtures/basic')
const out = mkdtempSync(join(tmpdir(), 'swarmbench-inproc-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

async function benchInProcess() {
  const exitBefore = process.exitCode
  const logs: string[] = []
  const sink = () => new Writable({ write(chunk, _enc, done) { logs.push(String(chunk)); done() } })
  const vitest = await startVitest([], { benchmarkOnly: true, run: true, watch: false, root: fixture, config: false, reporters: ['dot'] } as never,
    // the plugin comes from this module graph (not the fixture's bundled config), so its code is this code
    { plugins: [swarmbench({ outDir: out, compare: { bootstrap: { resamples: 200 } } })], test: { benchmark: { include: ['*.bench.ts'] } } } as never, {
    stdout: sink(), stderr: sink(),
  })
  await vitest.close()
  const exitCode = process.exitCode
  process.exitCode = exitBefore
  return { exitCode, log: logs.join('') }
}

test('reporter: first run writes the baseline; a corrupted baseline is reported, kept, and the run still stored', async () => {
  const first = await benchInProcess()
  expect(first.log).toMatch(/this run becomes the baseline/)
  expect(JSON.parse(readFileSync(join(out, 'baseline.json'), 'utf8')).schemaVersion).toBe(2)

  writeFileSync(join(out, 'baseline.json'), '{ "schemaVersion": 1,')
  const second = await benchInProcess()
  expect(second.exitCode).toBe(2)
  expect(second.log).toMatch(/baseline\.json: not valid JSON/)
  expect(readFileSync(join(out, 'baseline.json'), 'utf8')).toBe('{ "schemaVersion": 1,')
  const { DatabaseSync } = await import('node:sqlite')
  const db = new DatabaseSync(join(out, 'history.sqlite'), { readOnly: true })
  expect(db.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 2 })
  db.close()

  // collect-only mode (what `swarmbench run` uses per round): the run and the options go to the named file only
  process.env.SWARMBENCH_COLLECT_ONLY = join(out, 'round.json')
  try { await benchInProcess() } finally { delete process.env.SWARMBENCH_COLLECT_ONLY }
  expect(Object.keys(JSON.parse(readFileSync(join(out, 'round.json'), 'utf8')).entries)).toHaveLength(3)
  expect(JSON.parse(readFileSync(join(out, 'round.json.options.json'), 'utf8'))).toMatchObject({ outDir: out, updateBaseline: 'missing' })
  const again = new DatabaseSync(join(out, 'history.sqlite'), { readOnly: true })
  expect(again.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 2 })
  again.close()
}, 180_000)
