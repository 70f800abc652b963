// A throwaway PostgreSQL server for tests and scripts: Debian's postgresql package (initdb, pg_ctl under
// /usr/lib/postgresql/<version>/bin), a cluster in a temp folder, listening on a free loopback port, trust
// authentication for one user. PostgreSQL refuses to run as root, so under root it runs as the `postgres`
// user the package creates. `.ci/run` installs the package.
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Cluster {
  /** postgres://swarmbench@127.0.0.1:<port>/postgres */
  url: string
  /** How long initdb and the start took. */
  setupMs: number
  stop(): void
}

/** The newest installed PostgreSQL's bin folder, or undefined when the package is not installed. */
export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).filter(v => /^\d+$/.test(v)).map(Number).sort((a, b) => b - a)
  for (const v of versions) {
    const bin = join(root, String(v), 'bin')
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin
  }
  return undefined
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. In CI, .ci/run installs it, so it must be there. */
export function postgresMissing(): string | undefined {
  if (findPgBin()) return undefined
  return 'PostgreSQL is not installed (no initdb/pg_ctl under /usr/lib/postgresql/*/bin): install Debian\'s postgresql package (`apt-get install -y postgresql`, as .ci/run does)'
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

export async function startCluster(opts: { fsync?: boolean } = {}): Promise<Cluster> {
  const bin = findPgBin()
  if (!bin) throw new Error(postgresMissing())
  const began = performance.now()
  const dir = mkdtempSync(join(tmpdir(), 'swarmbench-pg-'))
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const run = (cmd: string, args: string[]) => execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe', cwd: dir })
  const data = join(dir, 'data')
  run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'swarmbench', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'])
  const port = await freePort()
  const settings = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=60', ...(opts.fsync === false ? ['-c fsync=off', '-c synchronous_commit=off'] : [])]
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings.join(' '), 'start'])
  let stopped = false
  return {
    url: `postgres://swarmbench@127.0.0.1:${port}/postgres`,
    setupMs: performance.now() - began,
    stop() {
      if (stopped) return
      stopped = true
      try { run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']) } finally { rmSync(dir, { recursive: true, force: true }) }
    },
  }
}
