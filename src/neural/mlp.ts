// A small multilayer perceptron on TensorFlow.js (pure-JS CPU backend: installs from npm alone, no native
// download), trained on swarmbench's shipped datasets. Seeded: initial weights and minibatch order reproduce.
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import * as tfl from '@tensorflow/tfjs-layers'
import { z } from 'zod'
import { createRng } from '../random/index.ts'
import type { Dataset } from '../datasets/index.ts'
import type { NeuralModel } from './bench.ts'
import { parseOption } from '../errors/index.ts'
import { accuracy, r2 } from '../ensemble/metrics.ts'

let ready: Promise<void> | undefined
/** Selects the CPU backend once; prod mode also silences tfjs's "install tfjs-node" console banner. */
export function tfReady(): Promise<void> {
  ready ??= (async () => { tf.enableProdMode(); await tf.setBackend('cpu'); await tf.ready() })()
  return ready
}

export const MlpOptionsSchema = z.strictObject({
  hidden: z.array(z.number().int().positive()).min(1).max(8).default([16]),
  learningRate: z.number().positive().default(0.01),
  seed: z.number().int().default(1),
})
export type MlpOptions = z.input<typeof MlpOptionsSchema>

/** Feature standardisation fitted on training rows only. */
export interface Scaler { mean: number[]; std: number[] }
export function fitScaler(X: readonly number[][]): Scaler {
  if (X.length === 0) throw new RangeError('fitScaler: no rows')
  const d = X[0]!.length
  const mean = Array.from({ length: d }, (_, j) => X.reduce((a, r) => a + r[j]!, 0) / X.length)
  const std = mean.map((m, j) => Math.sqrt(X.reduce((a, r) => a + (r[j]! - m) ** 2, 0) / X.length) || 1)
  return { mean, std }
}
export function scale(s: Scaler, X: readonly number[][]): number[][] {
  return X.map(r => r.map((v, j) => (v - s.mean[j]!) / s.std[j]!))
}

export interface Mlp extends NeuralModel {
  readonly layers: tfl.Sequential
  readonly task: Dataset['task']
  readonly scaler: Scaler
  /** Class index (classification) or value (regression) per row of raw features. */
  predictRows(X: readonly number[][]): number[]
  dispose(): void
}

/**
 * Builds an MLP for `data` and fits the scaler on `trainRows`. Regression targets are standardised too, so
 * one learning rate suits every dataset; predictions are mapped back.
 */
