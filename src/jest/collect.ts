// The workers' records + Jest's aggregated results → the tests the shared pipeline collects. Pure.
import { relative, sep } from 'node:path'
import type { CollectedTest } from '../collect/index.ts'
import type { MetricArtifactPayload } from '../metrics/record.ts'
import type { JestRecord } from './channel.ts'

/** The parts of Jest's AggregatedResult this reads. */
export interface JestResults {
  testResults: ReadonlyArray<{ testFilePath: string; displayName?: { name: string } | undefined; testResults: ReadonlyArray<{ fullName: string; status: string }> }>
}

export function jestTests(records: readonly JestRecord[], results: JestResults, rootDir: string): { tests: CollectedTest[]; skipped: string[] } {
  const status = new Map<string, { status: string; project: string }>()
  for (const file of results.testResults) {
    for (const t of file.testResults) status.set(key(file.testFilePath, t.fullName), { status: t.status, project: file.displayName?.name ?? 'jest' })
  }
  const byTest = new Map<string, CollectedTest>()
  const skipped = new Set<string>()
  for (const r of records) {
    const k = key(r.testPath, r.test)
    const file = relative(rootDir, r.testPath).split(sep).join('/')
    const s = status.get(k)
    if (s?.status !== 'passed') {
      skipped.add(`${file} › ${r.test}: ${s?.status ?? 'not in the results'}; its benchmarks are not stored`)
      continue
    }
    let t = byTest.get(k)
    if (!t) { t = { project: s.project, file, test: r.test, benchmarks: [], metrics: [] }; byTest.set(k, t) }
    if (r.type === 'bench') (t.benchmarks as CollectedTest['benchmarks'][number][]).push({ name: r.test, tasks: [{ name: r.name, latency: r.latency, throughput: r.throughput }] })
    else (t.metrics as MetricArtifactPayload[]).push(r.metric as unknown as MetricArtifactPayload)
  }
  return { tests: [...byTest.values()], skipped: [...skipped] }
}

const key = (path: string, test: string) => `${path}\u0000${test}`
