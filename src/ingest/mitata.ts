// mitata's JSON (`run({ format: 'json' })` or `{ format: { json: { samples: true } } }`): benchmarks[].runs[].stats
// holds the samples in ns (each one iteration, or the mean of a batch when mitata batches a fast function).
import { badInput, durationAt, durationsAt, isRecord, parseJsonFile, stringAt, type IngestedBench, type IngestedFile } from './types.ts'

const FIX = "print mitata's output of run({ format: 'json' }) unchanged"

export function parseMitata(text: string, file: string): IngestedFile {
  const json = parseJsonFile(text, file, FIX)
  if (!isRecord(json) || !Array.isArray(json['benchmarks'])) throw badInput(file, 'benchmarks', 'is missing: this is not mitata JSON', FIX)
  const layout = Array.isArray(json['layout']) ? json['layout'] : []
  const benches: IngestedBench[] = []
  json['benchmarks'].forEach((b, i) => {
    if (!isRecord(b) || !Array.isArray(b['runs'])) throw badInput(file, `benchmarks[${i}].runs`, 'must be an array', FIX)
    const alias = stringAt(b['alias'], file, `benchmarks[${i}].alias`, FIX)
    const group = typeof b['group'] === 'number' && isRecord(layout[b['group']]) ? layout[b['group']].name : undefined
    b['runs'].forEach((r, j) => {
      const at = `benchmarks[${i}].runs[${j}]`
      if (!isRecord(r)) throw badInput(file, at, 'must be an object', FIX)
      if (r['error'] !== undefined) throw badInput(file, `${at}.error`, `the benchmark failed: ${isRecord(r['error']) ? String(r['error']['message']) : String(r['error'])}`, 'fix the benchmark, then run it again')
      const stats = r['stats']
      if (!isRecord(stats)) throw badInput(file, `${at}.stats`, 'is missing', FIX)
      const name = typeof r['name'] === 'string' && r['name'] !== '' ? r['name'] : alias
      const base = { file: '', test: typeof group === 'string' && group !== '' ? group : '', bench: name }
      if (stats['samples'] !== undefined && stats['samples'] !== null) {
        benches.push({ ...base, samples: durationsAt(stats['samples'], file, `${at}.stats.samples`, 'ns', FIX) })
      } else {
        benches.push({ ...base, summary: { stat: 'median', ms: durationAt(stats['p50'], file, `${at}.stats.p50`, FIX) / 1e6 } })
      }
    })
  })
  if (benches.length === 0) throw badInput(file, 'benchmarks', 'is empty', FIX)
  const ctx = isRecord(json['context']) ? json['context'] : {}
  const cpu = isRecord(ctx['cpu']) && typeof ctx['cpu']['name'] === 'string' ? ctx['cpu']['name'] : undefined
  const runtime = typeof ctx['runtime'] === 'string' ? `${ctx['runtime']}${typeof ctx['version'] === 'string' ? ` ${ctx['version']}` : ''}` : undefined
  return { tool: `mitata${runtime ? ` (${runtime})` : ''}`, ...(cpu ? { machine: { cpuModel: cpu } } : {}), benches }
}
