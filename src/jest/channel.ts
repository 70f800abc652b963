// How figures travel from Jest test workers (other processes) to the reporter: the reporter makes a folder and
// names it in the environment before the workers start; each worker appends one JSON line per bench or metric
// to its own file there. Nothing here imports Jest or Vitest, so the CommonJS build stays small.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

export const JEST_DIR_ENV = 'SWARMBENCH_JEST_DIR'

const StatsSchema = z.object({
  samplesCount: z.number(), mean: z.number(), min: z.number(), max: z.number(), p50: z.number(), p75: z.number(), p99: z.number(), sd: z.number(), rme: z.number(),
  samples: z.array(z.number()).optional(),
})

/** One line of a worker's file. `test` is Jest's full test name, `testPath` the absolute test file. */
export const JestRecordSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bench'), testPath: z.string(), test: z.string(), name: z.string(), latency: StatsSchema, throughput: z.object({ mean: z.number() }) }),
  z.object({ type: z.literal('metric'), testPath: z.string(), test: z.string(), metric: z.looseObject({ name: z.string(), value: z.number(), afterRuns: z.number() }) }),
])
export type JestRecord = z.infer<typeof JestRecordSchema>

export function appendRecord(dir: string, record: JestRecord): void {
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(record)}\n`)
}

/** Every record the workers wrote, in order per worker; a line that does not parse is reported, not fatal. */
export function readRecords(dir: string): { records: JestRecord[]; problems: string[] } {
  const records: JestRecord[] = []
  const problems: string[] = []
  for (const name of readdirSync(dir).filter(n => n.endsWith('.jsonl')).sort()) {
    readFileSync(join(dir, name), 'utf8').split('\n').forEach((line, i) => {
      if (line === '') return
      let parsed: unknown
      try { parsed = JSON.parse(line) } catch { problems.push(`${name} line ${i + 1}: not JSON (a worker was killed while writing?)`); return }
      const r = JestRecordSchema.safeParse(parsed)
      if (r.success) records.push(r.data)
      else problems.push(`${name} line ${i + 1}: ${r.error.issues[0]!.message}`)
    })
  }
  return { records, problems }
}
