// Other tools' result files → a swarmbench run (stored, diffed and gated like a Vitest run). One small parser per
// format; this file only names them and reads the files (gzip-compressed ones too, as CI artifacts often are).
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { SwarmbenchError, systemError } from '../errors/index.ts'
import { parseCriterion } from './criterion.ts'
import { parseGoBench } from './go-bench.ts'
import { parseMitata } from './mitata.ts'
import { parsePytestBenchmark } from './pytest-benchmark.ts'
import { parseTinybench } from './tinybench.ts'
import { parseVitestJson } from './vitest-json.ts'
import type { IngestedInput } from './to-run.ts'
import type { Parser } from './types.ts'

export { ingestedRun, ingestedId, type IngestedInput, type ToRunContext } from './to-run.ts'
export type { IngestedBench, IngestedFigure, IngestedFile, Parser } from './types.ts'
export { parseCriterion, parseGoBench, parseMitata, parsePytestBenchmark, parseTinybench, parseVitestJson }

export const FORMATS = {
  tinybench: parseTinybench,
  mitata: parseMitata,
  'go-bench': parseGoBench,
  'pytest-benchmark': parsePytestBenchmark,
  'vitest-json': parseVitestJson,
  criterion: parseCriterion,
} as const satisfies Record<string, Parser>
export type IngestFormat = keyof typeof FORMATS
export const FORMAT_NAMES = Object.keys(FORMATS) as IngestFormat[]

export function isFormat(name: string): name is IngestFormat {
  return Object.hasOwn(FORMATS, name)
}

/** Reads and parses one result file; `shown` is the path as the user wrote it (kept in the provenance). */
export function ingestFile(format: IngestFormat, path: string, shown = path): IngestedInput {
  let bytes: Buffer
  try { bytes = readFileSync(path) } catch (e) { throw systemError(e, shown, 'read') ?? e }
  let text: string
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try { text = gunzipSync(bytes).toString('utf8') } catch (e) {
      throw new SwarmbenchError(`is gzip-compressed but cannot be decompressed (${(e as Error).message})`, { file: shown, fix: 'pass the complete file' })
    }
  } else text = bytes.toString('utf8')
  return { format, path: shown, parsed: FORMATS[format](text, shown) }
}
