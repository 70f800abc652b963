// Test helpers: a real GC hook inside the vitest worker (which runs without --expose-gc), and a child runner.
import v8 from 'node:v8'
import vm from 'node:vm'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** V8 lets a running process expose gc() to a fresh context; the global `gc` stays absent, as in production. */
export function workerGc(): () => void {
  v8.setFlagsFromString('--expose-gc')
  const gc = vm.runInNewContext('gc') as () => void
  v8.setFlagsFromString('--no-expose-gc')
  return gc
}

export const CHILD = fileURLToPath(new URL('./child/leak-child.ts', import.meta.url))

/** Runs the leak child with argument arrays (no shell) and parses its JSON report. */
export function runChild(args: string[], opts: { exposeGc: boolean; env?: Record<string, string> }): Promise<any> {
  const argv = [...(opts.exposeGc ? ['--expose-gc'] : []), CHILD, ...args]
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { env: { ...process.env, ...opts.env }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`child ${args.join(' ')} failed: ${err.message}\n${stderr}`))
      try { resolve(JSON.parse(stdout)) } catch (e) { reject(new Error(`child ${args.join(' ')} printed non-JSON: ${stdout.slice(0, 200)}\n${stderr}`)) }
    })
  })
}
