// Builds the publishable package: type-checked JavaScript and declarations in dist/, plus the shipped datasets.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, rmSync } from 'node:fs'
import { resolve } from 'node:path'

rmSync('dist', { recursive: true, force: true })
const tsc = resolve(import.meta.dirname, '../node_modules/typescript/bin/tsc')
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' })
if (r.status !== 0) process.exit(r.status ?? 1)
if (existsSync('data')) cpSync('data', 'dist/data', { recursive: true })
console.log('built dist/')
