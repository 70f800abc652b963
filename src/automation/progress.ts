// Progress while a batch runs: pure state + formatting, and a thin writer that picks a live line on a
// TTY and plain periodic lines elsewhere (CI logs choke on carriage returns and redraws).
import { systemClock, type Clock } from './clock.ts'
import type { PoolEvent } from './pool.ts'

export interface ProgressState {
  total: number
  done: number
  failed: number
  /** Finished in an earlier run. */
  skipped: number
  running: number
  /** Ids waiting out a backoff. */
  retrying: ReadonlySet<string>
  startedAt: number
}

export interface ProgressSink {
  start(total: number, skipped: number): void
  event(e: PoolEvent): void
  finish(): void
}

export function initialProgress(total: number, skipped: number, startedAt: number): ProgressState {
  return { total, done: 0, failed: 0, skipped, running: 0, retrying: new Set(), startedAt }
}

export function reduceProgress(s: ProgressState, e: PoolEvent): ProgressState {
  const retrying = new Set(s.retrying)
  switch (e.type) {
    case 'start': retrying.delete(e.id); return { ...s, retrying, running: s.running + 1 }
    case 'success': return { ...s, retrying, running: s.running - 1, done: s.done + 1 }
    case 'retry': retrying.add(e.id); return { ...s, retrying, running: s.running - 1 }
    case 'failure': {
      // A failure while backing off (cancelled) was not running.
      const wasRunning = !retrying.delete(e.id)
      return { ...s, retrying, running: s.running - (wasRunning ? 1 : 0), failed: s.failed + 1 }
    }
  }
}

export interface ProgressFigures { finished: number; remaining: number; ratePerSec: number; etaSec: number | undefined; elapsedSec: number }

/** Rate counts only work finished in this run; skipped tasks would make a resumed batch look impossibly fast. */
export function progressFigures(s: ProgressState, now: number): ProgressFigures {
  const elapsedSec = Math.max(0, now - s.startedAt) / 1000
  const finished = s.done + s.failed
  const remaining = Math.max(0, s.total - s.skipped - finished)
  const ratePerSec = elapsedSec > 0 ? finished / elapsedSec : 0
  const etaSec = remaining === 0 ? 0 : ratePerSec > 0 ? remaining / ratePerSec : undefined
  return { finished, remaining, ratePerSec, etaSec, elapsedSec }
}

export function formatProgressDuration(sec: number | undefined): string {
  if (sec === undefined || !Number.isFinite(sec)) return '?'
  const s = Math.round(sec)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
}

const rate = (r: number): string => (r >= 10 ? r.toFixed(0) : r.toFixed(1))

/** One line for a terminal, redrawn in place; trimmed to `width` columns. */
export function formatLiveLine(label: string, s: ProgressState, now: number, width = 100): string {
  const f = progressFigures(s, now)
  const done = s.done + s.skipped
  const pct = s.total > 0 ? Math.floor((100 * (done + s.failed)) / s.total) : 100
  const parts = [`${label} ${done}/${s.total} done (${pct}%)`]
  if (s.failed) parts.push(`${s.failed} failed`)
  if (s.retrying.size) parts.push(`${s.retrying.size} retrying`)
  parts.push(`${rate(f.ratePerSec)}/s`, `ETA ${formatProgressDuration(f.etaSec)}`)
  const line = parts.join(' · ')
  return line.length > width ? line.slice(0, Math.max(0, width - 1)) + '…' : line
}

/** A self-contained log line for CI: every figure labelled, no control characters. */
export function formatPlainLine(label: string, s: ProgressState, now: number): string {
  const f = progressFigures(s, now)
  return `[${label}] ${s.done + s.skipped}/${s.total} done, ${s.failed} failed, ${s.retrying.size} retrying, ` +
    `${s.running} running${s.skipped ? `, ${s.skipped} from checkpoint` : ''}, ${rate(f.ratePerSec)} tasks/s, ` +
    `elapsed ${formatProgressDuration(f.elapsedSec)}, ETA ${formatProgressDuration(f.etaSec)}`
}

export interface ProgressWriterOptions {
  label?: string
  stream?: { write(chunk: string): unknown; isTTY?: boolean; columns?: number }
  /** Defaults to the stream's isTTY. */
  tty?: boolean
  /** Redraw interval on a TTY (default 100 ms) or log interval otherwise (default 10 s). */
  intervalMs?: number
  clock?: Clock
}

export function createProgressWriter(options: ProgressWriterOptions = {}): ProgressSink & { state(): ProgressState } {
  const stream = options.stream ?? process.stderr
  const tty = options.tty ?? Boolean(stream.isTTY)
  const clock = options.clock ?? systemClock
  const label = options.label ?? 'batch'
  const interval = options.intervalMs ?? (tty ? 100 : 10_000)
  let s = initialProgress(0, 0, clock.now())
  let timer: unknown
  let lastDraw = -Infinity
  const draw = (): void => {
    lastDraw = clock.now()
    if (tty) stream.write(`\r${formatLiveLine(label, s, lastDraw, (stream.columns ?? 100) - 1)}\x1b[K`)
    else stream.write(formatPlainLine(label, s, lastDraw) + '\n')
  }
  const tick = (): void => {
    draw()
    timer = clock.setTimeout(tick, interval)
    ;(timer as { unref?: () => void }).unref?.()
  }
  return {
    state: () => s,
    start(total, skipped) {
      s = initialProgress(total, skipped, clock.now())
      if (tty) draw()
      timer = clock.setTimeout(tick, interval)
      ;(timer as { unref?: () => void }).unref?.()
    },
    event(e) {
      s = reduceProgress(s, e)
      // On a TTY redraw on events too, throttled, so the line feels live between ticks.
      if (tty && clock.now() - lastDraw >= interval) draw()
    },
    finish() {
      if (timer !== undefined) clock.clearTimeout(timer)
      timer = undefined
      draw()
      if (tty) stream.write('\n')
    },
  }
}
