// The reporter's and the plugin's share of the corpus: real `vitest bench --run` in a project that uses
// swarmbench, with its files damaged, locked, foreign, on a full or read-only disk, or its options wrong.
import { execFileSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { BaselineSchema } from '../../src/schema/baseline.ts'
import { NODE, REPO, spawnOutcome, type Case, type CaseDir, type Expectation } from './harness.ts'
import { canMount, mountTmpfs, unmount } from './mounts.ts'
import { storeValid, tempFiles } from './cases-store.ts'
import { baselineJson, damage, firstRound, foreignDatabase, history, holdLock, project, rawSamples, runCount, tamper, write, type ProjectOptions } from './fixtures.ts'

const OUT = '.swarmbench'
const B = `${OUT}/baseline.json`
const H = `${OUT}/history.sqlite`
const L = `${OUT}/last-run.json`

function vitestCase(id: string, area: 'reporter' | 'plugin', title: string, expect: Expectation, setup?: (c: CaseDir) => void, more: Partial<Case> & { project?: ProjectOptions } = {}): Case {
  const { project: p, ...rest } = more
  return { id: `${area}/${id}`, area, title, run: { vitest: true }, expect, setup: c => { project(c, p); setup?.(c) }, ...rest }
}

/** The run was kept: the last-run file holds it, valid. */
function lastRunKept(c: CaseDir): string | undefined {
  if (!existsSync(c.at(L))) return 'last-run.json was not written: the run is lost'
  const r = BaselineSchema.safeParse(JSON.parse(readFileSync(c.at(L), 'utf8')))
  return r.success && Object.keys(r.data.entries).length > 0 ? undefined : 'last-run.json does not hold the run'
}

function storedRuns(c: CaseDir, n: number): string | undefined {
  if (!existsSync(c.at(H))) return 'no history was written'
  const got = runCount(c.at(H))
  return got === n ? undefined : `the history holds ${got} run(s), expected ${n}`
}

const all = (...checks: Array<(c: CaseDir) => string | undefined>) => (c: CaseDir) => checks.map(f => f(c)).find(Boolean)

/** The later steps ran: the run is kept and stored even though one step failed. */
const keptAndStored = (runs: number) => all(lastRunKept, c => storedRuns(c, runs))

function locked(): Pick<Case, 'setup' | 'teardown'> & { lock?: { release(): void } } {
  const state: { lock?: { release(): void } } = {}
  return { setup: c => { history(c, H, 1); state.lock = holdLock(c.at(H)) }, teardown: () => state.lock?.release() }
}

const hostileBench = `test('ping @octocat |pipe| \\r line \\u202eevil https://example.com', async ({ bench }) => {
  await bench('sum', () => { let s = 0; for (let i = 0; i < 200; i++) s += i * i; return s }).run({ time: 30, warmupTime: 5 })
})`

const reporter: Case[] = [
  vitestCase('baseline-truncated', 'reporter', 'the baseline was cut off: the run is still stored, the baseline never overwritten', {
    exit: 2, mention: ['baseline.json', 'not valid JSON'], kept: [B], check: keptAndStored(1),
  }, c => { write(c, B, JSON.stringify(baselineJson()).slice(0, 500)) }, { env: { SWARMBENCH_UPDATE: '1' } }),
  vitestCase('baseline-newer', 'reporter', 'a baseline from a newer swarmbench', { exit: 2, mention: ['baseline.json', 'newer'], kept: [B], check: keptAndStored(1) },
    c => { write(c, B, { ...baselineJson(), schemaVersion: 99 }) }),
  vitestCase('baseline-negative-samples', 'reporter', 'a baseline with negative samples', { exit: 2, mention: ['baseline.json', 'samples.data'], kept: [B], check: keptAndStored(1) },
    c => { const b = baselineJson(); firstRound(b).samples = rawSamples([-2, 1]); write(c, B, b) }),
  vitestCase('baseline-folder', 'reporter', 'the baseline path is a folder', { exit: 2, mention: ['baseline.json', 'folder'], check: keptAndStored(1) },
    c => { mkdirSync(c.at(B), { recursive: true }) }),
  vitestCase('baseline-too-large', 'reporter', 'a baseline above the size guard', { exit: 2, mention: ['baseline.json', 'above the'], kept: [B], check: keptAndStored(1) },
    c => { write(c, B, JSON.stringify({ ...baselineJson(), padding: 'x'.repeat(1536 * 1024) })) }, { env: { SWARMBENCH_MAX_BASELINE_MB: '1' } }),
  vitestCase('history-foreign', 'reporter', "historyFile points at another application's database: untouched, the rest still runs", {
    exit: 2, mention: ['app.db', 'another application'], kept: ['app.db'], absent: ['app.db-wal', 'app.db-shm', 'app.db-journal'],
    check: all(lastRunKept, c => (existsSync(c.at(B)) ? undefined : 'the baseline step did not run')),
  }, c => { foreignDatabase(c, 'app.db', 'runs-table') }, { project: { options: "{ historyFile: 'app.db' }" } }),
  vitestCase('history-text', 'reporter', 'the history is a text file', { exit: 2, mention: ['history.sqlite', 'not a SQLite database'], kept: [H], check: lastRunKept },
    c => { write(c, H, 'not a database\n'.repeat(100)) }),
  vitestCase('history-newer', 'reporter', 'a history from a newer swarmbench', { exit: 2, mention: ['history.sqlite', 'newer'], kept: [H], check: lastRunKept },
    c => { tamper(history(c, H, 1), 'PRAGMA user_version = 99') }),
  vitestCase('history-damaged', 'reporter', 'a history with damaged pages', { exit: 2, mention: ['history.sqlite', 'damaged'], kept: [H], check: lastRunKept },
    c => { damage(history(c, H, 3), 4096 * 2, 4096 * 6) }),
  (() => {
    const l = locked()
    return vitestCase('history-locked', 'reporter', 'another process holds the history lock: one line, the run kept in last-run.json', {
      exit: 2, mention: ['history.sqlite', 'locked'], check: all(lastRunKept, c => storedRuns(c, 1), c => (existsSync(c.at(B)) ? undefined : 'the baseline step did not run')),
    }, l.setup as (c: CaseDir) => void, { env: { SWARMBENCH_BUSY_TIMEOUT_MS: '500' }, teardown: l.teardown! })
  })(),
  vitestCase('last-run-folder', 'reporter', 'last-run.json is a folder: the history and the baseline still get the run', {
    exit: 2, mention: ['last-run.json', 'folder'], check: all(c => storedRuns(c, 1), c => (existsSync(c.at(B)) ? undefined : 'the baseline step did not run')),
  }, c => { mkdirSync(c.at(L), { recursive: true }) }),
  vitestCase('diff-folder', 'reporter', 'diff.md is a folder: the run is stored and the rest written', {
    exit: 2, mention: ['diff.md', 'folder'], kept: [B], check: keptAndStored(1),
  }, c => { write(c, B, baselineJson()); mkdirSync(c.at(`${OUT}/diff.md`), { recursive: true }) }),
  vitestCase('outdir-is-file', 'reporter', 'outDir is a file: each step says so on one line, nothing crashes', {
    exit: 2, lines: 4, mention: ['a part of this path is a file'], kept: [OUT],
  }, c => { write(c, OUT, 'I am a file\n') }),
  vitestCase('baseline-symlink', 'reporter', 'the baseline is a symbolic link to a shared file: the file is updated, the link stays', {
    exit: 0, lines: 0,
    check: c => (!lstatSync(c.at(B)).isSymbolicLink() ? 'the link was replaced by a file'
      : JSON.parse(readFileSync(c.at('shared/baseline.json'), 'utf8')).run.createdAt > '2026-11-20T10:00:00.000Z' ? undefined : 'the shared baseline was not updated'),
  }, c => { write(c, 'shared/baseline.json', baselineJson()); mkdirSync(c.at(OUT)); symlinkSync('../shared/baseline.json', c.at(B)) }, { env: { SWARMBENCH_UPDATE: '1' } }),
  vitestCase('history-dev-null', 'reporter', 'historyFile /dev/null: one line, the rest runs, the device is left alone', {
    exit: 2, mention: ['not a regular file'], check: all(lastRunKept, c => (lstatSync(c.at('null')).isCharacterDevice() ? undefined : 'the device was replaced')),
    absent: ['null-wal', 'null-journal'],
  }, c => { execFileSync('mknod', [c.at('null'), 'c', '1', '3']) }, { project: { options: "{ historyFile: 'null' }" }, skip: () => (process.getuid?.() === 0 ? undefined : 'mknod needs root') }),
  vitestCase('stale-temps', 'reporter', 'temp files of a killed writer are removed by the next run', {
    exit: 0, lines: 0, absent: [`${OUT}/.baseline.json.999999999.1.0.tmp`, `${OUT}/.last-run.json.999999999.1.0.tmp`, `${OUT}/.diff.md.999999999.1.0.tmp`],
    check: keptAndStored(1),
  }, c => { for (const f of ['baseline.json', 'last-run.json', 'diff.md']) write(c, `${OUT}/.${f}.999999999.1.0.tmp`, '{"half": ') }),
  vitestCase('disk-full', 'reporter', 'the disk fills while the run is written: one line per step that could not write, every file left valid, no temp file', {
    exit: 2, lines: [1, 5], mention: ['disk is full'],
    // On a full disk the run cannot be kept; what must hold is that nothing there is left half-written.
    check: c => storeValid(c.at(OUT)) ?? (tempFiles(c.at(OUT)).length ? `temp files left: ${tempFiles(c.at(OUT)).join(', ')}` : undefined),
  }, c => { mountTmpfs(c.at(OUT), '96k') }, { skip: canMount, teardown: c => unmount(c.at(OUT)) }),
  vitestCase('read-only-disk', 'reporter', 'outDir on a read-only disk: one line per file, exit 2', {
    exit: 2, lines: 4, mention: ['read-only'],
  }, c => { mountTmpfs(c.at(OUT), '1m', true) }, { skip: canMount, teardown: c => unmount(c.at(OUT)) }),
  {
    id: 'reporter/hostile-names', area: 'reporter', title: 'a benchmark named with CR, |, @mention, U+202E and a URL: every diff row stays one row',
    setup: c => project(c, { bench: hostileBench }),
    run: {
      custom: async c => {
        const vitest = [join(REPO, 'node_modules/vitest/vitest.mjs'), 'bench', '--run']
        const first = await spawnOutcome(NODE, vitest, { cwd: c.dir, env: {} })
        if (first.exit !== 0) return first
        return spawnOutcome(NODE, vitest, { cwd: c.dir, env: {} })
      },
    },
    expect: {
      exit: 0, lines: 0,
      check: c => {
        const md = readFileSync(c.at(`${OUT}/diff-full.md`), 'utf8')
        const rows = md.split('\n').filter(l => l.includes('sum'))
        if (rows.length !== 1) return `the benchmark takes ${rows.length} rows in diff-full.md`
        const cells = rows[0]!.split(/(?<!\\)\|/).length
        const header = md.split('\n').find(l => l.startsWith('| benchmark'))?.split(/(?<!\\)\|/).length
        if (cells !== header) return `the row has ${cells} cells, the header ${header}`
        return /@octocat|\u202e|https:\/\/example|\r/.test(rows[0]!) ? `a hostile name is left as it is: ${rows[0]}` : undefined
      },
    },
  },
]

function optionCase(id: string, title: string, options: string, mention: string[], reporterOnly = false): Case {
  return vitestCase(id, 'plugin', title, { exit: 2, mention, absent: [OUT] }, undefined, { project: { options, reporterOnly } })
}

const plugin: Case[] = [
  optionCase('unknown-key', 'an option that does not exist (outdir for outDir)', "{ outdir: 'x' }", ['outdir']),
  optionCase('wrong-type', 'sampleCap given as text', "{ sampleCap: 'many' }", ['sampleCap']),
  optionCase('below-minimum', 'sampleCap below its minimum', '{ sampleCap: 5 }', ['sampleCap']),
  optionCase('threshold-2', 'compare.threshold 2 (a gate that could never fail)', '{ compare: { threshold: 2 } }', ['compare.threshold']),
  optionCase('alpha-10', 'compare.alpha 10', '{ compare: { alpha: 10 } }', ['compare.alpha']),
  optionCase('update-enum', "updateBaseline 'sometimes'", "{ updateBaseline: 'sometimes' }", ['updateBaseline']),
  optionCase('empty-outdir', 'outDir empty', "{ outDir: '' }", ['outDir']),
  optionCase('history-string', "history 'yes' instead of true", "{ history: 'yes' }", ['history']),
  optionCase('markdown-over-last-run', "markdownFile '.swarmbench/last-run.md', whose diff JSON would be last-run.json", "{ markdownFile: '.swarmbench/last-run.md' }", ['lastRunFile', 'markdownFile']),
  optionCase('last-run-is-baseline', 'lastRunFile and baselineFile the same file', "{ lastRunFile: 'b.json', baselineFile: 'b.json' }", ['baselineFile', 'lastRunFile']),
  optionCase('reporter-same-files', 'the reporter on its own with historyFile = baselineFile', "{ historyFile: 'x', baselineFile: 'x' }", ['baselineFile', 'historyFile'], true),
  optionCase('reporter-unknown-key', 'the reporter on its own with an unknown option', '{ bogus: 1 }', ['bogus'], true),
  optionCase('reporter-wrong-type', 'the reporter on its own with gate as text', "{ gate: 'on' }", ['gate'], true),
]

export const vitestCases: Case[] = [...reporter, ...plugin]
