// Builds the publishable package: type-checked JavaScript and declarations in dist/, plus the shipped datasets.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'

rmSync('dist', { recursive: true, force: true })
const tsc = resolve(import.meta.dirname, '../node_modules/typescript/bin/tsc')
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
if (r.status !== 0) process.exit(r.status ?? 1)
if (existsSync('data')) cpSync('data', 'dist/data', { recursive: true })

// `swarmbench/jest` for Jest's default (CommonJS) mode: see scripts/jest-bundle.ts.
const { build } = await import('rolldown')
const { JEST_BUNDLE } = await import('./jest-bundle.ts')
await build({ ...JEST_BUNDLE, output: { format: 'cjs', file: 'dist/cjs/jest.cjs' }, logLevel: 'warn' })
console.log('built dist/')
