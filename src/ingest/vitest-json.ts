// Vitest 5's JSON reporter (`vitest bench --run --reporter=json --outputFile=out.json`): each assertion result of a
// bench test carries `benchmarks: [{ name, tasks: [{ name, latency, throughput }] }]`, the latency in ms with the
// samples when `retainSamples` was on. Test files are named relative to the folder all of them share.
import { posix } from 'node:path'
import { badInput, durationAt, durationsAt, isRecord, parseJsonFile, stringAt, type IngestedBench, type IngestedFile } from './types.ts'

const FIX = 'pass the file written by vitest bench --run --reporter=json --outputFile=out.json (with benchmark.retainSamples for the samples)'

export function parseVitestJson(text: string, file: string): IngestedFile {
  const json = parseJsonFile(text, file, FIX)
  if (!isRecord(json) || !Array.isArray(json['testResults'])) throw badInput(file, 'testResults', 'is missing: this is not Vitest JSON', FIX)
  const suites = json['testResults']
  const names = suites.map((s, i) => stringAt(isRecord(s) ? s['name'] : undefined, file, `testResults[${i}].name`, FIX).replaceAll('\\', '/'))
  const root = commonDir(names)
  const benches: IngestedBench[] = []
  suites.forEach((s, i) => {
    const assertions = (s as Record<string, unknown>)['assertionResults']
    if (!Array.isArray(assertions)) throw badInput(file, `testResults[${i}].assertionResults`, 'must be an array', FIX)
    assertions.forEach((a, j) => {
      const at = `testResults[${i}].assertionResults[${j}]`
      if (!isRecord(a) || a['benchmarks'] === undefined) return
      if (a['status'] !== 'passed') return // a failed bench test's figures are not kept, as in our own runs
      if (!Array.isArray(a['benchmarks'])) throw badInput(file, `${at}.benchmarks`, 'must be an array', FIX)
      const test = stringAt(a['fullName'], file, `${at}.fullName`, FIX)
      a['benchmarks'].forEach((b, k) => {
        if (!isRecord(b) || !Array.isArray(b['tasks'])) throw badInput(file, `${at}.benchmarks[${k}].tasks`, 'must be an array', FIX)
        const group = typeof b['name'] === 'string' && b['name'] !== test ? ` › ${b['name']}` : ''
        b['tasks'].forEach((t, m) => {
          const tat = `${at}.benchmarks[${k}].tasks[${m}]`
          if (!isRecord(t) || !isRecord(t['latency'])) throw badInput(file, `${tat}.latency`, 'is missing', FIX)
          const name = stringAt(t['name'], file, `${tat}.name`, FIX)
          const base = { file: posix.relative(root, names[i]!) || names[i]!, test: `${test}${group}`, bench: name }
          const l = t['latency']
          if (Array.isArray(l['samples']) && l['samples'].length > 0) benches.push({ ...base, samples: durationsAt(l['samples'], file, `${tat}.latency.samples`, 'ms', FIX) })
          else benches.push({ ...base, summary: { stat: 'median', ms: durationAt(l['p50'], file, `${tat}.latency.p50`, FIX), of: `${typeof l['samplesCount'] === 'number' ? l['samplesCount'] : 'its'} samples` } })
        })
      })
    })
  })
  if (benches.length === 0) throw badInput(file, 'testResults', 'holds no passed test with benchmarks', 'run `vitest bench --run --reporter=json --outputFile=out.json` (a plain `vitest run` has no benchmarks)')
  return { tool: 'vitest --reporter=json', benches }
}

function commonDir(paths: readonly string[]): string {
  const split = paths.map(p => posix.dirname(p).split('/'))
  const first = split[0] ?? []
  let n = first.length
  for (const parts of split) { let i = 0; while (i < n && parts[i] === first[i]) i++; n = i }
  return first.slice(0, n).join('/') || '/'
}
