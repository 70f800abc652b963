// pytest-benchmark's JSON (`--benchmark-json=out.json`, which always holds the per-round data, or a saved run
// under .benchmarks/, which holds it only with --benchmark-save-data). Times are in seconds; one datum is one
// round: the mean of `iterations` calls.
import { badInput, durationAt, durationsAt, isRecord, parseJsonFile, stringAt, type IngestedBench, type IngestedFile } from './types.ts'

const FIX = 'pass the file written by pytest --benchmark-json=out.json (or a saved run made with --benchmark-save-data)'

export function parsePytestBenchmark(text: string, file: string): IngestedFile {
  const json = parseJsonFile(text, file, FIX)
  if (!isRecord(json) || !Array.isArray(json['benchmarks'])) throw badInput(file, 'benchmarks', 'is missing: this is not pytest-benchmark JSON', FIX)
  if (json['benchmarks'].length === 0) throw badInput(file, 'benchmarks', 'is empty', FIX)
  const benches = json['benchmarks'].map((b, i): IngestedBench => {
    const at = `benchmarks[${i}]`
    if (!isRecord(b)) throw badInput(file, at, 'must be an object', FIX)
    const name = stringAt(b['name'], file, `${at}.name`, FIX)
    const fullname = typeof b['fullname'] === 'string' ? b['fullname'] : name
    const module = fullname.includes('::') ? fullname.slice(0, fullname.indexOf('::')) : ''
    const stats = b['stats']
    if (!isRecord(stats)) throw badInput(file, `${at}.stats`, 'is missing', FIX)
    const iterations = typeof stats['iterations'] === 'number' ? stats['iterations'] : 1
    const base = { file: module, test: typeof b['group'] === 'string' ? b['group'] : '', bench: name }
    if (stats['data'] !== undefined) {
      return { ...base, samples: durationsAt(stats['data'], file, `${at}.stats.data`, 's', FIX), ...(iterations > 1 ? { sampleIs: `the mean of ${iterations} calls (one round)` } : {}) }
    }
    const rounds = typeof stats['rounds'] === 'number' ? `${stats['rounds']} rounds` : 'its rounds'
    return { ...base, summary: { stat: 'median', ms: durationAt(stats['median'], file, `${at}.stats.median`, FIX) * 1000, of: rounds } }
  })
  const mi = isRecord(json['machine_info']) ? json['machine_info'] : {}
  const cpu = isRecord(mi['cpu']) && typeof mi['cpu']['brand_raw'] === 'string' ? mi['cpu']['brand_raw'] : undefined
  const version = typeof json['version'] === 'string' ? ` ${json['version']}` : ''
  const python = typeof mi['python_implementation'] === 'string' ? ` (${mi['python_implementation']} ${String(mi['python_version'] ?? '')})`.replace(' )', ')') : ''
  return {
    tool: `pytest-benchmark${version}${python}`,
    machine: { ...(cpu ? { cpuModel: cpu } : {}), ...(typeof mi['system'] === 'string' ? { os: mi['system'] } : {}), ...(typeof mi['machine'] === 'string' ? { arch: mi['machine'] } : {}) },
    benches,
  }
}
