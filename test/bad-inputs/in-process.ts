// Runs a CLI case inside this process through main(): the same code path as the bin, fast enough for npm test.
import { main } from '../../src/cli/index.ts'
import type { Runner } from './harness.ts'

export const inProcessRunner: Runner = async (c, d, env) => {
  if (!('cli' in c.run)) throw new Error(`${c.id} needs a real process`)
  // Some defaults are read from process.env (the busy timeout, the size guard): set them for the call.
  const saved = new Map(Object.keys(env).map(k => [k, process.env[k]]))
  Object.assign(process.env, env)
  let stdout = '', stderr = ''
  const began = performance.now()
  try {
    const exit = await main(c.run.cli, { out: s => { stdout += s }, err: s => { stderr += s }, isTTY: false, env: { ...process.env, SWARMBENCH_DEBUG: '' }, cwd: d.dir })
    return { exit, stdout, stderr, ms: performance.now() - began }
  } finally {
    for (const [k, v] of saved) { if (v === undefined) delete process.env[k]; else process.env[k] = v }
  }
}
