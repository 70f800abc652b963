#!/usr/bin/env node
import { main } from './index.ts'

const code = await main(process.argv.slice(2), {
  out: s => void process.stdout.write(s),
  err: s => void process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
})
process.exitCode = code
