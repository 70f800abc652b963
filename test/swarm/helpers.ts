import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { codingSuiteSolutions } from '../../src/swarm/suite.ts'

export const STAND_IN_BIN = fileURLToPath(new URL('./stand-ins/bin/', import.meta.url))
export const REPO = fileURLToPath(new URL('../../', import.meta.url))

export interface StandInRule { when?: Record<string, string | number>; success?: number; tokens?: number; behaviour?: 'hang' | 'crash' | 'garbage' | 'exit127' | 'banner'; delayMs?: number }

/** Writes a stand-in config and returns the env that puts the stand-ins first on PATH. */
export function standInEnv(o: { seed?: number; success?: number; rules?: StandInRule[]; log?: string; pidFile?: string; claudeMdInContext?: boolean } = {}, dir = mkdtempSync(join(tmpdir(), 'swarm-standin-'))): NodeJS.ProcessEnv & { dir: string } {
  const config = join(dir, 'standin.json')
  writeFileSync(config, JSON.stringify({ seed: o.seed ?? 1, success: o.success ?? 0.9, rules: o.rules ?? [], tasks: codingSuiteSolutions().map(t => ({ match: t.prompt, solution: t.solution })), ...(o.log ? { log: o.log } : {}), ...(o.pidFile ? { pidFile: o.pidFile } : {}), ...(o.claudeMdInContext ? { claudeMdInContext: true } : {}) }))
  return { ...process.env, PATH: `${STAND_IN_BIN}${delimiter}${process.env.PATH}`, SWARMBENCH_STANDIN: config, dir }
}
