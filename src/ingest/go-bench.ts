// `go test -bench` text, the format benchstat reads (Go proposal 14313): `key: value` configuration lines and
// `BenchmarkName-P  N  v1 unit1  v2 unit2 …` result lines; everything else (PASS, ok, logs) is ignored.
// Each result line is one sample: the mean over its N iterations. Run with -count=10 for ten samples.
import { badInput, type IngestedBench, type IngestedFigure, type IngestedFile } from './types.ts'

const FIX = 'pass the unmodified output of `go test -bench . -count 10` (or a file benchstat reads)'
/** A result line: the name, then the iteration count, then value/unit pairs (benchstat's rule for the name). */
const RESULT = /^Benchmark(?:[^a-z\s]\S*)?(?=\s|$)/
const CONFIG = /^([a-z][^\s:]*):\s*(.*)$/

/** Units with a known meaning; others (b.ReportMetric) are kept as info, shown but never gating. */
const UNITS: Record<string, Omit<IngestedFigure, 'name' | 'values' | 'unit'> & { unit: string }> = {
  'B/op': { unit: 'B', better: 'lower', kind: 'memory' },
  'allocs/op': { unit: 'allocs', better: 'lower', kind: 'memory' },
  'MB/s': { unit: 'MB/s', better: 'higher', kind: 'timing' },
}

export function parseGoBench(text: string, file: string): IngestedFile {
  const config: Record<string, string> = {}
  const byName = new Map<string, IngestedBench & { figureMap: Map<string, IngestedFigure> }>()
  const lines = text.split(/\r?\n/)
  lines.forEach((line, i) => {
    const config1 = CONFIG.exec(line)
    if (config1) { config[config1[1]!] = config1[2]!.trim(); return }
    if (!RESULT.test(line)) return
    const field = `line ${i + 1}`
    const fields = line.trim().split(/\s+/)
    if (fields.length < 4 || fields.length % 2 !== 0) {
      throw badInput(file, field, `'${line.trim().slice(0, 60)}' is not a result line: expected name, iterations and value/unit pairs`, FIX)
    }
    const [rawName, iterations, ...pairs] = fields as [string, string, ...string[]]
    if (!/^\d+$/.test(iterations)) throw badInput(file, field, `iteration count '${iterations}' is not a whole number`, FIX)
    const name = rawName.replace(/-\d+$/, '') // the GOMAXPROCS suffix is the machine, not the benchmark
    const pkg = config['pkg'] ?? ''
    const key = `${pkg}\u0000${name}`
    const bench: IngestedBench & { figureMap: Map<string, IngestedFigure> } = byName.get(key) ?? { file: pkg, test: name.split('/')[0]!, bench: name, samples: [], sampleIs: `the mean of one go test -bench line's iterations`, figureMap: new Map() }
    byName.set(key, bench)
    let sawTime = false
    for (let p = 0; p < pairs.length; p += 2) {
      const value = Number(pairs[p]), unit = pairs[p + 1]!
      if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(pairs[p]!) || !Number.isFinite(value)) throw badInput(file, field, `value '${pairs[p]}' of ${unit} is not a number`, FIX)
      if (unit === 'ns/op') {
        if (value < 0) throw badInput(file, field, `ns/op is negative (${value})`, FIX)
        bench.samples!.push(value / 1e6)
        sawTime = true
        continue
      }
      const known = UNITS[unit]
      const figure: IngestedFigure = bench.figureMap.get(unit) ?? { name: unit, values: [], ...(known ?? { unit, better: 'lower' as const, kind: 'info' as const }) }
      bench.figureMap.set(unit, figure)
      figure.values.push(value)
    }
    if (!sawTime) throw badInput(file, field, `${name} has no ns/op figure`, FIX)
  })
  if (byName.size === 0) throw badInput(file, '(whole file)', 'has no Benchmark result line', FIX)
  const machine = {
    ...(config['cpu'] ? { cpuModel: config['cpu'] } : {}),
    ...(config['goos'] ? { os: config['goos'] } : {}),
    ...(config['goarch'] ? { arch: config['goarch'] } : {}),
  }
  return {
    tool: 'go test -bench',
    ...(Object.keys(machine).length ? { machine } : {}),
    benches: [...byName.values()].map(({ figureMap, ...b }) => ({ ...b, ...(figureMap.size ? { figures: [...figureMap.values()] } : {}) })),
  }
}
