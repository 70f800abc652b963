import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { sampleBaseline } from '../../test/helpers/baselines.ts'
import { writeBaselineFile } from '../store/baseline-file.ts'
import { openHistory, saveRun } from '../store/history.ts'
import { main } from './index.ts'

let dir: string
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'swarmbench-cli-')) })
afterEach(() => rmSync(dir, { recursive: true, force: true }))

async function cli(...argv: string[]) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd: dir })
  return { code, out, err }
}

function seedHistory(n: number) {
  const h = openHistory(join(dir, '.swarmbench/history.sqlite'))
  for (let i = 0; i < n; i++) saveRun(h, sampleBaseline({ seed: i + 1, createdAt: `2026-11-1${i}T00:00:00.000Z`, tokens: 1000 + i }))
  h.close()
}

describe('swarmbench CLI', () => {
  test('compare: table, markdown, json; --gate exits 1 on a regression, 0 otherwise', async () => {
    writeBaselineFile(join(dir, 'base.json'), sampleBaseline())
    writeBaselineFile(join(dir, 'head.json'), sampleBaseline({ scale: 2, seed: 5, tokens: 1100 }))
    // One process per side, no history: the 2× latency is shown ("~ slower") but does not gate; tokens do.
    const single = await cli('compare', 'base.json', 'head.json')
    expect(single.code).toBe(0)
    expect(single.out).toMatch(/^gating regressions \(1\)\n {2}a\.bench\.ts › sorting\n {4}merge\s+tokens\s+1,000 tokens\s+1,100 tokens\s+\+10%$/m)
    expect(single.out).toMatch(/^changes that do not gate \(1\)\n {2}a\.bench\.ts › sorting\n {4}quick\s+latency\s+1\.99 ms\s+4 ms\s+\+101% ~ slower\s+not gated$/m)
    expect(single.out.trimEnd().split('\n').at(-1)).toBe('FAIL · gating: 1 regression · 1 unchanged; not gated: 1 change')
    // With ten earlier runs in the history, the single run's latency is judged and gates.
    seedHistory(10)
    const h = ['--history', '.swarmbench/history.sqlite']
    const table = await cli(...h, 'compare', 'base.json', 'head.json')
    expect(table.code).toBe(0)
    expect(table.out).toMatch(/^gating regressions \(2\)\n {2}a\.bench\.ts › sorting\n {4}quick\s+latency\s+1\.99 ms\s+4 ms\s+\+101%/m)
    expect(table.out).toMatch(/^ {4}merge\s+tokens\s+1,000 tokens\s+1,100 tokens\s+\+10%$/m)
    expect(table.out.trimEnd().split('\n').at(-1)).toBe('FAIL · gating: 2 regressions · 2 unchanged')
    expect((await cli(...h, 'compare', 'base.json', 'head.json', '--format', 'markdown')).out).toMatch(/^## 🔴 swarmbench: FAIL · gating: 2 regressions/)
    expect((await cli(...h, 'compare', 'base.json', 'head.json', '--format', 'markdown', '--all')).out).toMatch(/\| bench › a\.bench\.ts › sorting › quick \| latency \|.*slower \| yes \| judged on history: 10 earlier single-process runs/)
    const json = JSON.parse((await cli(...h, 'compare', 'base.json', 'head.json', '--format', 'json')).out)
    expect(json.summary.regressed).toBe(2)
    expect((await cli('compare', 'base.json', 'head.json', '--gate', '--output', 'diff.md')).code).toBe(1)
    expect(readFileSync(join(dir, 'diff.md'), 'utf8')).toMatch(/\| a\.bench\.ts › sorting › merge \| tokens \| 1,000 tokens \| 1,100 tokens \| \\\+10% \|/)
    expect((await cli('compare', 'base.json', 'base.json', '--gate', '--threshold', '0.05', '--correction', 'bh')).code).toBe(0)
  })

  test('compare: a corrupted or future-version file is one line and exit 2', async () => {
    writeBaselineFile(join(dir, 'base.json'), sampleBaseline())
    writeFileSync(join(dir, 'bad.json'), '{"schemaVersion":1,"run":{')
    writeFileSync(join(dir, 'future.json'), JSON.stringify({ ...sampleBaseline(), schemaVersion: 7 }))
    for (const f of ['bad.json', 'future.json', 'missing.json']) {
      const r = await cli('compare', 'base.json', f)
      expect(r.code).toBe(2)
      expect(r.err.trim().split('\n')).toHaveLength(1)
      expect(r.err).toContain(join(dir, f).replace(dir + '/', ''))
      expect(r.err).not.toMatch(/\n\s+at /) // no stack trace
    }
  })

  test('usage errors exit 2; --help exits 0', async () => {
    expect((await cli('compare', 'a.json')).code).toBe(2)
    expect((await cli('frobnicate')).code).toBe(2)
    expect((await cli('compare', 'a', 'b', '--format', 'xml')).err).toMatch(/--format takes one of table, markdown, json, got 'xml'/)
    const help = await cli('history', 'list', '--help')
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/--bench <pattern>/)
    expect((await cli('--help')).out).toMatch(/compare.*\n.*history/s)
  })

  test('history list / show / prune', async () => {
    seedHistory(3)
    const list = await cli('history', 'list', '--limit', '2')
    expect(list.out).toMatch(/^id\s+created/)
    expect(list.out.trim().split('\n')).toHaveLength(4)
    const csv = (await cli('history', 'list', '--format', 'csv', '--bench', 'quick')).out.trim().split('\n')
    expect(csv[0]).toBe('id,created,sha,branch,dirty,rounds,node,benchmarks,metrics')
    expect(csv).toHaveLength(4)
    expect(JSON.parse((await cli('history', 'list', '--format', 'json')).out)[0]).toMatchObject({ id: 3, benchmarks: 2, metrics: 2 })
    expect((await cli('history', 'list', '--branch', 'nope')).out).toMatch(/no runs match/)
    const show = await cli('history', 'show', '2')
    expect(show.out).toMatch(/run 2 · 2026-11-11/)
    expect(show.out).toMatch(/tokens\s+1,001 tokens/)
    expect(JSON.parse((await cli('history', 'show', 'latest', '--format', 'json')).out).run.createdAt).toBe('2026-11-12T00:00:00.000Z')
    expect((await cli('history', 'show', '9')).err).toMatch(/no run with id 9/)
    expect((await cli('history', 'prune')).code).toBe(2)
    expect((await cli('history', 'prune', '--keep', '1')).out).toBe('deleted 2 run(s)\n')
    expect((await cli('history', 'prune', '--older-than', '0')).code).toBe(2)
  })

  test('history commands on a missing or non-SQLite history exit 2 and change nothing', async () => {
    expect((await cli('history', 'list')).err).toMatch(/no history database here/)
    writeFileSync(join(dir, 'h.sqlite'), 'plain text')
    const r = await cli('--history', 'h.sqlite', 'history', 'list')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/not a SQLite database/)
    expect(readFileSync(join(dir, 'h.sqlite'), 'utf8')).toBe('plain text')
  })

  test('baseline save (latest, --run, --branch, --from) and show', async () => {
    seedHistory(2)
    expect((await cli('baseline', 'save')).out).toMatch(/← run of 2026-11-11 00:00:00 \(aaaaaaa, main\) \(2 benchmarks\)/)
    expect((await cli('baseline', 'show')).out).toMatch(/tokens\s+1,001 tokens/)
    await cli('baseline', 'save', '--run', '1')
    expect(JSON.parse((await cli('baseline', 'show', '--format', 'json')).out).run.createdAt).toBe('2026-11-10T00:00:00.000Z')
    expect((await cli('baseline', 'save', '--branch', 'main')).code).toBe(0)
    writeBaselineFile(join(dir, 'run.json'), sampleBaseline({ createdAt: '2026-01-01T00:00:00.000Z' }))
    await cli('baseline', 'save', '--from', 'run.json')
    expect(JSON.parse((await cli('baseline', 'show', '--format', 'json')).out).run.createdAt).toBe('2026-01-01T00:00:00.000Z')
    expect((await cli('baseline', 'save', '--run', '1', '--from', 'run.json')).err).toMatch(/--run and --from cannot be used together/)
  })

  test('baseline save without history falls back to last-run.json; show without baseline is exit 2', async () => {
    expect((await cli('baseline', 'show')).code).toBe(2)
    writeBaselineFile(join(dir, '.swarmbench/last-run.json'), sampleBaseline())
    expect((await cli('baseline', 'save')).code).toBe(0)
  })

  test('values that cannot be meant are refused before anything is opened, one line each', async () => {
    seedHistory(2)
    const history = join(dir, '.swarmbench/history.sqlite')
    const before = readFileSync(history)
    const cases: Array<[string[], RegExp]> = [
      [['history', 'list', '--limit', '1e20'], /--limit takes a whole number from 1 to 1,000,000, got '1e20'/],
      [['history', 'list', '--limit', '0x10'], /--limit takes a whole number/],
      [['history', 'prune', '--keep', '1e20'], /--keep takes a whole number from 1 to 1,000,000,000/],
      [['history', 'prune', '--older-than', '1000000000'], /--older-than takes a whole number from 1 to 36,500/],
      [['history', 'show', '99999999999999999999'], /<run> takes a whole number/],
      [['compare', 'a.json', 'b.json', '--threshold', '2'], /--threshold takes a fraction from 0 up to 1 \(exclusive\)/],
      [['gate', '--current', 'x.json', '--alpha', '10'], /--alpha takes a fraction between 0 and 1/],
      [['gate', '--current', 'x.json', '--alpha', '0'], /--alpha takes a fraction between 0 and 1/],
      [['gate', '--baseline', 'x.json', '--branch', 'main'], /--baseline and --branch cannot be used together/],
      [['--baseline', 'x.json', 'gate', '--base', 'HEAD'], /--baseline and --base cannot be used together/],
      [['run', '--rounds', '100000'], /--rounds takes a whole number from 1 to 1,000/],
      [['--root', 'no/such/dir', 'run'], /no\/such\/dir: --root is not a folder/],
    ]
    for (const [argv, message] of cases) {
      const r = await cli(...argv)
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.err, argv.join(' ')).toMatch(message)
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1)
    }
    expect(readFileSync(history)).toEqual(before)
  })

  test('--history on a mistyped path: read and prune create nothing', async () => {
    for (const argv of [['history', 'list'], ['history', 'show', 'latest'], ['history', 'prune', '--keep', '5'], ['baseline', 'save', '--run', '1']]) {
      const r = await cli('--history', 'typo/histroy.sqlite', ...argv)
      expect(r.code).toBe(2)
      expect(r.err).toMatch(/typo\/histroy\.sqlite: no history database here; nothing was created/)
    }
    expect(existsSync(join(dir, 'typo'))).toBe(false)
  })

  test('schema baseline and options print JSON Schema', async () => {
    const s = JSON.parse((await cli('schema', 'baseline')).out)
    expect(s.properties.schemaVersion).toMatchObject({ const: 2 })
    expect(JSON.parse((await cli('schema', 'options')).out).properties).toHaveProperty('updateBaseline')
  })
})
