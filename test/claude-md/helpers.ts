import { main } from '../../src/cli/index.ts'

/** Runs the CLI in-process in `cwd`, collecting stdout and stderr. */
export async function cli(cwd: string, ...argv: string[]) {
  let out = '', err = ''
  const code = await main(argv, { out: s => { out += s }, err: s => { err += s }, isTTY: false, env: {}, cwd })
  return { code, out, err }
}
