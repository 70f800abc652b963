import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { openStore } from '../../src/store/open.ts'
import { historyContract } from './contract.ts'

const dir = mkdtempSync(join(tmpdir(), 'swarmbench-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0

historyContract('SQLite', () => ({
  fresh: () => openStore(join(dir, `h${++n}.sqlite`)),
  reopen: (store, mode) => openStore(store.location, { mode }),
}))
