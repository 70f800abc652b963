// Your own data: a CSV file read as a stream (csv-parse: RFC 4180 quoting, BOM, CRLF), validated row by row.
// Every problem is one line naming the file, the line and the column: a ragged row, a cell that is not a
// number, a missing target column, an empty file.
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import { parse } from 'csv-parse'
import { z } from 'zod'
import { SwarmbenchError, parseOption } from '../errors/index.ts'
import type { Dataset } from './types.ts'

export const LoadCsvOptionsSchema = z.strictObject({
  /** Target column: its header name, or its 0-based index. Default: the last column. */
  target: z.union([z.string().min(1), z.number().int().nonnegative()]).optional(),
  task: z.enum(['classification', 'regression']),
  /** First line holds column names. Default true; without it columns are named x0, x1, … */
  header: z.boolean().default(true),
  delimiter: z.string().min(1).default(','),
  /** Feature columns to keep (names, or indices without a header), in this order. Default: all but the target. */
  features: z.array(z.union([z.string().min(1), z.number().int().nonnegative()])).min(1).optional(),
  /** Dataset name; default the file name without extension. */
  name: z.string().min(1).optional(),
})
export type LoadCsvOptions = z.input<typeof LoadCsvOptionsSchema>

/** Result of `loadCsv`: a dataset plus, for classification, the label each class index stands for. */
export type CsvDataset = Dataset & { file: string }

const FIX_NUMBER = 'every feature cell must be a number (remove the row or fill the value)'

/**
 * Loads a numeric CSV as a dataset. Classification targets may be any text (class names are sorted, numbers
 * numerically, and indexed 0..k-1 in that order, as scikit-learn's LabelEncoder); regression targets and all
 * feature cells must be finite numbers. The file is streamed, so its size is bounded by the rows kept in memory
 * (the returned arrays), not by the file.
 */
export async function loadCsv(path: string, options: LoadCsvOptions): Promise<CsvDataset> {
  const o = parseOption(LoadCsvOptionsSchema, options, 'loadCsv')
  const where = (line: number, column?: string) => `${path}:${line}${column === undefined ? '' : `, column ${column}`}`
  const fail = (problem: string, fix: string, file = path): never => { throw new SwarmbenchError(problem, { file, fix }) }
  const parser = parse({ delimiter: o.delimiter, bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true })
  const input = createReadStream(path)
  input.on('error', e => parser.destroy(e)) // pipe() does not forward a read error (missing file, directory)
  input.pipe(parser)
  let names: string[] | undefined, targetAt = -1, featureAt: number[] = []
  const X: number[][] = [], rawY: string[] = []
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines
      if (!names) {
        names = o.header ? record.map((c, i) => c || `column ${i + 1}`) : record.map((_, i) => `x${i}`)
        const col = (c: string | number, what: string): number => {
          const i = typeof c === 'number' ? c : names!.indexOf(c)
          if (i < 0 || i >= names!.length) {
            fail(`${what} column ${JSON.stringify(c)} not found in ${o.header ? 'the header' : `a row of ${names!.length} cells`} (${names!.length} columns: ${names!.slice(0, 8).join(', ')}${names!.length > 8 ? ', …' : ''})`,
              o.header ? `name one of the header's columns${typeof c === 'number' ? '' : ' (names are case-sensitive)'}, or give its 0-based index` : 'give a 0-based column index', where(line))
          }
          return i
        }
        targetAt = col(o.target ?? names.length - 1, 'target')
        featureAt = o.features ? o.features.map(f => col(f, 'feature')) : names.map((_, i) => i).filter(i => i !== targetAt)
        if (featureAt.includes(targetAt)) fail(`the target column "${names[targetAt]}" is also listed as a feature`, 'leave it out of `features`', where(line))
        if (featureAt.length === 0) fail('no feature columns: the file has only the target column', 'add feature columns', where(line))
        if (o.header) continue
      }
      if (record.length !== names.length) {
        fail(`ragged row: ${record.length} cells, the ${o.header ? 'header has' : 'first row has'} ${names.length}`, 'give every row the same number of cells (quote cells that contain the delimiter)', where(line))
      }
      const row = new Array<number>(featureAt.length)
      for (let f = 0; f < featureAt.length; f++) {
        const cell = record[featureAt[f]!]!, v = Number(cell)
        if (cell === '' || !Number.isFinite(v)) fail(`not a number: ${JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)}`, FIX_NUMBER, where(line, `${featureAt[f]! + 1} "${names[featureAt[f]!]}"`))
        row[f] = v
      }
      const t = record[targetAt]!
      if (t === '') fail('the target is empty', 'give every row a target value', where(line, `${targetAt + 1} "${names[targetAt]}"`))
      if (o.task === 'regression' && !Number.isFinite(Number(t))) fail(`regression target is not a number: ${JSON.stringify(t)}`, 'use task: "classification" for class labels, or fix the value', where(line, `${targetAt + 1} "${names[targetAt]}"`))
      X.push(row); rawY.push(t)
    }
  } catch (e) {
    input.destroy(); parser.destroy()
    if (e instanceof SwarmbenchError) throw e
    const err = e as NodeJS.ErrnoException & { lines?: number }
    if (err.code === 'ENOENT') fail('file not found', 'check the path (relative paths are from the current directory)')
    if (err.code === 'EISDIR') fail('is a directory, not a CSV file', 'give the path of a .csv file')
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) fail(`CSV syntax: ${err.message}`, 'check quoting on that line (a quote inside a quoted cell is written "")', err.lines ? where(err.lines) : path)
    throw e
  }
  if (!names) fail('empty file: no header and no rows', 'give a CSV with a header line and at least one data row')
  if (X.length === 0) fail(`no data rows${o.header ? ' after the header' : ''}`, 'add at least one data row')
  const featureNames = featureAt.map(i => names![i]!)
  const base = { name: o.name ?? basename(path).replace(/\.[^.]*$/, ''), file: path, featureNames, X }
  if (o.task === 'regression') return { ...base, task: 'regression', y: rawY.map(Number) }
  // numeric labels are classes by value ("1" and "1.0" are one class), sorted numerically; text sorts as text
  const numeric = rawY.every(t => Number.isFinite(Number(t)))
  const labels = numeric ? rawY.map(t => String(Number(t))) : rawY
  const classes = [...new Set(labels)].sort(numeric ? (a, b) => Number(a) - Number(b) : undefined)
  if (classes.length < 2) fail(`classification needs at least 2 classes; every target is ${JSON.stringify(classes[0])}`, 'check the target column')
  const index = new Map(classes.map((c, i) => [c, i]))
  return { ...base, task: 'classification', y: labels.map(t => index.get(t)!), classes }
}
