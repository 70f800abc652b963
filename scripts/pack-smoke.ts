// Packaging smoke check: pack swarmbench, install the tarball into a fresh project the way the README says, and
// run the README there. Every ```ts block of README.md is a complete file whose first line names it
// (`// benches/x.bench.ts`): all of them are type-checked against the installed package, the bench files run under
// `vitest bench` (twice: a baseline, then a diff), and every other file runs with Node. So a README example that
// no longer matches the code fails CI. Then the installed CLI, every subpath export, and what an old Node says.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { nodeVersionProblem } from '../src/env/node-version.js'

const repo = resolve(import.meta.dirname, '..')
const work = mkdtempSync(join(tmpdir(), 'swarmbench-pack-'))
const keep = process.argv.includes('--keep')
const COMMENT_LIMIT = 60_000

function run(cmd: string, args: string[], cwd: string, o: { env?: NodeJS.ProcessEnv; status?: number } = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0', ...o.env }, timeout: 600_000 })
  if (r.status !== (o.status ?? 0)) {
    process.stderr.write(`${r.stdout}\n${r.stderr}\n`)
    throw new Error(`pack-smoke: \`${cmd} ${args.join(' ')}\` in ${cwd} exited ${r.status}, expected ${o.status ?? 0}`)
  }
  return r
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(`pack-smoke: ${message}`)
}

/** Every ```ts block of the README, by the path on its first line. */
function readmeFiles(): Map<string, string> {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8')
  const files = new Map<string, string>()
  for (const m of readme.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    const line = readme.slice(0, m.index).split('\n').length
    const path = /^\/\/ ([\w.\-/]+\.ts)(?:\s|$)/.exec(m[1]!)?.[1]
    check(path !== undefined, `README.md line ${line}: a \`\`\`ts block must start with "// <path>.ts" naming the file it is, so that this check can run it`)
    check(!files.has(path!), `README.md line ${line}: two blocks are both ${path}`)
    files.set(path!, m[1]!)
  }
  for (const need of ['vitest.config.ts', 'benches/example.bench.ts']) check(files.has(need), `README.md has no \`\`\`ts block starting with "// ${need}"`)
  return files
}

/** A Node older than 22.13 on PATH or in the usual places, when this machine has one. */
function oldNode(): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin']) {
    const bin = join(dir, 'node')
    if (!dir || dir.includes('node_modules') || !existsSync(bin)) continue
    const v = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? ''
    if (/^v\d/.test(v) && nodeVersionProblem(v)) return bin
  }
  return undefined
}

const versionOf = (pkg: string) => JSON.parse(readFileSync(join(repo, 'node_modules', pkg, 'package.json'), 'utf8')).version as string

