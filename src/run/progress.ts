// Progress lines for runs without a terminal (CI): Vitest prints a bench file's results only when the whole
// file ends, so a 60 s file is a minute of silence in a CI log. The reporter feeds this ticker its events;
// whenever nothing was printed for `intervalMs`, it prints what is running and for how long.

export interface ProgressOptions {
  print(line: string): void
  intervalMs: number
  now?: () => number
}

export class ProgressTicker {
  private readonly print: (line: string) => void
  private readonly intervalMs: number
  private readonly now: () => number
  private timer: ReturnType<typeof setInterval> | undefined
  private startedAt = 0
  private lastOutputAt = 0
  private totalFiles = 0
  private doneFiles = 0
  private running = new Map<string, { since: number; test?: string; lastBench?: string }>()

  constructor(o: ProgressOptions) {
    this.print = o.print
    this.intervalMs = o.intervalMs
    this.now = o.now ?? Date.now
  }

  /** Starts the clock (and, unless `timer` is false, a timer that checks once a second). */
  start(totalFiles: number, timer = true): void {
    this.stop()
    this.startedAt = this.lastOutputAt = this.now()
    this.totalFiles = totalFiles
    this.doneFiles = 0
    this.running.clear()
    if (timer) {
      this.timer = setInterval(() => this.tick(), Math.min(1000, this.intervalMs))
      this.timer.unref()
    }
  }

  moduleStart(file: string): void { this.running.set(file, { since: this.now() }) }
  testStart(file: string, test: string): void { const m = this.running.get(file); if (m) m.test = test }
  benchDone(file: string, bench: string): void { const m = this.running.get(file); if (m) m.lastBench = bench }
  /** Vitest prints the file's results now, which counts as output. */
  moduleEnd(file: string): void {
    this.running.delete(file)
    this.doneFiles++
    this.lastOutputAt = this.now()
  }

  /** Prints a line when nothing was printed for the interval; returns it (for tests). */
  tick(): string | undefined {
    const now = this.now()
    if (now - this.lastOutputAt < this.intervalMs || this.running.size === 0) return undefined
    const [file, m] = [...this.running].sort((a, b) => a[1].since - b[1].since)[0]!
    const doing = [m.test ? `test "${m.test}"` : '', m.lastBench ? `last benchmark done: ${m.lastBench}` : ''].filter(Boolean).join(', ')
    const line = `swarmbench: still running ${file}${doing ? ` (${doing})` : ''}: ${seconds(now - m.since)} in this file; `
      + `${this.doneFiles} of ${this.totalFiles || '?'} files done, ${seconds(now - this.startedAt)} in all`
    this.lastOutputAt = now
    this.print(line)
    return line
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`
}
