import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import {
  loadDataset, parseNumericCsv, REAL_DATASETS, DATA_DIR, makeClassification, makeRegression, syntheticDataset,
  SYNTHETIC_SCENARIOS, stratifiedKFold, kFold, take,
} from '../../src/datasets/index.ts'

describe('real datasets', () => {
  it('loads the five shipped sets with the published shapes', () => {
    const shapes = { iris: [150, 4, 3], wine: [178, 13, 3], 'breast-cancer': [569, 30, 2], diabetes: [442, 10, 0], digits: [1797, 64, 10] }
    for (const name of REAL_DATASETS) {
      const ds = loadDataset(name)
      const [rows, feats, k] = shapes[name]
      expect(ds.X.length).toBe(rows)
      expect(ds.X[0]!.length).toBe(feats)
      expect(ds.featureNames.length).toBe(feats)
      expect(ds.classes?.length ?? 0).toBe(k)
      expect(ds.task).toBe(k ? 'classification' : 'regression')
    }
    const iris = loadDataset('iris')
    expect(iris.X[0]).toEqual([5.1, 3.5, 1.4, 0.2])
    expect([0, 1, 2].map(c => iris.y.filter(v => v === c).length)).toEqual([50, 50, 50])
    expect(loadDataset('breast-cancer').y.filter(v => v === 0).length).toBe(212)
    expect(loadDataset('diabetes').y[0]).toBe(151)
  })

  it('returns fresh copies', () => {
    const a = loadDataset('iris'); a.X[0]![0] = 99; a.y[0] = 2
    expect(loadDataset('iris').X[0]![0]).toBe(5.1)
    expect(loadDataset('iris').y[0]).toBe(0)
  })

  it('names the file and fix on bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-data-'))
    cpSync(DATA_DIR, dir, { recursive: true })
    expect(() => loadDataset('nope' as 'iris', dir)).toThrow(/unknown dataset "nope"/)
    writeFileSync(join(dir, 'iris.csv'), 'a,b,target\n1,2,0\n')
    expect(() => loadDataset('iris', dir)).toThrow(/iris\.csv: expected 150 rows/)
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generatedBy: 'x', datasets: { iris: { file: 'iris.csv', task: 'classification', rows: 1, features: 2, classes: ['a', 'b'] } } }))
    writeFileSync(join(dir, 'iris.csv'), 'a,b,target\n1,2,5\n')
    expect(() => loadDataset('iris', dir)).toThrow(/iris\.csv:2: target 5 is not a class index/)
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ generatedBy: 'x', datasets: { iris: { file: 'iris.csv', task: 'x' } } }))
    expect(() => loadDataset('iris', dir)).toThrow(/manifest\.json: field datasets\.iris\.task/)
    expect(() => parseNumericCsv('a,b\n1,x\n', 'f.csv')).toThrow(/f\.csv:2: column "b" is not a number/)
    expect(() => parseNumericCsv('a,b\n1\n', 'f.csv')).toThrow(/f\.csv:2: 1 cells/)
    expect(() => parseNumericCsv('a,b\n', 'f.csv')).toThrow(/header row and at least one data row/)
  })
})

describe('synthetic sets', () => {
  it('reproduces exactly for a seed and differs across seeds', () => {
    const a = makeClassification({ samples: 60, features: 6, informative: 3, redundant: 1, classes: 3, seed: 1 })
    expect(makeClassification({ samples: 60, features: 6, informative: 3, redundant: 1, classes: 3, seed: 1 })).toEqual(a)
    expect(makeClassification({ samples: 60, features: 6, informative: 3, redundant: 1, classes: 3, seed: 2 }).X).not.toEqual(a.X)
    expect(a.X.every(r => r.length === 6)).toBe(true)
    expect(new Set(a.y)).toEqual(new Set([0, 1, 2]))
    const r = makeRegression({ samples: 40, features: 5, informative: 2, nonlinear: true, seed: 3 })
    expect(makeRegression({ samples: 40, features: 5, informative: 2, nonlinear: true, seed: 3 })).toEqual(r)
    expect(r.task).toBe('regression')
  })

  it('rejects impossible options with the option named', () => {
    expect(() => makeClassification({ samples: 10, features: 2, informative: 3, seed: 1 })).toThrow(/makeClassification: .*informative \+ redundant/)
    expect(() => makeClassification({ samples: 10, features: 2, informative: 1, classes: 3, seed: 1 })).toThrow(/2\^informative/)
    expect(() => makeRegression({ samples: 1, features: 2, informative: 1, seed: 1 })).toThrow(/makeRegression: option samples/)
    expect(() => syntheticDataset('nope' as 'cross-validation')).toThrow(/unknown scenario/)
  })

  it('builds every plan scenario', () => {
    for (const name of Object.keys(SYNTHETIC_SCENARIOS) as (keyof typeof SYNTHETIC_SCENARIOS)[]) {
      const ds = syntheticDataset(name)
      expect(ds.X.length).toBe(SYNTHETIC_SCENARIOS[name].options.samples)
      expect(ds.name).toBe(name)
    }
  })
})

describe('k-fold splits', () => {
  it('stratified folds partition the rows, keep class proportions and reproduce', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 10, maxLength: 80 }), fc.integer({ min: 2, max: 5 }), fc.integer(), (y, k, seed) => {
      const folds = stratifiedKFold(y, k, seed)
      expect(folds).toEqual(stratifiedKFold(y, k, seed))
      const seen = folds.flatMap(f => f.test).sort((a, b) => a - b)
      expect(seen).toEqual(y.map((_, i) => i))
      for (const f of folds) {
        expect(f.train.length + f.test.length).toBe(y.length)
        expect(f.train.some(i => f.test.includes(i))).toBe(false)
        for (const c of new Set(y)) {
          const total = y.filter(v => v === c).length
          const inFold = f.test.filter(i => y[i] === c).length
          expect(Math.abs(inFold - total / k)).toBeLessThanOrEqual(1)
        }
      }
    }), { numRuns: 50 })
  })

  it('plain k-fold partitions and validates k', () => {
    const folds = kFold(23, 5, 9)
    expect(folds.flatMap(f => f.test).sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i))
    expect(folds.map(f => f.test.length).sort()).toEqual([4, 4, 5, 5, 5])
    expect(() => kFold(3, 5, 1)).toThrow(/3 rows cannot fill 5 folds/)
    expect(() => stratifiedKFold([0, 1], 1, 1)).toThrow(/k must be an integer ≥ 2/)
    expect(take(['a', 'b', 'c'], [2, 0])).toEqual(['c', 'a'])
  })
})
