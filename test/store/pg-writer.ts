// A separate process that stores runs into a PostgreSQL history, for the concurrency and SIGKILL tests.
// argv: url, writer number, runs, benchmarks per run. Prints "started" once connected, then one id per run.
import { openStore } from '../../src/store/open.ts'
import { syntheticRun } from './synthetic.ts'

const [url, writer, runs, benchmarks] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5])]
const store = await openStore(url)
process.stdout.write('started\n')
try {
  for (let i = 0; i < runs; i++) process.stdout.write(`${await store.saveRun(syntheticRun({ writer, index: i, benchmarks, samples: 200 }))}\n`)
} finally { await store.close() }
