// The real datasets shipped in data/ (see data/README.md for source and licence of each).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { z } from 'zod'
import type { Dataset } from './types.ts'

export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url))

export const REAL_DATASETS = ['iris', 'wine', 'breast-cancer', 'diabetes', 'digits'] as const
export type RealDatasetName = (typeof REAL_DATASETS)[number]

const EntrySchema = z.strictObject({
  file: z.string().regex(/^[\w.-]+\.csv$/),
  task: z.enum(['classification', 'regression']),
  rows: z.number().int().positive(),
  features: z.number().int().positive(),
  classes: z.array(z.string()).min(2).optional(),
})
const ManifestSchema = z.strictObject({ generatedBy: z.string(), datasets: z.record(z.string(), EntrySchema) })

const cache = new Map<string, Dataset>()

function readManifest(dir: string): z.infer<typeof ManifestSchema> {
  const file = join(dir, 'manifest.json')
  const parsed = ManifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
  if (!parsed.success) {
    const i = parsed.error.issues[0]!
    throw new Error(`${file}: field ${i.path.join('.')}: ${i.message} (regenerate with scripts/export-datasets.py)`)
  }
  return parsed.data
}

/** Parses a numeric CSV with a header row whose last column is the target. */
export function parseNumericCsv(text: string, file: string): { header: string[]; rows: number[][] } {
  const lines = text.split(/\r?\n/).filter(l => l.trim() !== '')
  if (lines.length < 2) throw new Error(`${file}: needs a header row and at least one data row`)
  const header = lines[0]!.split(',')
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',')
    if (cells.length !== header.length) throw new Error(`${file}:${i + 2}: ${cells.length} cells, header has ${header.length}`)
    return cells.map((c, j) => {
      const v = Number(c)
      if (c.trim() === '' || !Number.isFinite(v)) throw new Error(`${file}:${i + 2}: column "${header[j]}" is not a number: ${JSON.stringify(c)}`)
      return v
    })
  })
  return { header, rows }
}

/**
 * Loads one of the shipped real datasets. Returns fresh arrays on every call, so callers may mutate them.
 * `dir` overrides the data folder (tests use it to check error messages).
 */
export function loadDataset(name: RealDatasetName, dir: string = DATA_DIR): Dataset {
  const key = `${dir}\0${name}`
  let ds = cache.get(key)
  if (!ds) {
    const manifest = readManifest(dir)
    const entry = manifest.datasets[name]
    if (!entry) throw new Error(`loadDataset: unknown dataset "${name}"; available: ${Object.keys(manifest.datasets).join(', ')}`)
    const file = join(dir, entry.file)
    const { header, rows } = parseNumericCsv(readFileSync(file, 'utf8'), file)
    if (rows.length !== entry.rows || header.length !== entry.features + 1) {
      throw new Error(`${file}: expected ${entry.rows} rows × ${entry.features} features per manifest.json, found ${rows.length} × ${header.length - 1}`)
    }
    const y = rows.map(r => r[r.length - 1]!)
    if (entry.task === 'classification') {
      const k = entry.classes!.length
      const bad = y.findIndex(v => !Number.isInteger(v) || v < 0 || v >= k)
      if (bad >= 0) throw new Error(`${file}:${bad + 2}: target ${y[bad]} is not a class index in [0, ${k})`)
    }
    ds = {
      name, task: entry.task, featureNames: header.slice(0, -1), X: rows.map(r => r.slice(0, -1)), y,
      ...(entry.classes ? { classes: entry.classes } : {}),
    }
    cache.set(key, ds)
  }
  return { ...ds, X: ds.X.map(r => [...r]), y: [...ds.y], featureNames: [...ds.featureNames], ...(ds.classes ? { classes: [...ds.classes] } : {}) }
}
