// Workflow runner: objective → plan → execute → validate → report. The planner and validator are the
// caller's (typically LLM agents); steps of the plan run as a pipeline. Every step's result is checkpointed,
// so a rerun after a crash reuses the stored plan (an LLM would not plan the same twice) and finished steps.
import { z } from 'zod'
import { parseOptions } from './options.ts'
import type { PoolHooks, PoolOptions } from './pool.ts'
import { runPipeline, type PipelineResult, type Stage, type StageContext, type StageResult } from './pipeline.ts'
import type { CheckpointStore } from './store.ts'

export const PlanStepSchema = z.strictObject({
  id: z.string().min(1),
  description: z.string().default(''),
  /** Ids of steps whose outputs this step needs. */
  deps: z.array(z.string()).default([]),
  kind: z.string().min(1).optional(),
  input: z.unknown().optional(),
})
export const PlanSchema = z.strictObject({
  steps: z.array(PlanStepSchema).min(1, 'a plan needs at least one step'),
  rationale: z.string().optional(),
})
export type PlanStep = z.output<typeof PlanStepSchema>
export type Plan = z.output<typeof PlanSchema>

export const WorkflowValidationSchema = z.strictObject({
  ok: z.boolean(),
  /** Optional quality score in [0, 1]. */
  score: z.number().min(0).max(1).optional(),
  issues: z.array(z.string()).default([]),
})
export type WorkflowValidation = z.output<typeof WorkflowValidationSchema>

export interface ExecuteContext extends StageContext { objective: string; inputs: Record<string, unknown> }

export interface WorkflowOptions {
  objective: string
  planner: (objective: string, ctx: { signal: AbortSignal | undefined }) => unknown
  executor: (step: PlanStep, ctx: ExecuteContext) => unknown
  validator: (args: { objective: string; plan: Plan; steps: Record<string, StageResult> }) => unknown
  /** With a store, each step is checkpointed under `workflowId` and a rerun resumes. */
  checkpoint?: { store: CheckpointStore; workflowId: string }
  policy?: 'stop' | 'continue'
  pool?: PoolOptions
  hooks?: PoolHooks
}

export interface WorkflowReport {
  objective: string
  status: 'passed' | 'rejected' | 'failed' | 'interrupted'
  plan: Plan
  execution: { status: PipelineResult['status']; steps: Record<string, StageResult> }
  validation?: WorkflowValidation
  /** Which parts came from checkpoints instead of running. */
  restored: { plan: boolean; steps: number; validation: boolean }
  durationsMs: { plan: number; execute: number; validate: number }
}

const PLAN = '@plan', VALIDATE = '@validate', REPORT = '@report'

