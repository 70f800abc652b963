// Worker-thread side of fit-pool.ts. Loaded by plain Node 24 (type stripping): only erasable TypeScript and
// `.ts` relative imports here and in what it imports.
import { parentPort } from 'node:worker_threads'
import { createModel, type ModelSpec, type TreeModelState } from './models.ts'
import type { Columns } from './trees/index.ts'

type Request =
  | { id: number; op: 'fit'; spec: ModelSpec; cols: Columns; y: number[] }
  | { id: number; op: 'work'; units: number }

/** The typed arrays' buffers of a fitted state, handed over rather than copied. */
function transferables(st: TreeModelState): ArrayBuffer[] {
  const trees = st.kind === 'tree' ? [st.tree] : st.forest.trees
  return trees.flatMap(t => [t.feature, t.threshold, t.left, t.right, t.leaf, t.values].map(a => a.buffer as ArrayBuffer))
}

/** A fixed amount of CPU work (the parallelism probe of fit-pool.ts); returns a value so it is not optimised away. */
export function work(units: number): number {
  let x = 0
  for (let i = 0; i < units * 100_000; i++) x = (x * 1_103_515_245 + 12_345) % 2_147_483_648
  return x
}

parentPort!.on('message', (req: Request) => {
  try {
    if (req.op === 'work') { parentPort!.postMessage({ id: req.id, ok: true, result: work(req.units) }); return }
    const m = createModel(req.spec)
    if (!m.fitColumns) throw new Error(`${m.name}: not a tree model; only trees and forests are fitted in the pool`)
    m.fitColumns(req.cols, req.y)
    const state = m.exportState!()
    parentPort!.postMessage({ id: req.id, ok: true, result: state }, transferables(state))
  } catch (e) {
    parentPort!.postMessage({ id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) })
  }
})
