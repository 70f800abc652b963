// Criterion.rs (Rust): target/criterion/<group>/<function>[/<value>]/new/sample.json holds every sample as a total
// time (ns) over `iters` iterations, so each sample is times[i] / iters[i]; estimates.json beside it holds only the
// bootstrap estimates (a summary: the median's point estimate). The benchmark is named by its folder under
// criterion/, as Criterion lays it out; pass sample.json where you can.
import { badInput, durationAt, isRecord, parseJsonFile, type IngestedBench, type IngestedFile } from './types.ts'

const FIX = "pass Criterion's target/criterion/<benchmark>/new/sample.json (or estimates.json) unchanged"

export function parseCriterion(text: string, file: string): IngestedFile {
  const json = parseJsonFile(text, file, FIX)
  if (!isRecord(json)) throw badInput(file, '(root)', 'must be an object', FIX)
  const id = benchmarkId(file)
  const slash = id.indexOf('/')
  const base = { file: '', test: slash > 0 ? id.slice(0, slash) : id, bench: id }
  if ('times' in json || 'iters' in json) {
    const times = json['times'], iters = json['iters']
    if (!Array.isArray(times)) throw badInput(file, 'times', 'must be an array of numbers', FIX)
    if (!Array.isArray(iters) || iters.length !== times.length) throw badInput(file, 'iters', `must be an array as long as times (${times.length})`, FIX)
    if (times.length === 0) throw badInput(file, 'times', 'is empty', FIX)
    const samples = times.map((t, i) => {
      const n = durationAt(iters[i], file, `iters[${i}]`, FIX)
      if (n === 0) throw badInput(file, `iters[${i}]`, 'is 0: a sample of no iterations', FIX)
      return durationAt(t, file, `times[${i}]`, FIX) / n / 1e6
    })
    const mode = typeof json['sampling_mode'] === 'string' ? `, sampling mode ${json['sampling_mode']}` : ''
    return { tool: 'criterion', benches: [{ ...base, samples, sampleIs: `the mean of its iterations (one Criterion sample${mode})` }] }
  }
  const median = json['median']
  if (!isRecord(median)) throw badInput(file, 'median', 'is missing: neither a Criterion sample.json (times, iters) nor an estimates.json (mean, median…)', FIX)
  const bench: IngestedBench = { ...base, summary: { stat: 'median', ms: durationAt(median['point_estimate'], file, 'median.point_estimate', FIX) / 1e6, of: 'the bootstrap estimate in estimates.json' } }
  return { tool: 'criterion', benches: [bench] }
}

/** `…/criterion/fib/fib 20/new/sample.json` → `fib/fib 20`; without that layout, the file's folder. */
export function benchmarkId(file: string): string {
  const parts = file.replaceAll('\\', '/').split('/')
  const at = parts.lastIndexOf('criterion')
  const end = parts.length - 2 // the folder holding the file: new, base, change or the benchmark itself
  const stop = ['new', 'base', 'change'].includes(parts[end] ?? '') ? end : end + 1
  if (at >= 0 && at + 1 < stop) return parts.slice(at + 1, stop).join('/')
  return parts[stop - 1] ?? file
}
