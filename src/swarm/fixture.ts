// The `swarm` test-context fixture: runs a matrix inside a Vitest test and records every cell's figures as
// metrics of that test, one entry per cell (`<project> › <file> › <test> › <cell>`), so that they reach the
// baseline, the history, the diff and the gate through the reporter like any other figure.
import type { RunnerTestCase } from 'vitest'
import { SwarmbenchError } from '../errors/index.ts'
import { recordMetric } from '../metrics/record.ts'
import { cellMetrics } from './figures.ts'
import { figuresHow, runSwarm, type SwarmRunOptions, type SwarmRunResult } from './run.ts'

export interface SwarmFixture {
  /**
   * Runs tasks × cells × repeats (see runSwarm) and records each cell's figures on this test. A grader that
   * threw fails the test (its trials stay in the checkpoint); nothing is recorded then.
   */
  run(options: SwarmRunOptions): Promise<SwarmRunResult>
}

export function createSwarmFixture(task: RunnerTestCase, signal?: AbortSignal): SwarmFixture {
  return {
    async run(options) {
      const result = await runSwarm({ ...options, ...(signal && !options.signal ? { signal } : {}) })
      if (result.graderErrors.length) {
        const first = result.graderErrors[0]!
        throw new SwarmbenchError(`${result.graderErrors.length} trial(s) had a grader that threw (first: ${first.id}: ${first.message}); no figures were recorded`, { fix: 'fix the grader; with a checkpoint file, finished trials are not repeated' })
      }
      for (const cell of result.cells) {
        for (const [name, m] of Object.entries(cellMetrics(cell, figuresHow(options)))) {
          const round = m.rounds[0]!
          await recordMetric(task, name, round.samples ?? round.value, {
            unit: m.unit, better: m.better, kind: m.kind, entry: cell.cell,
            ...(m.provenance ? { provenance: m.provenance } : {}), ...(round.counts ? { counts: round.counts } : {}),
          })
        }
      }
      return result
    },
  }
}
