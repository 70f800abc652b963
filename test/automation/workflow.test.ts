import { describe, expect, it } from 'vitest'
import { FatalError, formatWorkflowReport, openCheckpointStore, runWorkflow, type PlanStep } from '../../src/automation/index.ts'

// A rule-based planner and validator standing in for LLM agents: same interface, deterministic output.
const planner = (objective: string) => ({
  rationale: `split "${objective}" into fetch, parse, summarise`,
  steps: [
    { id: 'fetch', description: 'load the numbers', input: [3, 1, 2] },
    { id: 'sort', deps: ['fetch'] },
    { id: 'sum', deps: ['fetch'] },
    { id: 'summary', deps: ['sort', 'sum'], description: 'a | b' },
  ],
})
const executor = (step: PlanStep, { inputs }: { inputs: Record<string, unknown> }) => {
  switch (step.id) {
    case 'fetch': return step.input
    case 'sort': return [...(inputs.fetch as number[])].sort()
    case 'sum': return (inputs.fetch as number[]).reduce((a, b) => a + b, 0)
    default: return `sorted ${JSON.stringify(inputs.sort)}, total ${inputs.sum}`
  }
}
const validator = ({ steps }: { steps: Record<string, { output?: unknown }> }) => {
  const ok = steps.summary?.output === 'sorted [1,2,3], total 6'
  return { ok, score: ok ? 1 : 0, issues: ok ? [] : ['summary is wrong'] }
}

describe('runWorkflow', () => {
  it('plans, executes the plan as a DAG, validates and reports', async () => {
    const r = await runWorkflow({ objective: 'summarise the numbers', planner, executor, validator })
    expect(r.status).toBe('passed')
    expect(r.execution.steps.summary!.output).toBe('sorted [1,2,3], total 6')
    expect(r.validation).toEqual({ ok: true, score: 1, issues: [] })
    const md = formatWorkflowReport(r)
    expect(md).toContain('Status: **passed**')
    expect(md).toContain('| summary | done | 1 |')
    expect(md).toContain('a \\| b')
  })

  it('checkpoints each step: after a crash the stored plan and finished steps are reused', async () => {
    const store = openCheckpointStore(':memory:')
    let plans = 0, executions: string[] = [], crash = true
    const opts = {
      objective: 'summarise the numbers',
      planner: (o: string) => { plans++; return planner(o) },
      executor: (step: PlanStep, ctx: { inputs: Record<string, unknown> }) => {
        executions.push(step.id)
        if (step.id === 'sum' && crash) throw new FatalError('agent crashed')
        return executor(step, ctx)
      },
      validator, checkpoint: { store, workflowId: 'wf1' },
    }
    const first = await runWorkflow(opts)
    expect(first.status).toBe('failed')
    expect(first.execution.steps.sum!.status).toBe('failed')
    expect(formatWorkflowReport(first)).toContain('FatalError: agent crashed')
    crash = false
    executions = []
    const second = await runWorkflow(opts)
    expect(second.status).toBe('passed')
    expect(plans).toBe(1)
    expect(executions.sort()).toEqual(['sum', 'summary'])
    expect(second.restored).toEqual({ plan: true, steps: 2, validation: false })
    expect(formatWorkflowReport(second)).toContain('Restored from checkpoint: plan yes, 2 step(s)')
    // A finished workflow returns its stored report without running anything.
    executions = []
    const third = await runWorkflow({ ...opts, validator: () => { throw new Error('not called') } })
    expect(third).toEqual(JSON.parse(JSON.stringify(second)))
    expect(executions).toEqual([])
    await expect(runWorkflow({ ...opts, objective: 'something else' })).rejects.toThrow(/was started for objective "summarise the numbers"/)
    store.createRun('b', 'batch', {}, [])
    await expect(runWorkflow({ ...opts, checkpoint: { store, workflowId: 'b' } })).rejects.toThrow(/is a batch, not a workflow/)
    store.close()
  })

  it('reports a rejected result and interrupted runs', async () => {
    const rejected = await runWorkflow({ objective: 'x', planner, executor: () => 'nonsense', validator })
    expect(rejected.status).toBe('rejected')
    expect(formatWorkflowReport(rejected)).toContain('- summary is wrong')
    const ctrl = new AbortController()
    const interrupted = await runWorkflow({
      objective: 'x', planner, validator, hooks: { signal: ctrl.signal },
      executor: () => { ctrl.abort(new Error('user')); return 1 },
    })
    expect(interrupted.status).toBe('interrupted')
  })

  it('rejects invalid plans, verdicts and options with the field at fault', async () => {
    await expect(runWorkflow({ objective: '', planner, executor, validator })).rejects.toThrow(/objective/)
    await expect(runWorkflow({ objective: 'x', planner: 1 as never, executor, validator })).rejects.toThrow(/planner must be a function/)
    await expect(runWorkflow({ objective: 'x', planner: () => ({ steps: [] }), executor, validator })).rejects.toThrow(/invalid plan: steps: a plan needs at least one step/)
    await expect(runWorkflow({ objective: 'x', planner: () => ({ steps: [{ id: 'a', deps: ['ghost'] }] }), executor, validator })).rejects.toThrow(/stage 'a' depends on unknown stage 'ghost'/)
    await expect(runWorkflow({ objective: 'x', planner: () => ({ steps: [{ id: 'a' }, { id: 'a' }] }), executor, validator })).rejects.toThrow(/step 'a' twice/)
    await expect(runWorkflow({ objective: 'x', planner, executor, validator: () => ({ ok: 'yes' }) })).rejects.toThrow(/invalid verdict: ok/)
  })
})
