// Seeded synthetic sets in the spirit of scikit-learn's make_classification / make_regression, built on
// swarmbench's RNG so a seed reproduces the same rows on every machine.
import { z } from 'zod'
import { createRng } from '../random/index.ts'
import type { Dataset } from './types.ts'
import { parseOption } from '../errors/index.ts'

const ClassificationSchema = z.strictObject({
  samples: z.number().int().min(2),
  features: z.number().int().min(1),
  /** Features that carry signal; the rest are `redundant` linear mixes of them plus pure noise. */
  informative: z.number().int().min(1),
  redundant: z.number().int().min(0).default(0),
  classes: z.number().int().min(2).default(2),
  /** Distance between class centres, in units of the within-class standard deviation. */
  classSep: z.number().positive().default(1),
  /** Fraction of labels replaced by a random class (label noise). */
  flipY: z.number().min(0).max(1).default(0.01),
  seed: z.number().int(),
}).refine(o => o.informative + o.redundant <= o.features, { message: 'informative + redundant must be ≤ features' })
  .refine(o => 2 ** o.informative >= o.classes, { message: 'need 2^informative ≥ classes (one hypercube vertex per class)' })

const RegressionSchema = z.strictObject({
  samples: z.number().int().min(2),
  features: z.number().int().min(1),
  informative: z.number().int().min(1),
  /** Standard deviation of Gaussian noise added to the target. */
  noise: z.number().min(0).default(10),
  /** Adds a smooth non-linear term (sin of the first informative feature) so trees and KNN have something to find. */
  nonlinear: z.boolean().default(false),
  seed: z.number().int(),
}).refine(o => o.informative <= o.features, { message: 'informative must be ≤ features' })

export type ClassificationOptions = z.input<typeof ClassificationSchema>
export type RegressionOptions = z.input<typeof RegressionSchema>

function parse<T extends z.ZodType>(schema: T, opts: unknown, fn: string): z.infer<T> {
  return parseOption(schema, opts, fn)
}

const names = (n: number) => Array.from({ length: n }, (_, i) => `x${i}`)

/** Gaussian clusters at distinct hypercube vertices, one per class; redundant and noise features appended. */
export function makeClassification(options: ClassificationOptions, name = 'synthetic-classification'): Dataset {
  const o = parse(ClassificationSchema, options, 'makeClassification')
  const rng = createRng(o.seed)
  // distinct vertices of the {-1, 1}^informative hypercube, scaled by classSep
  const vertices = rng.shuffle(Array.from({ length: Math.min(2 ** o.informative, 1 << 20) }, (_, i) => i)).slice(0, o.classes)
  const centres = vertices.map(v => Array.from({ length: o.informative }, (_, d) => ((v >> d) & 1 ? 1 : -1) * o.classSep))
  const mix = Array.from({ length: o.redundant }, () => Array.from({ length: o.informative }, () => rng.next() * 2 - 1))
  const X: number[][] = [], y: number[] = []
  for (let i = 0; i < o.samples; i++) {
    const c = i % o.classes // balanced classes
    const inf = centres[c]!.map(m => m + rng.normal())
    const red = mix.map(w => w.reduce((s, wi, d) => s + wi * inf[d]!, 0))
    const noise = Array.from({ length: o.features - o.informative - o.redundant }, () => rng.normal())
    X.push([...inf, ...red, ...noise])
    y.push(rng.next() < o.flipY ? rng.int(o.classes) : c)
  }
  const order = rng.shuffle(Array.from({ length: o.samples }, (_, i) => i))
  return {
    name, task: 'classification', featureNames: names(o.features),
    X: order.map(i => X[i]!), y: order.map(i => y[i]!), classes: Array.from({ length: o.classes }, (_, c) => `class_${c}`),
    provenance: { kind: 'simulated', how: `synthetic data: makeClassification ${JSON.stringify(o)}` },
  }
}

/** y = X·w + noise over the informative features (w uniform in [0, 100) as in make_regression). */
export function makeRegression(options: RegressionOptions, name = 'synthetic-regression'): Dataset {
  const o = parse(RegressionSchema, options, 'makeRegression')
  const rng = createRng(o.seed)
  const w = Array.from({ length: o.informative }, () => rng.next() * 100)
  const X: number[][] = [], y: number[] = []
  for (let i = 0; i < o.samples; i++) {
    const row = Array.from({ length: o.features }, () => rng.normal())
    let t = w.reduce((s, wi, d) => s + wi * row[d]!, 0) + o.noise * rng.normal()
    if (o.nonlinear) t += 50 * Math.sin(2 * row[0]!)
    X.push(row); y.push(t)
  }
  return { name, task: 'regression', featureNames: names(o.features), X, y, provenance: { kind: 'simulated', how: `synthetic data: makeRegression ${JSON.stringify(o)}` } }
}

/**
 * The plan's six scenarios. Sizes are kept small enough that every scenario's ensemble runs within the
 * benchmark time budget on a 2-core machine; "large" is 4× "small", not millions of rows.
 */
export const SYNTHETIC_SCENARIOS = {
  'classification-small': { kind: 'classification', options: { samples: 500, features: 10, informative: 5, redundant: 2, classes: 3, classSep: 1, seed: 42 } },
  'classification-large': { kind: 'classification', options: { samples: 2000, features: 20, informative: 8, redundant: 4, classes: 3, classSep: 1, seed: 43 } },
  'regression-small': { kind: 'regression', options: { samples: 500, features: 10, informative: 5, noise: 10, nonlinear: true, seed: 44 } },
  'regression-large': { kind: 'regression', options: { samples: 2000, features: 20, informative: 10, noise: 10, nonlinear: true, seed: 45 } },
  'hyperparameter-tuning': { kind: 'classification', options: { samples: 1000, features: 10, informative: 4, redundant: 2, classes: 2, classSep: 0.8, seed: 46 } },
  'cross-validation': { kind: 'classification', options: { samples: 1000, features: 15, informative: 6, redundant: 3, classes: 4, classSep: 1.2, seed: 47 } },
} as const satisfies Record<string, { kind: 'classification'; options: ClassificationOptions } | { kind: 'regression'; options: RegressionOptions }>

export type SyntheticScenario = keyof typeof SYNTHETIC_SCENARIOS

/** Builds one of the plan's seeded synthetic sets by name. */
export function syntheticDataset(name: SyntheticScenario): Dataset {
  const s = SYNTHETIC_SCENARIOS[name]
  if (!s) throw new Error(`syntheticDataset: unknown scenario "${String(name)}"; available: ${Object.keys(SYNTHETIC_SCENARIOS).join(', ')}`)
  return s.kind === 'classification' ? makeClassification(s.options, name) : makeRegression(s.options, name)
}
