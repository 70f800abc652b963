// Packaging smoke check: pack swarmbench, install the tarball into a fresh Vitest 5 project, configure it
// exactly as the README's quick-start shows (the code blocks are read from README.md), run a benchmark,
// and check that a valid baseline and history appear and the installed CLI reads them.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const repo = resolve(import.meta.dirname, '..')
const work = mkdtempSync(join(tmpdir(), 'swarmbench-pack-'))
const keep = process.argv.includes('--keep')

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', FORCE_COLOR: '0', ...env }, timeout: 600_000 })
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout}\n${r.stderr}\n`)
    throw new Error(`pack-smoke: \`${cmd} ${args.join(' ')}\` failed in ${cwd} (exit ${r.status})`)
  }
  return r
}

/** The README's quick-start code blocks, by the file name each one starts with (`// vitest.config.ts`). */
function quickStartFiles(): Map<string, string> {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8')
  const files = new Map<string, string>()
  for (const m of readme.matchAll(/```ts\n\/\/ ([\w.\-/]+)\n([\s\S]*?)```/g)) files.set(m[1]!, `// ${m[1]}\n${m[2]}`)
  for (const need of ['vitest.config.ts', 'benches/example.bench.ts']) {
    if (!files.has(need)) throw new Error(`pack-smoke: README.md has no \`\`\`ts block starting with "// ${need}"`)
  }
  return files
}

try {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  run(npm, ['run', 'build'], repo)
  const packed = run(npm, ['pack', '--ignore-scripts', '--pack-destination', work, '--json'], repo)
  const tarball = join(work, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename)
  console.log(`packed ${tarball}`)

  const project = join(work, 'project')
  mkdirSync(join(project, 'benches'), { recursive: true })
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'smoke', private: true, type: 'module' }, null, 2))
  const vitestVersion = JSON.parse(readFileSync(join(repo, 'node_modules/vitest/package.json'), 'utf8')).version as string
  run(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball, `vitest@${vitestVersion}`], project)
  for (const [name, text] of quickStartFiles()) {
    mkdirSync(join(project, name, '..'), { recursive: true })
    writeFileSync(join(project, name), text)
  }

  const vitest = join(project, 'node_modules/vitest/vitest.mjs')
  const first = run(process.execPath, [vitest, 'bench', '--run'], project)
  process.stdout.write(first.stdout)
  const baseline = JSON.parse(readFileSync(join(project, '.swarmbench/baseline.json'), 'utf8'))
  if (baseline.schemaVersion !== 1 || Object.keys(baseline.entries).length === 0) throw new Error('pack-smoke: the baseline is empty or has the wrong schema version')
  run(process.execPath, [vitest, 'bench', '--run'], project)

  const cli = join(project, 'node_modules/swarmbench/dist/src/cli/bin.js')
  const list = run(process.execPath, [cli, 'history', 'list', '--format', 'json'], project)
  const runs = JSON.parse(list.stdout) as unknown[]
  if (runs.length !== 2) throw new Error(`pack-smoke: expected 2 runs in the history, found ${runs.length}`)
  run(process.execPath, [cli, 'compare', '.swarmbench/baseline.json', '.swarmbench/last-run.json'], project)
  // The entry points resolve from the installed package ('swarmbench' itself only loads inside Vitest, and the
  // bench run above did load it).
  for (const spec of ['swarmbench/plugin', 'swarmbench/reporter', 'swarmbench/compare', 'swarmbench/store', 'swarmbench/tokens', 'swarmbench/ensemble', 'swarmbench/consensus', 'swarmbench/automation', 'swarmbench/datasets', 'swarmbench/memory']) {
    run(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(spec)})`], project)
  }
  const declared = readdirSync(join(project, 'node_modules/swarmbench/dist/src')).includes('index.d.ts')
  if (!declared) throw new Error('pack-smoke: the package ships no type declarations')
  console.log(`pack-smoke: ok (${Object.keys(baseline.entries).length} benchmarks in the baseline, 2 runs in the history)`)
} finally {
  if (keep) console.log(`kept ${work}`)
  else if (existsSync(work)) rmSync(work, { recursive: true, force: true })
}
