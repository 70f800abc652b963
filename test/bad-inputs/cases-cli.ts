// The command line's share of the corpus: baselines edited by hand or damaged, values that cannot be meant,
// histories that are damaged, locked, empty, newer, or another application's database.
import { execFileSync, spawn } from 'node:child_process'
import { lstatSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import type { Case, CaseDir, Expectation } from './harness.ts'
import { baselineJson, damage, firstRound, foreignDatabase, history, holdLock, rawSamples, runCount, tamper, write, type Json } from './fixtures.ts'

const B = '.swarmbench/baseline.json'
const H = '.swarmbench/history.sqlite'

function cli(id: string, title: string, argv: string[], expect: Expectation, setup?: (c: CaseDir) => void, more: Partial<Case> = {}): Case {
  return { id: `cli/${id}`, area: 'cli', title, run: { cli: argv }, expect, ...(setup ? { setup } : {}), ...more }
}

/** A good head run beside the bad file, so that only the file under test can be wrong. */
function withHead(c: CaseDir): void { write(c, 'head.json', baselineJson(2)) }

/** compare <bad> head.json: the bad file named, nothing written, nothing changed. */
function badBaseline(id: string, title: string, content: (c: CaseDir) => string | Buffer | Json, mention: Array<string | RegExp>, env?: Record<string, string>): Case {
  return cli(`baseline-${id}`, title, ['compare', 'bad.json', 'head.json'], { exit: 2, mention: ['bad.json', ...mention], kept: ['bad.json', 'head.json'] },
    c => { withHead(c); write(c, 'bad.json', content(c)) }, env ? { env } : {})
}

function edited(edit: (b: Json) => void): () => Json {
  return () => { const b = baselineJson(); edit(b); return b }
}

const baselines: Case[] = [
  cli('baseline-missing', 'compare a file that does not exist', ['compare', 'nope.json', 'head.json'], { exit: 2, mention: ['nope.json', 'no baseline file'], absent: ['nope.json'] }, withHead),
  badBaseline('empty', 'a zero-byte baseline', () => '', ['not valid JSON']),
  badBaseline('truncated', 'a baseline cut off mid-write by another tool', () => JSON.stringify(baselineJson()).slice(0, 300), ['not valid JSON']),
  badBaseline('null', 'a baseline that is JSON null', () => 'null', ['not a valid swarmbench baseline']),
  badBaseline('array', 'a baseline that is a JSON array', () => '[1, 2, 3]', ['not a valid swarmbench baseline']),
  badBaseline('binary', 'a binary file given as a baseline', () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)), ['not valid JSON']),
  badBaseline('utf16', 'a baseline saved as UTF-16 by an editor', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(baselineJson()), 'utf16le')]), ['not valid JSON']),
  badBaseline('newer', 'a baseline written by a newer swarmbench', edited(b => { b.schemaVersion = 99 }), ['schemaVersion', 'newer']),
  badBaseline('entries-string', 'entries is a string', edited(b => { b.entries = 'all of them' }), ['field entries']),
  badBaseline('negative-mean', 'a negative mean latency', edited(b => { firstRound(b).latency.mean = -3 }), ['latency.mean']),
  badBaseline('infinite-mean', 'a mean latency of 1e999 (Infinity once read)', () => JSON.stringify(baselineJson()).replace(/"mean":[0-9.e-]+/, '"mean":1e999'), ['latency.mean']),
  badBaseline('string-mean', 'a mean latency written as text', edited(b => { firstRound(b).latency.mean = 'fast' }), ['latency.mean']),
  badBaseline('negative-n', 'a negative sample count', edited(b => { firstRound(b).latency.n = -1 }), ['latency.n']),
  badBaseline('samples-base64', 'samples that are not base64', edited(b => { firstRound(b).samples.data = '@@@@not-base64@@@@' }), ['samples.data', 'base64']),
  badBaseline('samples-count', 'samples whose count disagrees with their bytes', edited(b => { firstRound(b).samples.count = 5; firstRound(b).samples.total = 5 }), ['samples.data']),
  badBaseline('samples-nan', 'a sample that decodes to NaN', edited(b => { firstRound(b).samples = rawSamples([1, 2, Number.NaN]) }), ['samples.data', 'not a finite number']),
  badBaseline('samples-negative', 'a negative sample', edited(b => { firstRound(b).samples = rawSamples([-1, 2, 3]) }), ['samples.data', 'negative']),
  badBaseline('samples-unsorted', 'samples out of order', edited(b => { firstRound(b).samples = rawSamples([3, 1, 2]) }), ['samples.data', 'sorted']),
  badBaseline('samples-total', 'fewer samples measured than kept', edited(b => { firstRound(b).samples.total = 1 }), ['samples.total']),
  badBaseline('metric-infinite', 'a metric value of 1e999', () => JSON.stringify(baselineJson()).replace(/"value":1000/, '"value":1e999'), ['metrics', 'value']),
  badBaseline('metric-kind', 'a metric kind this version does not know', edited(b => { (Object.values(b.entries)[1] as Json).metrics.tokens.kind = 'vibes' }), ['metrics.tokens.kind']),
  badBaseline('too-large', 'a baseline above the size guard', () => JSON.stringify({ ...baselineJson(), padding: 'x'.repeat(2 * 1024 * 1024) }), ['above the', 'SWARMBENCH_MAX_BASELINE_MB'], { SWARMBENCH_MAX_BASELINE_MB: '1' }),
  cli('baseline-folder', 'a folder given as a baseline', ['compare', 'bad.json', 'head.json'], { exit: 2, mention: ['bad.json', 'folder'] }, c => { withHead(c); mkdirSync(c.at('bad.json')) }),
  cli('baseline-bom', 'a baseline with a byte-order mark (fair: read as it is)', ['compare', 'base.json', 'head.json'], { exit: 0, kept: ['base.json'] },
    c => { withHead(c); write(c, 'base.json', `\ufeff${JSON.stringify(baselineJson())}`) }),
  cli('baseline-hostile-names', 'benchmark names with CR, @mentions and U+202E (fair: compared and shown on one row each)', ['compare', 'base.json', 'head.json', '--format', 'markdown'], {
    exit: 0,
    check: (_c, out) => {
      const rows = out.stdout.split('\n').filter(l => l.startsWith('|'))
      return rows.some(r => r.includes('\u202e') || /@[a-z]/.test(r) || r.includes('\r')) ? `a hostile name reached the Markdown as it is: ${rows.find(r => r.includes('@'))}` : undefined
    },
  }, c => {
    for (const [file, seed] of [['base.json', 1], ['head.json', 2]] as const) {
      const b = baselineJson(seed)
      b.entries = Object.fromEntries((Object.values(b.entries) as Json[]).map((e, i) => {
        const id = i === 0 ? 'bench › a.bench.ts › ping @octocat › line\rbreak' : 'bench › a.bench.ts › \u202eevil › https://example.com'
        return [id, { ...e, id, test: id.split(' › ')[2], bench: id.split(' › ')[3] }]
      }))
      write(c, file, b)
    }
  }),
  cli('gate-bad-head', 'gate --current with a damaged head run', ['gate', '--baseline', 'base.json', '--current', 'bad.json'], { exit: 2, mention: ['bad.json', 'not valid JSON'], kept: ['base.json', 'bad.json'], absent: ['.swarmbench/gate.md'] },
    c => { write(c, 'base.json', baselineJson()); write(c, 'bad.json', '{"schemaVersion":2,"run":{') }),
  cli('baseline-show-corrupt', 'baseline show with the default baseline damaged', ['baseline', 'show'], { exit: 2, mention: ['baseline.json', 'not valid JSON'], kept: [B] },
    c => { write(c, B, '{"schemaVersion": 2, "entries": {') }),
  cli('baseline-save-bad-from', 'baseline save --from a damaged run: the baseline is kept', ['baseline', 'save', '--from', 'bad.json'], { exit: 2, mention: ['bad.json'], kept: [B, 'bad.json'] },
    c => { write(c, B, baselineJson()); write(c, 'bad.json', edited(b => { firstRound(b).latency.p50 = -1 })()) }),
  cli('output-folder', 'compare --output pointing at a folder', ['compare', 'base.json', 'head.json', '--output', 'out'], { exit: 2, mention: ['out', 'folder'] },
    c => { withHead(c); write(c, 'base.json', baselineJson()); mkdirSync(c.at('out')) }),
  cli('output-under-file', 'compare --output under a path that is a file', ['compare', 'base.json', 'head.json', '--output', 'head.json/diff.md'], { exit: 2, mention: ['diff.md', 'is a file, not a folder'], kept: ['head.json'] },
    c => { withHead(c); write(c, 'base.json', baselineJson()) }),
]

