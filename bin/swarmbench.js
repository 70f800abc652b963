#!/usr/bin/env node
// The `swarmbench` command. Installed from a package, it runs the built CLI (dist/). In a clone of the
// repository it runs the TypeScript source directly, so `npx swarmbench` works right after `npm ci`, needs no
// build and never runs stale code; npx puts the clone's node_modules/.bin first on PATH, so `node` above is
// the Node 24 that the `node` devDependency pins. Either way the Node version is checked before anything else.
import { existsSync } from 'node:fs'

const inClone = existsSync(new URL('../src/cli/bin.ts', import.meta.url))
const { exitIfOldNode } = await import(inClone ? '../src/env/node-version.js' : '../dist/src/env/node-version.js')
exitIfOldNode()
if (inClone && !process.features.typescript) {
  process.stderr.write(`swarmbench: this Node (${process.version}) runs TypeScript only with --experimental-strip-types. `
    + 'Fix: run `npx swarmbench` in the clone (it uses the pinned Node 24 from node_modules/.bin), or use Node 22.18+\n')
  process.exit(2)
}
await import(inClone ? '../src/cli/bin.ts' : '../dist/src/cli/bin.js')
