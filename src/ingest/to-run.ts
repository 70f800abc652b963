// Ingested files → one run in the baseline format, so it is stored, diffed and gated like a Vitest run.
// Every entry and figure says where it came from (provenance 'replayed': read back from a real run's result
// file, with the tool, the file and what one sample is). Pure: the clock, git and this machine come in.
import { ID_SEPARATOR } from '../collect/index.ts'
import { encodeSamples } from '../compare/samples.ts'
import { sampleSummary } from '../compare/stats/describe.ts'
import { BASELINE_SCHEMA_VERSION, type Baseline, type Entry, type Metric, type Provenance, type RunMeta } from '../schema/baseline.ts'
import type { IngestedBench, IngestedFile } from './types.ts'

export interface IngestedInput {
  /** The format's name, which becomes the entries' project ('go', 'pytest-benchmark'…). */
  format: string
  /** The file as the user named it (shown in the provenance). */
  path: string
  parsed: IngestedFile
}

export interface ToRunContext {
  createdAt: string
  git: RunMeta['git']
  /** This machine; what the files say about theirs wins field by field. */
  env: RunMeta['env']
  sampleCap?: number
}

export function ingestedRun(inputs: readonly IngestedInput[], ctx: ToRunContext): Baseline {
  const entries: Record<string, Entry> = {}
  let rounds = 1
  for (const input of inputs) {
    for (const b of input.parsed.benches) {
      const id = ingestedId(input.format, b)
      const entry = entries[id] ??= { id, project: input.format, file: b.file, test: b.test || b.bench, bench: b.bench, rounds: [], metrics: {} }
      addBench(entry, b, input, ctx.sampleCap)
      rounds = Math.max(rounds, Math.max(entry.rounds.length, ...Object.values(entry.metrics).map(m => m.rounds.length)))
    }
  }
  const machine = inputs.length === 1 ? inputs[0]!.parsed.machine : sameMachine(inputs)
  const tools = [...new Set(inputs.map(i => i.parsed.tool))]
  return {
    schemaVersion: BASELINE_SCHEMA_VERSION,
    run: {
      createdAt: ctx.createdAt, rounds, git: ctx.git,
      env: {
        ...ctx.env,
        ...(machine?.cpuModel ? { cpuModel: machine.cpuModel } : {}),
        ...(machine?.os ? { os: machine.os } : {}),
        ...(machine?.arch ? { arch: machine.arch } : {}),
        vitest: '', moduleRunner: false, runner: `swarmbench ingest: ${tools.join(', ')}`,
      },
    },
    entries,
  }
}

/** format › file › group › name, leaving out the parts the format does not have. */
export function ingestedId(format: string, b: Pick<IngestedBench, 'file' | 'test' | 'bench'>): string {
  return [format, b.file, b.test === b.bench ? '' : b.test, b.bench].filter(p => p !== '').join(ID_SEPARATOR)
}

/** A second file with the same benchmark is a second round (another process run of the tool). */
function addBench(entry: Entry, b: IngestedBench, input: IngestedInput, sampleCap: number | undefined): void {
  const source = `${input.parsed.tool} result file ${input.path}`
  const stats = b.samples && b.samples.length > 0 ? sampleSummary(b.samples) : undefined
  if (stats) {
    entry.rounds.push({ latency: stats, throughputMean: stats.mean > 0 ? 1000 / stats.mean : 0, samples: encodeSamples(b.samples!, sampleCap) })
    entry.provenance = replayed(`${source}; ${stats.n} sample(s)${b.sampleIs ? `, each ${b.sampleIs}` : ''}`)
  } else if (b.summary) {
    // Judged with what is there: one figure per round, never dressed up as a distribution.
    const name = `latency.${b.summary.stat}`
    const how = `${source}; summary only, the file kept no samples: the ${b.summary.stat}${b.summary.of ? ` of ${b.summary.of}` : ''}`
    pushFigure(entry, name, { unit: 'ms', better: 'lower', kind: 'timing', provenance: replayed(how) }, [b.summary.ms])
  }
  for (const f of b.figures ?? []) {
    pushFigure(entry, f.name, { unit: f.unit, better: f.better, kind: f.kind, provenance: replayed(`${source}${f.values.length > 1 ? `; ${f.values.length} samples` : ''}`) }, f.values)
  }
}

function pushFigure(entry: Entry, name: string, def: Omit<Metric, 'rounds'>, values: number[]): void {
  const m = entry.metrics[name] ??= { ...def, rounds: [] }
  const sorted = values.toSorted((a, b) => a - b)
  m.rounds.push(values.length > 1 ? { value: sampleSummary(sorted)!.p50, samples: sorted } : { value: values[0]! })
}

const replayed = (how: string): Provenance => ({ kind: 'replayed', how })

function sameMachine(inputs: readonly IngestedInput[]): IngestedFile['machine'] {
  const cpu = new Set(inputs.map(i => i.parsed.machine?.cpuModel).filter(Boolean))
  const os = new Set(inputs.map(i => i.parsed.machine?.os).filter(Boolean))
  const arch = new Set(inputs.map(i => i.parsed.machine?.arch).filter(Boolean))
  const one = <T>(s: Set<T>) => (s.size === 1 ? [...s][0] : undefined)
  const m = { cpuModel: one(cpu), os: one(os), arch: one(arch) }
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as IngestedFile['machine']
}
