import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadCsv, loadDataset, DATA_DIR } from '../../src/datasets/index.ts'

const dir = mkdtempSync(join(tmpdir(), 'swarmbench-csv-'))
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p }
/** The one-line message loadCsv rejects with. */
const problem = (p: Promise<unknown>) => p.then(() => 'loaded', (e: Error) => e.message)

describe('loadCsv: your own data', () => {
  it('reads a shipped set exactly as loadDataset does (header, last column = target)', async () => {
    const ours = await loadCsv(join(DATA_DIR, 'wine.csv'), { task: 'classification' })
    const shipped = loadDataset('wine')
    expect(ours.X).toEqual(shipped.X)
    expect(ours.y).toEqual(shipped.y)
    expect(ours.featureNames).toEqual(shipped.featureNames)
    expect(ours).toMatchObject({ name: 'wine', task: 'classification', classes: ['0', '1', '2'] })
  })

  it('names the target, picks features, maps text labels to sorted class indices, handles quotes, BOM and CRLF', async () => {
    const p = file('flowers.csv', '\uFEFFid,"petal, cm",sepal,species\r\n1,1.5,3,virginica\r\n2,0.2,"2.5",setosa\r\n\r\n3,1.1,2.9,versicolor\r\n')
    const d = await loadCsv(p, { target: 'species', task: 'classification', features: ['sepal', 'petal, cm'] })
    expect(d).toMatchObject({ featureNames: ['sepal', 'petal, cm'], X: [[3, 1.5], [2.5, 0.2], [2.9, 1.1]], y: [2, 0, 1], classes: ['setosa', 'versicolor', 'virginica'] })
    const r = await loadCsv(file('r.tsv', '1\t2\t10.5\n3\t4\t-2\n'), { header: false, target: 0, task: 'regression', delimiter: '\t', name: 'mine' })
    expect(r).toMatchObject({ name: 'mine', featureNames: ['x1', 'x2'], X: [[2, 10.5], [4, -2]], y: [1, 3] })
    const num = await loadCsv(file('num.csv', 'a,t\n1,2\n2,10\n3,2.0\n'), { task: 'classification' })
    expect(num).toMatchObject({ y: [0, 1, 0], classes: ['2', '10'] })
  })

  it('one clear line per malformed file: ragged row, non-numeric cell, missing target column, empty file', async () => {
    const ragged = file('ragged.csv', 'a,b,t\n1,2,0\n3,4\n5,6,1\n')
    expect(await problem(loadCsv(ragged, { task: 'classification' }))).toBe(`${ragged}:3: ragged row: 2 cells, the header has 3. Fix: give every row the same number of cells (quote cells that contain the delimiter)`)
    const text = file('text.csv', 'a,b,t\n1,2,0\n3,four,1\n')
    expect(await problem(loadCsv(text, { task: 'classification' }))).toBe(`${text}:3, column 2 "b": not a number: "four". Fix: every feature cell must be a number (remove the row or fill the value)`)
    const noTarget = file('target.csv', 'a,b,label\n1,2,0\n')
    expect(await problem(loadCsv(noTarget, { target: 'class', task: 'classification' }))).toBe(`${noTarget}:1: target column "class" not found in the header (3 columns: a, b, label). Fix: name one of the header's columns (names are case-sensitive), or give its 0-based index`)
    const empty = file('empty.csv', '')
    expect(await problem(loadCsv(empty, { task: 'regression' }))).toBe(`${empty}: empty file: no header and no rows. Fix: give a CSV with a header line and at least one data row`)
    for (const msg of await Promise.all([ragged, text, noTarget, empty].map(p => problem(loadCsv(p, { task: 'classification' }))))) expect(msg).not.toContain('\n')
  })

  it('other mistakes are one line too', async () => {
    const cases: [string, Parameters<typeof loadCsv>[1], RegExp][] = [
      [file('h.csv', 'a,t\n'), { task: 'regression' }, /h\.csv: no data rows after the header/],
      [file('e.csv', 'a,t\n1,\n'), { task: 'regression' }, /e\.csv:2, column 2 "t": the target is empty/],
      [file('rt.csv', 'a,t\n1,x\n'), { task: 'regression' }, /rt\.csv:2, column 2 "t": regression target is not a number: "x"/],
      [file('one.csv', 'a,t\n1,x\n2,x\n'), { task: 'classification' }, /one\.csv: classification needs at least 2 classes/],
      [file('q.csv', 'a,t\n"1,0\n'), { task: 'regression' }, /q\.csv.*CSV syntax/],
      [file('only.csv', 't\n1\n'), { task: 'regression' }, /only\.csv:1: no feature columns/],
      [file('both.csv', 'a,t\n1,2\n'), { task: 'regression', features: ['t'] }, /both\.csv:1: the target column "t" is also listed as a feature/],
      [join(dir, 'missing.csv'), { task: 'regression' }, /missing\.csv: file not found/],
      [dir, { task: 'regression' }, /is a directory/],
    ]
    for (const [p, o, re] of cases) expect(await problem(loadCsv(p, o))).toMatch(re)
    await expect(loadCsv('x.csv', { task: 'clustering' as 'regression' })).rejects.toThrow(/loadCsv: option task/)
  })
})
