// The adaptive gate's loop: run rounds (both sides, interleaved) up to the next look, compare with the look's
// group-sequential boundaries (src/compare/sequential.ts), and stop as soon as no gating row needs more rounds,
// at the last look, or when the time budget would be overrun by the next look. After the first look, the rounds
// are asked for only the rows still open (the gate runs only their bench files).
import { emptySequentialState, type Comparison, type SequentialLook, type SequentialPlan } from '../compare/index.ts'

export type StopReason = 'decided' | 'last-look' | 'budget'

export interface AdaptiveDriver {
  plan: SequentialPlan
  /**
   * Runs round i on both sides (base then head). `open`: entry ids of the gating rows still open after the previous
   * look (undefined before the first look: the whole suite); a runner may run only what they need.
   */
  round(i: number, open?: ReadonlySet<string>): Promise<void>
  /** Compares the rounds run so far at this look. */
  judge(look: SequentialLook): Comparison
  /** Whether `rounds` more rounds per side still fit the budget (default: always). */
  fits?(rounds: number): boolean
  /** One line per look. */
  progress?(line: string): void
}

export interface AdaptiveResult {
  comparison: Comparison
  /** Rounds run per side. */
  rounds: number
  /** Index of the look the gate stopped at. */
  look: number
  stopped: StopReason
  /** One line: how many rounds per side ran, of how many at most, and why it stopped. */
  summary: string
}

export async function runLooks(d: AdaptiveDriver): Promise<AdaptiveResult> {
  const { looks } = d.plan
  const max = looks.at(-1)!
  let state = emptySequentialState()
  let done = 0
  let open: ReadonlySet<string> | undefined
  for (let k = 0; k < looks.length; k++) {
    while (done < looks[k]!) await d.round(done++, open)
    const comparison = d.judge({ plan: d.plan, look: k, state })
    const s = comparison.sequential!
    state = s.state
    const gating = s.open + s.settled.efficacy + s.settled.futility + s.settled.fixed
    const stopped: StopReason | undefined = s.open === 0 ? 'decided' : k === looks.length - 1 ? 'last-look' : !(d.fits?.(looks[k + 1]! - done) ?? true) ? 'budget' : undefined
    d.progress?.(`look ${k + 1}/${looks.length} after ${done} round(s) per side: ${gating - s.open} of ${gating} gating row(s) decided (${s.settled.efficacy} by a significant change, ${s.settled.futility} ruling out a slowdown of ${fmt(d.plan.futility.detect)} or more${s.settled.fixed ? `, ${s.settled.fixed} not judged by rounds` : ''}), ${s.open} open${stopped ? '' : ` → ${looks[k + 1]} rounds per side`}`)
    open = new Set(s.openIds)
    if (stopped) {
      const why = stopped === 'decided' ? 'every gating row was decided' : stopped === 'last-look' ? `the last look was reached with ${s.open} row(s) still open (judged at ${done} rounds)` : `the time budget would be overrun by the next look (${s.open} row(s) judged as they stood)`
      return { comparison, rounds: done, look: k, stopped, summary: `adaptive: ${done} of at most ${max} rounds per side (base ${done}, head ${done}), stopped at look ${k + 1} of ${looks.length} because ${why}` }
    }
  }
  /* c8 ignore next */
  throw new Error('unreachable: the last look always stops')
}

function fmt(f: number): string {
  return `${+(f * 100).toPrecision(3)}%`
}