try {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const files = readmeFiles()
  run(npm, ['run', 'build'], repo)
  const packed = run(npm, ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], repo)
  const tarball = join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename)
  console.log(`packed ${tarball}; README: ${files.size} TypeScript files`)

  // A fresh project, installed as the README's quick start says (plus what its examples import, and TypeScript).
  const project = join(work, 'project')
  mkdirSync(project, { recursive: true })
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'smoke', private: true, type: 'module' }, null, 2))
  const deps = ['vitest', 'typescript', '@types/node', '@anthropic-ai/sdk'].map(p => `${p}@${versionOf(p)}`)
  run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball, ...deps], project)
  for (const [name, text] of files) {
    mkdirSync(dirname(join(project, name)), { recursive: true })
    writeFileSync(join(project, name), text)
  }
  // The tokens example replays a cassette; a user records theirs once with a key. This one is authored (its
  // origin says so), in the wire format of the Messages API.
  mkdirSync(join(project, 'cassettes'))
  copyFileSync(join(repo, 'benches/fixtures/tokens/review-uncached.json'), join(project, 'cassettes/review.json'))
  // The loadCsv example reads the user's own CSV; this one is authored by a fixed rule (short tenure or many
  // support tickets churn), enough rows for 5-fold cross-validation.
  mkdirSync(join(project, 'data'))
  writeFileSync(join(project, 'data/churn.csv'), ['tenure,monthly,tickets,churned', ...Array.from({ length: 60 }, (_, i) => {
    const tenure = (i * 7) % 48 + 1, monthly = 20 + (i * 13) % 80, tickets = (i * 5) % 7
    return `${tenure},${monthly},${tickets},${tenure < 12 || tickets > 4 ? 'yes' : 'no'}`
  })].join('\n') + '\n')
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], allowImportingTsExtensions: true },
    include: ['**/*.ts'], exclude: ['node_modules'],
  }, null, 2))

  // 1. Every README file type-checks against the installed package's declarations.
  run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', '.'], project)

  // 2. The bench files run: the first run becomes the baseline, the second is diffed against it.
  const vitest = join(project, 'node_modules/vitest/vitest.mjs')
  const first = run(process.execPath, [vitest, 'bench', '--run'], project)
  process.stdout.write(first.stdout.split('\n').filter(l => l.startsWith('swarmbench:')).join('\n') + '\n')
  const baseline = JSON.parse(readFileSync(join(project, '.swarmbench/baseline.json'), 'utf8')) as { schemaVersion: number; entries: Record<string, { file: string }> }
  check(Object.keys(baseline.entries).length > 0, 'the baseline is empty')
  for (const name of [...files.keys()].filter(f => f.endsWith('.bench.ts'))) {
    check(Object.values(baseline.entries).some(e => e.file === name), `README's ${name} left no benchmark in the baseline (is it under the quick start's benchmark.include?)`)
  }
  const second = run(process.execPath, [vitest, 'bench', '--run'], project)
  const last = second.stdout.trimEnd().split('\n').slice(-2)
  check(/^swarmbench: (PASS|FAIL|NO VERDICT) · gating: /.test(last[0] ?? ''), `the second run does not end on its verdict: ${last[0]}`)
  check(/^swarmbench: files in \.swarmbench\/: diff\.md /.test(last[1] ?? ''), `the second run does not end on where its files are: ${last[1]}`)
  const diff = readFileSync(join(project, '.swarmbench/diff.md'), 'utf8')
  check(Buffer.byteLength(diff) < COMMENT_LIMIT && existsSync(join(project, '.swarmbench/diff-full.md')) && existsSync(join(project, '.swarmbench/diff.json')), 'diff.md, diff-full.md and diff.json')

  // 3. Every other README file runs with Node (the scripts; vitest.config.ts is used above).
  for (const name of [...files.keys()].filter(f => !f.endsWith('.bench.ts') && f !== 'vitest.config.ts')) {
    run(process.execPath, [name], project)
    console.log(`ran ${name}`)
  }

  // 4. The installed CLI (through its bin, as npx runs it) reads what the runs left behind.
  const cli = join(project, 'node_modules/.bin/swarmbench')
  const runs = JSON.parse(run(cli, ['history', 'list', '--format', 'json'], project).stdout) as unknown[]
  check(runs.length === 2, `expected 2 runs in the history, found ${runs.length}`)
  run(cli, ['compare', '.swarmbench/baseline.json', '.swarmbench/last-run.json'], project)

  // 5. The entry points resolve from the installed package ('swarmbench' itself only loads inside Vitest).
  for (const spec of ['swarmbench/plugin', 'swarmbench/reporter', 'swarmbench/compare', 'swarmbench/store', 'swarmbench/tokens', 'swarmbench/ensemble', 'swarmbench/consensus', 'swarmbench/automation', 'swarmbench/datasets', 'swarmbench/memory', 'swarmbench/swarm']) {
    run(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(spec)})`], project)
  }
  check(readdirSync(join(project, 'node_modules/swarmbench/dist/src')).includes('index.d.ts'), 'the package ships no type declarations')

  // 6. On an old Node, the installed CLI and `vitest bench` with the plugin each say so in one line, exit 2.
  const old = oldNode()
  if (old) {
    const version = spawnSync(old, ['--version'], { encoding: 'utf8' }).stdout.trim()
    for (const args of [[cli, '--help'], [vitest, 'bench', '--run']]) {
      const r = run(old, args, project, { status: 2 })
      const all = `${r.stdout}${r.stderr}`
      check(all.includes(`swarmbench: ${nodeVersionProblem(version)}`) && !/\n\s+at /.test(all), `${old} ${args.join(' ')}: expected the one-line Node ${version} message, got:\n${all}`)
    }
    console.log(`old Node (${version}): one line and exit 2 from the CLI and from vitest bench`)
  } else console.log('no Node older than 22.13 on this machine: the old-Node check was skipped')

  // 7. A Jest 30 project with no Vitest at all (Vitest is an optional peer): `swarmbench/jest` and the reporter
  // from the installed package, in Jest's default CommonJS mode and in ESM mode; a planted 2× slowdown fails the gate
  // (one Jest run is one process: its latency is shown, not gated, without 10 earlier runs; the counted calls gate).
  const jestProject = join(work, 'jest-project')
  mkdirSync(jestProject)
  writeFileSync(join(jestProject, 'package.json'), JSON.stringify({ name: 'jest-smoke', private: true }, null, 2))
  run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball, `jest@${versionOf('jest')}`], jestProject)
  check(!existsSync(join(jestProject, 'node_modules/vitest')), 'installing swarmbench pulled in Vitest')
  for (const ext of ['cjs', 'mjs']) copyFileSync(join(repo, `test/fixtures/jest/fib.test.${ext}`), join(jestProject, `fib.test.${ext}`))
  writeFileSync(join(jestProject, 'jest.config.cjs'), "module.exports = { testMatch: ['**/fib.test.cjs'], reporters: ['default', ['swarmbench/jest-reporter', { gate: true }]] }\n")
  writeFileSync(join(jestProject, 'jest.esm.config.cjs'), "module.exports = { testMatch: ['**/fib.test.mjs'], transform: {}, reporters: ['default', ['swarmbench/jest-reporter', { gate: true, outDir: '.swarmbench-esm' }]] }\n")
  const jestBin = join(jestProject, 'node_modules/jest/bin/jest.js')
  for (const [config, out, env] of [['jest.config.cjs', '.swarmbench', {}], ['jest.esm.config.cjs', '.swarmbench-esm', { NODE_OPTIONS: '--experimental-vm-modules' }]] as const) {
    run(process.execPath, [jestBin, '--config', config], jestProject, { env: { ...process.env, ...env } })
    check(existsSync(join(jestProject, out, 'baseline.json')) && existsSync(join(jestProject, out, 'history.sqlite')), `jest --config ${config} wrote no baseline and history in ${out}`)
    const slow = run(process.execPath, [jestBin, '--config', config], jestProject, { env: { ...process.env, ...env, SLOW: '2' }, status: 1 })
    check(/swarmbench: FAIL: 1 gating regression\(s\) against the baseline: jest › fib\.test\.[cm]js › fib › fib 18 calls \+100%/.test(`${slow.stdout}${slow.stderr}`), `jest --config ${config} with SLOW=2 did not fail the gate on the doubled calls:\n${slow.stdout}${slow.stderr}`)
    console.log(`jest (${config}): baseline, history, and the 2× slowdown fails the gate`)
  }

  // 8. The CLI without Vitest: ingest a go test -bench file written by the real tool.
  const ingested = run(join(jestProject, 'node_modules/.bin/swarmbench'), ['ingest', '--format', 'go-bench', join(repo, 'test/fixtures/ingest/go/base.txt'), '--out-dir', '.swarmbench-go'], jestProject)
  check(/ingested 3 benchmark\(s\) from 1 file\(s\)/.test(ingested.stdout), `swarmbench ingest without Vitest: ${ingested.stdout}${ingested.stderr}`)

  // 9. `swarmbench init` on fresh Vitest and Jest projects (the packages installed above): the example runs, the
  // second run is judged by the gate, and a second init changes nothing.
  for (const [runner, installed, version] of [['vitest', project, versionOf('vitest')], ['jest', jestProject, versionOf('jest')]] as const) {
    const dir = join(work, `init-${runner}`)
    mkdirSync(dir)
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `init-${runner}`, private: true, devDependencies: { [runner]: version } }, null, 2))
    symlinkSync(join(installed, 'node_modules'), join(dir, 'node_modules'), 'dir')
    const swarmbenchBin = join(dir, 'node_modules/.bin/swarmbench')
    run(swarmbenchBin, ['init'], dir)
    check(/nothing to change/.test(run(swarmbenchBin, ['init'], dir).stdout), `a second swarmbench init in the ${runner} project changed something`)
    const bench = runner === 'vitest' ? [swarmbenchBin, ['run', '--gate']] as const : [process.execPath, [join(dir, 'node_modules/jest/bin/jest.js')]] as const
    run(bench[0], [...bench[1]], dir)
    check(existsSync(join(dir, '.swarmbench/baseline.json')), `the ${runner} example after swarmbench init wrote no baseline`)
    const second = spawnSync(bench[0], [...bench[1]], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0' } })
    // Jest: the workflow init wrote compares the run with the baseline (exit 0, 1 or 2: a verdict either way)
    const compared = runner === 'jest' ? spawnSync(swarmbenchBin, ['compare', '.swarmbench/baseline.json', '.swarmbench/last-run.json', '--gate'], { cwd: dir, encoding: 'utf8' }) : second
    const gated = `${compared.stdout}${compared.stderr}`
    check(/(PASS|FAIL|NO VERDICT) · gating: /.test(gated), `the ${runner} example after swarmbench init was not judged by the gate:\n${gated}`)
    console.log(`swarmbench init (${runner}): the example runs and is gated; a second init changes nothing`)
  }

  console.log(`pack-smoke: ok (${files.size} README files type-checked and run, ${Object.keys(baseline.entries).length} benchmarks in the baseline, diff.md ${Buffer.byteLength(diff)} bytes)`)
} finally {
  if (keep) console.log(`kept ${work}`)
  else if (existsSync(work)) rmSync(work, { recursive: true, force: true })
}
