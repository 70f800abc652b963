// Stage graph validation: every error names the stage at fault, and a cycle is printed as its path.

export interface DagNode { deps?: readonly string[] }

export class PipelineDefinitionError extends Error {
  readonly stage: string
  constructor(stage: string, message: string) {
    super(message)
    this.name = 'PipelineDefinitionError'
    this.stage = stage
  }
}

/** Returns the stages in a topological order (declaration order among equals), or throws naming the fault. */
export function topologicalOrder(nodes: Readonly<Record<string, DagNode>>): string[] {
  const names = Object.keys(nodes)
  if (names.length === 0) throw new PipelineDefinitionError('', 'pipeline has no stages')
  for (const name of names) {
    const deps = nodes[name]?.deps ?? []
    if (!Array.isArray(deps)) throw new PipelineDefinitionError(name, `stage '${name}': deps must be an array of stage names`)
    const seen = new Set<string>()
    for (const d of deps) {
      if (typeof d !== 'string') throw new PipelineDefinitionError(name, `stage '${name}': deps must be stage names, got ${typeof d}`)
      if (!Object.hasOwn(nodes, d)) throw new PipelineDefinitionError(name, `stage '${name}' depends on unknown stage '${d}' (stages: ${names.join(', ')})`)
      if (seen.has(d)) throw new PipelineDefinitionError(name, `stage '${name}' lists dependency '${d}' twice`)
      seen.add(d)
    }
  }
  // Kahn's algorithm; whatever is left over sits on or behind a cycle.
  const indegree = new Map(names.map(n => [n, (nodes[n]!.deps ?? []).length]))
  const dependants = dependantsOf(nodes)
  const order: string[] = []
  const ready = names.filter(n => indegree.get(n) === 0)
  while (ready.length) {
    const n = ready.shift()!
    order.push(n)
    for (const m of dependants.get(n)!) {
      const k = indegree.get(m)! - 1
      indegree.set(m, k)
      if (k === 0) ready.push(m)
    }
  }
  if (order.length < names.length) {
    const cycle = findCycle(nodes, names.filter(n => indegree.get(n)! > 0))
    throw new PipelineDefinitionError(cycle[0]!, `pipeline has a dependency cycle: ${cycle.join(' → ')} (→ means "depends on")`)
  }
  return order
}

export function dependantsOf(nodes: Readonly<Record<string, DagNode>>): Map<string, string[]> {
  const out = new Map(Object.keys(nodes).map(n => [n, [] as string[]]))
  for (const [n, node] of Object.entries(nodes)) for (const d of node.deps ?? []) out.get(d)!.push(n)
  return out
}

/** Every stage reachable downstream of `from`. */
export function downstream(dependants: ReadonlyMap<string, readonly string[]>, from: string): string[] {
  const seen = new Set<string>()
  const stack = [...(dependants.get(from) ?? [])]
  while (stack.length) {
    const n = stack.pop()!
    if (seen.has(n)) continue
    seen.add(n)
    stack.push(...(dependants.get(n) ?? []))
  }
  return [...seen]
}

function findCycle(nodes: Readonly<Record<string, DagNode>>, candidates: string[]): string[] {
  const state = new Map<string, 'open' | 'closed'>()
  const path: string[] = []
  const visit = (n: string): string[] | undefined => {
    state.set(n, 'open')
    path.push(n)
    for (const d of nodes[n]!.deps ?? []) {
      if (state.get(d) === 'open') return [...path.slice(path.indexOf(d)), d]
      if (!state.has(d)) { const c = visit(d); if (c) return c }
    }
    path.pop()
    state.set(n, 'closed')
    return undefined
  }
  for (const n of candidates) if (!state.has(n)) { const c = visit(n); if (c) return c }
  /* c8 ignore next */
  return candidates
}