export async function createMlp(data: Dataset, trainRows: readonly number[], options: MlpOptions = {}): Promise<Mlp> {
  const o = parseOption(MlpOptionsSchema, options, 'createMlp')
  await tfReady()
  if (trainRows.length === 0) throw new RangeError(`createMlp(${data.name}): no training rows`)
  const inputs = data.featureNames.length
  const classification = data.task === 'classification'
  const outputs = classification ? (data.classes?.length ?? Math.max(...data.y) + 1) : 1
  const rng = createRng(o.seed)
  const scaler = fitScaler(trainRows.map(i => data.X[i]!))
  const ys = trainRows.map(i => data.y[i]!)
  const yMean = classification ? 0 : ys.reduce((a, b) => a + b, 0) / ys.length
  const yStd = classification ? 1 : Math.sqrt(ys.reduce((a, b) => a + (b - yMean) ** 2, 0) / ys.length) || 1
  const init = () => tfl.initializers.glorotUniform({ seed: rng.int(2 ** 31) })
  const layers = tfl.sequential()
  o.hidden.forEach((units, k) => layers.add(tfl.layers.dense({ units, activation: 'relu', kernelInitializer: init(), ...(k === 0 ? { inputShape: [inputs] } : {}) })))
  layers.add(tfl.layers.dense({ units: outputs, activation: classification ? 'softmax' : 'linear', kernelInitializer: init() }))
  layers.compile({ optimizer: tf.train.adam(o.learningRate), loss: classification ? 'sparseCategoricalCrossentropy' : 'meanSquaredError' })

  const toInput = (X: readonly number[][]) => tf.tensor2d(scale(scaler, X), [X.length, inputs])
  const model: Mlp = {
    layers, task: data.task, scaler, inputSize: inputs,
    predict(X) {
      // One call = tensor in, forward pass, values out: the latency a caller of the model sees.
      return tf.tidy(() => (layers.predict(toInput(X)) as tf.Tensor).dataSync())
    },
    async trainStep(X, y) {
      const xs = toInput(X)
      const yt = classification ? tf.tensor1d(y as number[], 'float32') : tf.tensor2d((y as number[]).map(v => [(v - yMean) / yStd]), [y.length, 1])
      try { return await layers.trainOnBatch(xs, yt) } finally { xs.dispose(); yt.dispose() }
    },
    predictRows(X) {
      const out = model.predict(X as number[][]) as Float32Array
      if (!classification) return Array.from(out, v => v * yStd + yMean)
      return Array.from({ length: X.length }, (_, r) => {
        let best = 0
        for (let c = 1; c < outputs; c++) if (out[r * outputs + c]! > out[r * outputs + best]!) best = c
        return best
      })
    },
    // the optimizer's state is not the layers': without its own dispose Adam's moments outlive the model
    dispose() { layers.optimizer?.dispose(); layers.dispose() },
    paramCount: () => layers.countParams(),
    async memoryBytes() {
      // the tensors the model keeps: its weights and the optimizer's state (Adam's moments), as allocated
      const optimizer = layers.optimizer ? await layers.optimizer.getWeights() : []
      // getWeights() makes a fresh scalar for the step count ('iter'): not state the model keeps, and freed here
      for (const w of optimizer) if (w.name === 'iter') w.tensor.dispose()
      const tensors = [...layers.weights.map(w => w.read()), ...optimizer.filter(w => w.name !== 'iter').map(w => w.tensor)]
      return tensors.reduce((sum, t) => sum + t.size * BYTES_PER_ELEMENT[t.dtype as keyof typeof BYTES_PER_ELEMENT], 0)
    },
  }
  return model
}

const BYTES_PER_ELEMENT = { float32: 4, int32: 4, bool: 1, complex64: 8, string: 0 } as const

export interface TrainReport { epochs: number; batchSize: number; iterationMs: number[]; finalLoss: number }

/** Minibatch training: `epochs` passes over `rows` in a seeded order, each trainOnBatch timed. */
export async function trainMlp(model: Mlp, data: Dataset, rows: readonly number[], opts: { epochs?: number; batchSize?: number; seed?: number } = {}): Promise<TrainReport> {
  const epochs = opts.epochs ?? 30, batchSize = opts.batchSize ?? 16
  if (!(Number.isInteger(epochs) && epochs > 0)) throw new RangeError(`trainMlp: epochs must be a positive integer, got ${epochs}`)
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`trainMlp: batchSize must be a positive integer, got ${batchSize}`)
  const rng = createRng(opts.seed ?? 7)
  const order = [...rows]
  const iterationMs: number[] = []
  let finalLoss = NaN
  for (let e = 0; e < epochs; e++) {
    rng.shuffle(order)
    for (let s = 0; s < order.length; s += batchSize) {
      const idx = order.slice(s, s + batchSize)
      const t0 = performance.now()
      const loss = await model.trainStep!(idx.map(i => data.X[i]!), idx.map(i => data.y[i]!))
      iterationMs.push(performance.now() - t0)
      finalLoss = Array.isArray(loss) ? Number(loss[0]) : Number(loss)
    }
  }
  return { epochs, batchSize, iterationMs, finalLoss }
}

/** Accuracy (classification) or R² (regression) of `model` on `rows`. */
export function scoreMlp(model: Mlp, data: Dataset, rows: readonly number[]): { name: 'accuracy' | 'r2'; value: number } {
  const pred = model.predictRows(rows.map(i => data.X[i]!))
  const truth = rows.map(i => data.y[i]!)
  // the ensemble's scores, so that 'accuracy' and 'r2' mean one thing across helpers
  return model.task === 'classification' ? { name: 'accuracy', value: accuracy(truth, pred) } : { name: 'r2', value: r2(truth, pred) }
}
