// Worker-thread side of worker-member.ts. Loaded by plain Node 24 (type stripping), so only erasable
// TypeScript and `.ts` relative imports here and in models.ts.
import { parentPort } from 'node:worker_threads'
import { createModel, type ModelMember } from './models.ts'

interface Request { id: number; model: number; op: 'create' | 'fit' | 'predict' | 'predictProba' | 'drop'; spec?: unknown; X?: number[][]; y?: number[] }

const models = new Map<number, ModelMember>()

parentPort!.on('message', (req: Request) => {
  try {
    let result: unknown
    if (req.op === 'create') { models.set(req.model, createModel(req.spec as Parameters<typeof createModel>[0])); result = null }
    else if (req.op === 'drop') { models.delete(req.model); result = null }
    else {
      const m = models.get(req.model)
      if (!m) throw new Error(`worker: no model ${req.model}`)
      if (req.op === 'fit') { m.fit(req.X!, req.y!); result = null }
      else if (req.op === 'predict') result = m.predict(req.X!)
      else {
        if (!m.predictProba) throw new Error(`${m.name}: no probabilities for this model type`)
        result = m.predictProba(req.X!)
      }
    }
    parentPort!.postMessage({ id: req.id, ok: true, result })
  } catch (e) {
    parentPort!.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) })
  }
})
