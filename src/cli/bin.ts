#!/usr/bin/env node
// The CLI's process entry. It checks the Node version before loading anything else (one line and exit 2 on
// an old Node), and takes a closed stdout (`swarmbench … | head`) as the reader having seen enough: output
// stops quietly and the command still ends with its own exit code (0 for a plain compare).
import { exitIfOldNode } from '../env/node-version.js'

exitIfOldNode()
const { main } = await import('./index.ts')

let stdoutOpen = true
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') { stdoutOpen = false; return }
  throw e
})

const code = await main(process.argv.slice(2), {
  out: s => { if (stdoutOpen) process.stdout.write(s) },
  err: s => void process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
  ...(process.stdout.isTTY && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  env: process.env,
  cwd: process.cwd(),
})
process.exitCode = code