const values: Case[] = [
  cli('limit-1e20', 'history list --limit 1e20', ['history', 'list', '--limit', '1e20'], { exit: 2, mention: ['--limit', '1e20'], kept: [H] }, c => { history(c, H) }),
  cli('limit-zero', 'history list --limit 0', ['history', 'list', '--limit', '0'], { exit: 2, mention: ['--limit'], kept: [H] }, c => { history(c, H) }),
  cli('limit-negative', 'history list --limit -5', ['history', 'list', '--limit', '-5'], { exit: 2, mention: ['--limit'], kept: [H] }, c => { history(c, H) }),
  cli('limit-words', 'history list --limit twelve', ['history', 'list', '--limit', 'twelve'], { exit: 2, mention: ['--limit', 'twelve'], kept: [H] }, c => { history(c, H) }),
  cli('limit-above-max', 'history list --limit 1000001', ['history', 'list', '--limit', '1000001'], { exit: 2, mention: ['--limit'], kept: [H] }, c => { history(c, H) }),
  cli('keep-1e20', 'history prune --keep 1e20', ['history', 'prune', '--keep', '1e20'], { exit: 2, mention: ['--keep'], kept: [H] }, c => { history(c, H, 2) }),
  cli('older-than-huge', 'history prune --older-than 1000000000', ['history', 'prune', '--older-than', '1000000000'], { exit: 2, mention: ['--older-than'], kept: [H] }, c => { history(c, H, 2) }),
  cli('prune-nothing', 'history prune with neither --keep nor --older-than', ['history', 'prune'], { exit: 2, mention: ['--keep'], kept: [H] }, c => { history(c, H, 2) }),
  cli('prune-typo-path', 'history prune --history with a typo in the folder', ['history', 'prune', '--keep', '5', '--history', 'typo/histroy.sqlite'], { exit: 2, mention: ['histroy.sqlite', 'nothing was created'], absent: ['typo'] }),
  cli('threshold-2', 'compare --threshold 2 (a gate that could never fail)', ['compare', 'base.json', 'head.json', '--threshold', '2'], { exit: 2, mention: ['--threshold', "'2'"] }, c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('threshold-one', 'compare --threshold 1', ['compare', 'base.json', 'head.json', '--threshold', '1'], { exit: 2, mention: ['--threshold'] }, c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('threshold-negative', 'compare --threshold -0.1', ['compare', 'base.json', 'head.json', '--threshold=-0.1'], { exit: 2, mention: ['--threshold'] }, c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('threshold-percent', 'compare --threshold 5% (a percent where a fraction goes)', ['compare', 'base.json', 'head.json', '--threshold', '5%'], { exit: 2, mention: ['--threshold', '0.05'] }, c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('alpha-10', 'gate --alpha 10', ['gate', '--baseline', 'base.json', '--current', 'head.json', '--alpha', '10'], { exit: 2, mention: ['--alpha'], absent: ['.swarmbench/gate.md'] }, c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('alpha-zero', 'gate --alpha 0', ['gate', '--baseline', 'base.json', '--current', 'head.json', '--alpha', '0'], { exit: 2, mention: ['--alpha'] }, c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('baseline-and-branch', 'gate --baseline X --branch main (two sources of the baseline)', ['gate', '--baseline', 'base.json', '--branch', 'main', '--current', 'head.json'], { exit: 2, mention: ['--baseline and --branch'] },
    c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('current-and-base', 'gate --current X --base main', ['gate', '--base', 'main', '--current', 'head.json'], { exit: 2, mention: ['--current and --base'] }, withHead),
  cli('rounds-zero', 'run --rounds 0', ['run', '--rounds', '0'], { exit: 2, mention: ['--rounds'] }),
  cli('gate-rounds-huge', 'gate --rounds 1001', ['gate', '--rounds', '1001', '--current', 'head.json'], { exit: 2, mention: ['--rounds'] }, withHead),
  cli('format-xml', 'history list --format xml', ['history', 'list', '--format', 'xml'], { exit: 2, mention: ['--format', 'xml'] }, c => { history(c, H) }),
  cli('correction-unknown', 'compare --correction bonferroni', ['compare', 'base.json', 'head.json', '--correction', 'bonferroni'], { exit: 2, mention: ['--correction', 'bonferroni'] },
    c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('run-id-words', 'history show first', ['history', 'show', 'first'], { exit: 2, mention: ['<run>', 'first'], kept: [H] }, c => { history(c, H) }),
  cli('run-id-zero', 'history show 0', ['history', 'show', '0'], { exit: 2, mention: ['<run>'], kept: [H] }, c => { history(c, H) }),
  cli('save-two-sources', 'baseline save --run 1 --branch main', ['baseline', 'save', '--run', '1', '--branch', 'main'], { exit: 2, mention: ['--run and --branch'], kept: [H], absent: [B] }, c => { history(c, H) }),
  cli('mechanism-unknown', 'consensus replay --mechanism blockchain', ['consensus', 'replay', '--mechanism', 'blockchain', '--seed', '1'], { exit: 2, mention: ['blockchain', 'raft'] }),
  cli('seed-fraction', 'consensus replay --seed 1.5', ['consensus', 'replay', '--mechanism', 'raft', '--seed', '1.5'], { exit: 2, mention: ['--seed', '1.5'] }),
  cli('nodes-zero', 'consensus replay --n 0', ['consensus', 'replay', '--mechanism', 'raft', '--seed', '1', '--n', '0'], { exit: 2, mention: ['--n'] }),
  cli('swarm-record-replay', 'swarm run --record and --replay together', ['swarm', 'run', '--tasks', 'coding', '--record', 'a', '--replay', 'b'], { exit: 2, mention: ['--record and --replay'], absent: ['a', 'b', '.swarmbench'] }),
  cli('swarm-seed-1e20', 'swarm run --seed 1e20', ['swarm', 'run', '--tasks', 'coding', '--seed', '1e20'], { exit: 2, mention: ['--seed', '1e20'], absent: ['.swarmbench'] }),
  cli('swarm-repeats-huge', 'swarm run --repeats 1000000', ['swarm', 'run', '--tasks', 'coding', '--repeats', '1000000'], { exit: 2, mention: ['--repeats'], absent: ['.swarmbench'] }),
  cli('swarm-agents-zero', 'swarm run --max-agents 4,0', ['swarm', 'run', '--tasks', 'coding', '--max-agents', '4,0'], { exit: 2, mention: ['--max-agents'], absent: ['.swarmbench'] }),
  cli('swarm-tasks-missing', 'swarm run --tasks with a file that does not exist', ['swarm', 'run', '--tasks', 'nope.ts'], { exit: 2, mention: ['nope.ts', 'not found'], absent: ['.swarmbench'] }),
  cli('swarm-http-no-url', 'swarm run --engine http without --base-url', ['swarm', 'run', '--tasks', 'coding', '--engine', 'http'], { exit: 2, mention: ['--base-url'], absent: ['.swarmbench'] }),
  cli('swarm-plan-rate', 'swarm plan --rate 70 (a percent where a fraction goes)', ['swarm', 'plan', '--rate', '70', '--detect', '0.1'], { exit: 2, mention: ['--rate', '70'] }),
  cli('swarm-plan-detect', 'swarm plan --detect larger than --rate', ['swarm', 'plan', '--rate', '0.3', '--detect', '0.5'], { exit: 2, mention: ['--detect', '0.5'] }),
  cli('root-missing', 'history list --root pointing nowhere', ['--root', 'nowhere', 'history', 'list'], { exit: 2, mention: ['nowhere', '--root'], absent: ['nowhere'] }),
  cli('unknown-command', 'a command that does not exist', ['frobnicate'], { exit: 2, mention: ['frobnicate', '--help'] }),
  cli('unknown-option', 'an option that does not exist', ['history', 'list', '--colour'], { exit: 2, mention: ['--colour', '--help'] }),
  cli('missing-argument', 'compare with one file', ['compare', 'base.json'], { exit: 2, mention: ['head.json', '--help'] }, c => { write(c, 'base.json', baselineJson()) }),
]

const histories: Case[] = [
  cli('history-text-file', 'a text file given as the history', ['history', 'list', '--history', 'notes.txt'], { exit: 2, mention: ['notes.txt', 'not a SQLite database'], kept: ['notes.txt'], absent: ['notes.txt-wal', 'notes.txt-shm'] },
    c => { write(c, 'notes.txt', 'shopping list\n- milk\n'.repeat(200)) }),
  ...(['notes', 'app-id', 'runs-table', 'user-version'] as const).flatMap(kind => [
    cli(`foreign-${kind}-list`, `history list on another application's database (${kind})`, ['history', 'list', '--history', 'app.db'],
      { exit: 2, mention: ['app.db', 'another application'], kept: ['app.db'], absent: ['app.db-wal', 'app.db-shm', 'app.db-journal'] }, c => { foreignDatabase(c, 'app.db', kind) }),
    cli(`foreign-${kind}-prune`, `history prune on another application's database (${kind})`, ['history', 'prune', '--keep', '1', '--history', 'app.db'],
      { exit: 2, mention: ['app.db', 'another application'], kept: ['app.db'], absent: ['app.db-wal', 'app.db-shm', 'app.db-journal'] }, c => { foreignDatabase(c, 'app.db', kind) }),
  ]),
  cli('foreign-gate-branch', "gate --branch on another application's database", ['gate', '--branch', 'main', '--history', 'app.db', '--current', 'head.json'],
    { exit: 2, mention: ['app.db', 'another application'], kept: ['app.db'], absent: ['app.db-wal', 'app.db-shm'] }, c => { withHead(c); foreignDatabase(c, 'app.db', 'notes') }),
  cli('foreign-baseline-save', "baseline save from another application's database", ['baseline', 'save', '--history', 'app.db'],
    { exit: 2, mention: ['app.db', 'another application'], kept: ['app.db'], absent: [B, 'app.db-wal'] }, c => { foreignDatabase(c, 'app.db', 'runs-table') }),
  cli('history-zero-bytes-list', 'history list on a zero-byte file', ['history', 'list', '--history', 'empty.sqlite'], { exit: 2, mention: ['empty.sqlite', 'empty'], kept: ['empty.sqlite'] }, c => { write(c, 'empty.sqlite', '') }),
  cli('history-zero-bytes-prune', 'history prune on a zero-byte file: nothing is created in it', ['history', 'prune', '--keep', '1', '--history', 'empty.sqlite'], { exit: 2, mention: ['empty.sqlite', 'empty'], kept: ['empty.sqlite'] }, c => { write(c, 'empty.sqlite', '') }),
  cli('history-newer', 'a history written by a newer swarmbench', ['history', 'list'], { exit: 2, mention: ['history.sqlite', 'newer'], kept: [H] }, c => { tamper(history(c, H), 'PRAGMA user_version = 99') }),
  cli('history-damaged-pages', 'a history with damaged pages', ['history', 'list'], { exit: 2, mention: ['history.sqlite', 'damaged'], kept: [H] }, c => { const h = history(c, H, 3); damage(h, 4096 * 2, 4096 * 6) }),
  cli('history-damaged-header', 'a history whose header was overwritten', ['history', 'list'], { exit: 2, mention: ['history.sqlite'], kept: [H] }, c => { const h = history(c, H); damage(h, 0, 100) }),
  cli('history-missing-table', 'a history with a table dropped by another program', ['history', 'list'], { exit: 2, mention: ['history.sqlite', 'no such table'], kept: [H] }, c => { tamper(history(c, H), 'DROP TABLE metrics') }),
  cli('history-folder', 'a folder given as the history', ['history', 'list', '--history', 'hist'], { exit: 2, mention: ['hist', 'folder'] }, c => { mkdirSync(c.at('hist')) }),
  cli('history-missing', 'history list with no history yet', ['history', 'list'], { exit: 2, mention: ['history.sqlite', 'no history'], absent: ['.swarmbench'] }),
  cli('history-no-such-run', 'history show 99', ['history', 'show', '99'], { exit: 2, mention: ['history.sqlite', 'no run with id 99'], kept: [H] }, c => { history(c, H) }),
  cli('history-row-json', 'a run whose stored metadata is not JSON', ['history', 'show', '1'], { exit: 2, mention: ['history.sqlite', 'run 1', 'damaged'], kept: [H] }, c => { tamper(history(c, H), "UPDATE runs SET meta_json = '{'") }),
  cli('history-row-negative', 'a run with a negative latency stored', ['history', 'show', '1'], { exit: 2, mention: ['run 1', 'damaged', 'mean'], kept: [H] }, c => { tamper(history(c, H), 'UPDATE results SET mean_ms = -1') }),
  cli('history-row-samples', 'a run whose samples blob was cut short', ['history', 'show', '1'], { exit: 2, mention: ['run 1', 'damaged'], kept: [H] }, c => { tamper(history(c, H), "UPDATE samples SET data = X'0001'") }),
  cli('history-no-branch', 'baseline save --branch with no run on that branch: the baseline is kept', ['baseline', 'save', '--branch', 'nope'], { exit: 2, mention: ['nope'], kept: [H, B] },
    c => { history(c, H); write(c, B, baselineJson(5)) }),
  ((): Case => {
    let lock: { release(): void } | undefined
    return cli('history-locked-prune', 'history prune while another process holds the write lock', ['history', 'prune', '--keep', '1'], {
      exit: 2, mention: ['history.sqlite', 'locked'], kept: [H],
      check: c => (runCount(c.at(H)) === 3 ? undefined : `runs lost: ${runCount(c.at(H))} of 3 left`),
    }, c => { history(c, H, 3); lock = holdLock(c.at(H)) }, { env: { SWARMBENCH_BUSY_TIMEOUT_MS: '300' }, teardown: () => lock?.release() })
  })(),
  ((): Case => {
    let lock: { release(): void } | undefined
    return cli('history-locked-read', 'history list while another process writes (fair: readers are not blocked)', ['history', 'list'], {
      exit: 0, check: (_c, out) => (/^1\s/m.test(out.stdout) ? undefined : `run 1 not listed: ${out.stdout}`),
    }, c => { history(c, H, 2); lock = holdLock(c.at(H)) }, { env: { SWARMBENCH_BUSY_TIMEOUT_MS: '300' }, teardown: () => lock?.release() })
  })(),
]

const isRoot = () => (process.getuid?.() === 0 ? undefined : 'making a device node (mknod) needs root')
const mknodNull = (c: CaseDir, rel: string) => execFileSync('mknod', [c.at(rel), 'c', '1', '3'])
const isCharDevice = (c: CaseDir, rel: string) => (lstatSync(c.at(rel)).isCharacterDevice() ? undefined : `${rel} is no longer a device: it was replaced by a file`)

const files: Case[] = [
  cli('output-symlink', '--output through a symbolic link: the link stays, its target gets the diff', ['compare', 'base.json', 'head.json', '--output', 'link.md'], {
    exit: 0,
    check: c => (!lstatSync(c.at('link.md')).isSymbolicLink() ? 'the link was replaced by a file' : readFileSync(c.at('real/diff.md'), 'utf8').includes('|') ? undefined : 'the target did not get the diff'),
  }, c => { withHead(c); write(c, 'base.json', baselineJson()); write(c, 'real/diff.md', 'old\n'); symlinkSync('real/diff.md', c.at('link.md')) }),
  cli('baseline-symlink', 'baseline save into a baseline that is a symbolic link (shared between checkouts)', ['baseline', 'save', '--from', 'head.json', '--baseline', 'link.json'], {
    exit: 0,
    check: c => (!lstatSync(c.at('link.json')).isSymbolicLink() ? 'the link was replaced by a file' : JSON.parse(readFileSync(c.at('shared/baseline.json'), 'utf8')).entries ? undefined : 'the shared baseline was not updated'),
  }, c => { withHead(c); write(c, 'shared/baseline.json', '{}'); symlinkSync('shared/baseline.json', c.at('link.json')) }),
  cli('output-device', '--output /dev/null (a device): written to, never replaced', ['compare', 'base.json', 'head.json', '--output', 'null'], { exit: 0, check: c => isCharDevice(c, 'null') },
    c => { withHead(c); write(c, 'base.json', baselineJson()); mknodNull(c, 'null') }, { skip: isRoot }),
  cli('baseline-device', 'baseline save --baseline /dev/null (a device): written to, never replaced', ['baseline', 'save', '--from', 'head.json', '--baseline', 'null'], { exit: 0, check: c => isCharDevice(c, 'null') },
    c => { withHead(c); mknodNull(c, 'null') }, { skip: isRoot }),
  cli('history-device', 'the history pointed at /dev/null (a device)', ['history', 'list', '--history', 'null'], { exit: 2, mention: ['null', 'not a regular file'], check: c => isCharDevice(c, 'null'), absent: ['null-wal', 'null-journal'] },
    c => { mknodNull(c, 'null') }, { skip: isRoot }),
  cli('baseline-pipe', 'a baseline read from a pipe, as with <(git show main:baseline.json) (fair)', ['compare', 'pipe.json', 'head.json'], { exit: 0 },
    c => { withHead(c); write(c, 'base.json', baselineJson()); execFileSync('mkfifo', [c.at('pipe.json')]); spawn('sh', ['-c', 'cat base.json > pipe.json'], { cwd: c.dir, stdio: 'ignore', detached: true }).unref() }),
  cli('output-name-too-long', '--output with a file name longer than the file system allows', ['compare', 'base.json', 'head.json', '--output', `${'d'.repeat(300)}.md`], { exit: 2, mention: ['too long'] },
    c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('deep-nesting', 'a baseline nested 100,000 levels deep', ['compare', 'bad.json', 'head.json'], { exit: 2, mention: ['bad.json'], kept: ['bad.json'] },
    c => { withHead(c); write(c, 'bad.json', `{"schemaVersion":2,"run":${'['.repeat(100_000)}${']'.repeat(100_000)}}`) }),
  cli('gate-report-over-baseline', "gate --report base.md, whose diff.json would be the baseline's own file", ['gate', '--baseline', 'base.json', '--current', 'head.json', '--report', 'base.md'],
    { exit: 2, mention: ['base.json'], kept: ['base.json'] }, c => { withHead(c); write(c, 'base.json', baselineJson()) }),
  cli('gate-report-folder', 'gate --report pointing at a folder', ['gate', '--baseline', 'base.json', '--current', 'head.json', '--report', 'out'], { exit: 2, mention: ['out', 'folder'], kept: ['base.json'] },
    c => { withHead(c); write(c, 'base.json', baselineJson()); mkdirSync(c.at('out')) }),
  cli('save-over-history', 'baseline save --baseline naming the history database', ['baseline', 'save', '--from', 'head.json', '--baseline', H], { exit: 2, mention: ['history.sqlite'], kept: [H] },
    c => { withHead(c); history(c, H) }),
  cli('history-symlink-foreign', "the history is a symbolic link to another application's database", ['history', 'prune', '--keep', '1', '--history', 'link.sqlite'],
    { exit: 2, mention: ['another application'], kept: ['app.db'], absent: ['app.db-wal', 'link.sqlite-wal'] }, c => { foreignDatabase(c, 'app.db', 'notes'); symlinkSync('app.db', c.at('link.sqlite')) }),
]

export const cliCases: Case[] = [...baselines, ...values, ...histories, ...files]

