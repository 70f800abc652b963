// tinybench results, in either of the two shapes a script can print:
// - tasks: `JSON.stringify(bench.tasks.map(({ name, result }) => ({ name, result })))`: the full result, with the
//   latency samples (ms) when the bench ran with `retainSamples: true`;
// - table: `JSON.stringify(bench.table())`: what console.table shows; a summary only (the median latency).
import { badInput, durationsAt, isRecord, parseJsonFile, stringAt, type IngestedBench, type IngestedFile } from './types.ts'

const FIX = 'print JSON.stringify(bench.tasks.map(({ name, result }) => ({ name, result }))) (with retainSamples: true) or JSON.stringify(bench.table())'

export function parseTinybench(text: string, file: string): IngestedFile {
  const json = parseJsonFile(text, file, FIX)
  if (!Array.isArray(json) || json.length === 0) throw badInput(file, '(root)', 'must be a non-empty array of tasks or table rows', FIX)
  const benches = json.map((row, i): IngestedBench => {
    if (!isRecord(row)) throw badInput(file, `[${i}]`, 'must be an object', FIX)
    return 'result' in row ? fromTask(row, i, file) : fromTableRow(row, i, file)
  })
  return { tool: 'tinybench', benches }
}

function fromTask(row: Record<string, unknown>, i: number, file: string): IngestedBench {
  const name = stringAt(row['name'], file, `[${i}].name`, FIX)
  const result = row['result']
  if (!isRecord(result)) throw badInput(file, `[${i}].result`, 'must be an object', FIX)
  if (result['state'] !== undefined && result['state'] !== 'completed') {
    throw badInput(file, `[${i}].result.state`, `is '${String(result['state'])}': the task did not complete`, 'fix the task so that it completes, then run the bench again')
  }
  const latency = result['latency']
  if (!isRecord(latency)) throw badInput(file, `[${i}].result.latency`, 'is missing', FIX)
  const base = { file: '', test: '', bench: name }
  if (latency['samples'] !== undefined && latency['samples'] !== null) {
    return { ...base, samples: durationsAt(latency['samples'], file, `[${i}].result.latency.samples`, 'ms', FIX) }
  }
  const p50 = latency['p50']
  if (typeof p50 !== 'number' || !Number.isFinite(p50) || p50 < 0) throw badInput(file, `[${i}].result.latency.p50`, 'must be a non-negative number when there are no samples', FIX)
  const n = typeof latency['samplesCount'] === 'number' ? ` ${latency['samplesCount']} samples` : ' its samples'
  return { ...base, summary: { stat: 'median', ms: p50, of: n.trim() } }
}

// tinybench 3–6: 'Latency med (ns)' is "501.00 ± 10.00"; tinybench 2: 'Average Time (ns)' is a number.
const MEDIAN_NS = 'Latency med (ns)', MEAN_NS = 'Latency avg (ns)', OLD_MEAN_NS = 'Average Time (ns)'

function fromTableRow(row: Record<string, unknown>, i: number, file: string): IngestedBench {
  const name = stringAt(row['Task name'] ?? row['Task Name'], file, `[${i}]["Task name"]`, FIX)
  const column = [MEDIAN_NS, MEAN_NS, OLD_MEAN_NS].find(c => row[c] !== undefined)
  if (!column) throw badInput(file, `[${i}]["${MEDIAN_NS}"]`, 'is missing (no latency column)', FIX)
  const cell = row[column]
  const ns = typeof cell === 'number' ? cell : Number(/^\s*([\d.]+(?:e[-+]?\d+)?)/i.exec(String(cell))?.[1])
  if (!Number.isFinite(ns) || ns < 0) throw badInput(file, `[${i}]["${column}"]`, `'${String(cell)}' does not start with a latency in ns`, FIX)
  const samples = typeof row['Samples'] === 'number' ? `${row['Samples']} samples` : 'its samples'
  return { file: '', test: '', bench: name, summary: { stat: column === MEDIAN_NS ? 'median' : 'mean', ms: ns / 1e6, of: samples } }
}