export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowReport> {
  const { objective, planner, executor, validator, checkpoint: cp, hooks } = options
  if (typeof objective !== 'string' || objective.trim() === '') throw new TypeError('runWorkflow: objective must be a non-empty string')
  for (const [k, f] of Object.entries({ planner, executor, validator })) if (typeof f !== 'function') throw new TypeError(`runWorkflow: ${k} must be a function`)
  if (cp) {
    const run = cp.store.getRun(cp.workflowId)
    if (!run) cp.store.createRun(cp.workflowId, 'workflow', { objective }, [{ id: PLAN }, { id: VALIDATE }, { id: REPORT }])
    else {
      if (run.kind !== 'workflow') throw new Error(`runWorkflow: run '${cp.workflowId}' in ${cp.store.path} is a ${run.kind}, not a workflow`)
      const stored = (run.spec as { objective?: unknown }).objective
      if (stored !== objective) throw new Error(`runWorkflow: workflow '${cp.workflowId}' was started for objective ${JSON.stringify(stored)}; use a new workflowId for a new objective`)
      const done = cp.store.item(cp.workflowId, REPORT)
      if (done?.status === 'done') return done.output as WorkflowReport
      cp.store.markResumed(cp.workflowId)
    }
  }
  const saved = (item: string): unknown => {
    const row = cp && cp.store.item(cp.workflowId, item)
    return row?.status === 'done' ? row.output : undefined
  }
  const save = (item: string, value: unknown): void => { if (cp) cp.store.complete(cp.workflowId, item, value, 1) }

  // Plan
  let t = performance.now()
  const storedPlan = saved(PLAN)
  const plan = storedPlan !== undefined
    ? (storedPlan as Plan)
    : parseOptions(PlanSchema, await planner(objective, { signal: hooks?.signal }), 'runWorkflow: the planner returned an invalid plan')
  if (storedPlan === undefined) save(PLAN, plan)
  const planMs = performance.now() - t

  // Execute: the plan's steps as a pipeline (validated there: unknown deps and cycles name the step).
  t = performance.now()
  const stages: Record<string, Stage> = {}
  for (const step of plan.steps) {
    if (Object.hasOwn(stages, step.id)) throw new TypeError(`runWorkflow: the plan lists step '${step.id}' twice`)
    stages[step.id] = {
      deps: step.deps, ...(step.kind ? { kind: step.kind } : {}),
      run: (inputs, ctx) => executor(step, { ...ctx, objective, inputs }),
    }
  }
  const exec = await runPipeline(stages, {
    policy: options.policy ?? 'stop',
    ...(options.pool ? { pool: options.pool } : {}),
    ...(hooks ? { hooks } : {}),
    ...(cp ? { checkpoint: { store: cp.store, runId: `${cp.workflowId}/execute` } } : {}),
  })
  const executeMs = performance.now() - t
  const restoredSteps = Object.values(exec.stages).filter(s => s.status === 'restored').length
  const base = { objective, plan, execution: { status: exec.status, steps: exec.stages } }
  if (exec.status === 'cancelled') {
    return { ...base, status: 'interrupted', restored: { plan: storedPlan !== undefined, steps: restoredSteps, validation: false }, durationsMs: { plan: planMs, execute: executeMs, validate: 0 } }
  }

  // Validate: checkpointed only when execution finished, so a rerun after failures validates the repaired run.
  t = performance.now()
  const storedValidation = exec.status === 'done' ? saved(VALIDATE) : undefined
  const validation = storedValidation !== undefined
    ? (storedValidation as WorkflowValidation)
    : parseOptions(WorkflowValidationSchema, await validator({ objective, plan, steps: exec.stages }), 'runWorkflow: the validator returned an invalid verdict')
  if (storedValidation === undefined && exec.status === 'done') save(VALIDATE, validation)
  const validateMs = performance.now() - t

  const report: WorkflowReport = {
    ...base,
    status: exec.status === 'failed' ? 'failed' : validation.ok ? 'passed' : 'rejected',
    validation,
    restored: { plan: storedPlan !== undefined, steps: restoredSteps, validation: storedValidation !== undefined },
    durationsMs: { plan: planMs, execute: executeMs, validate: validateMs },
  }
  if (exec.status === 'done') {
    save(REPORT, report)
    cp?.store.setRunStatus(cp.workflowId, 'done')
  }
  return report
}

/** Markdown summary of a workflow report, for CI logs and PR comments. */
export function formatWorkflowReport(r: WorkflowReport): string {
  const lines = [`## Workflow: ${r.objective}`, '', `Status: **${r.status}**`, '']
  lines.push('| step | status | attempts | ms | note |', '|---|---|---|---|---|')
  for (const step of r.plan.steps) {
    const s = r.execution.steps[step.id]
    const note = s?.error ? `${s.error.name}: ${s.error.message}` : s?.blockedBy ? `blocked by ${s.blockedBy}` : step.description
    lines.push(`| ${step.id} | ${s?.status ?? '?'} | ${s?.attempts ?? 0} | ${(s?.durationMs ?? 0).toFixed(0)} | ${note.replaceAll('|', '\\|')} |`)
  }
  if (r.validation) {
    lines.push('', `Validation: ${r.validation.ok ? 'ok' : 'not ok'}${r.validation.score !== undefined ? `, score ${r.validation.score.toFixed(3)}` : ''}`)
    for (const issue of r.validation.issues) lines.push(`- ${issue}`)
  }
  const rs = r.restored
  if (rs.plan || rs.steps || rs.validation) lines.push('', `Restored from checkpoint: plan ${rs.plan ? 'yes' : 'no'}, ${rs.steps} step(s), validation ${rs.validation ? 'yes' : 'no'}`)
  return lines.join('\n')
}
