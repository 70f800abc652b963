// Issue 19's figures for the HTML report, on a generated history of 200 runs × 100 benchmarks × 3 figures
// (latency, tokens, heap), each run compared with the baseline of its moment (real compareBaselines, verdicts
// stored as a run would store them): the time to generate report.html (open the history, read, render, write),
// the file's size, and the time to first render in Chromium from the page's own performance timing
// (first-contentful-paint, DOMContentLoaded, load). Also writes docs/report.png, the README's screenshot
// (the test suite's fixture history, trends view).
//
//   node scripts/report-bench.ts [--runs 200] [--benchmarks 100] [--repeat 5] [--json out.json] [--keep DIR] [--postgres]
// --keep DIR keeps the generated SQLite history in DIR and reuses it on the next call (generating it is the slow part).
// --postgres also writes the same history into PostgreSQL (SWARMBENCH_HISTORY_URL, or a throwaway cluster of
// Debian's postgresql) and times the report's generation from it beside the SQLite file's.
// Targets (issue 19): ≤ 3 MB, ≤ 1 s to first render, ≤ 2 s to generate.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { compareBaselines } from '../src/compare/index.ts'
import { median } from '../src/compare/stats/index.ts'
import { writeHtmlReport } from '../src/report/html/index.ts'
import { displayLocation } from '../src/store/location.ts'
import { openStore } from '../src/store/open.ts'
import type { HistoryStore } from '../src/store/store.ts'
import { startCluster, type Cluster } from '../test/helpers/postgres-cluster.ts'
import type { Baseline } from '../src/schema/baseline.ts'
import { syntheticRun } from '../test/helpers/synthetic-run.ts'
import { writeFixtureHistory } from '../test/helpers/report-history.ts'
import { chromiumPath } from '../test/browser/chromium.ts'

const { values: a } = parseArgs({ options: {
  runs: { type: 'string', default: '200' }, benchmarks: { type: 'string', default: '100' }, samples: { type: 'string', default: '50' },
  repeat: { type: 'string', default: '5' }, json: { type: 'string' }, screenshot: { type: 'string', default: 'docs/report.png' },
  keep: { type: 'string' }, postgres: { type: 'boolean', default: false },
} })
const runs = Number(a.runs), benchmarks = Number(a.benchmarks), repeat = Number(a.repeat)

const dir = a.keep ? resolve(a.keep) : mkdtempSync(join(tmpdir(), 'swarmbench-report-bench-'))
let cluster: Cluster | undefined
mkdirSync(dir, { recursive: true })
try {
  // The history: every 10th run slower on every 10th benchmark, the baseline promoted every 50 runs.
  const historyFile = join(dir, `history-${runs}x${benchmarks}.sqlite`)
  const t0 = performance.now()
  const reuse = existsSync(historyFile)
  if (a.postgres && !process.env.SWARMBENCH_HISTORY_URL) cluster = await startCluster()
  const pgUrl = a.postgres ? (process.env.SWARMBENCH_HISTORY_URL ?? `${cluster!.url}?schema=report_bench_${Date.now()}`) : undefined
  const stores: HistoryStore[] = [...(reuse ? [] : [await openStore(historyFile)]), ...(pgUrl ? [await openStore(pgUrl)] : [])]
  try {
    let base: Baseline | undefined
    for (let i = 0; i < (stores.length ? runs : 0); i++) {
      const run = syntheticRun(benchmarks, Number(a.samples), i + 1, i % 10 === 9 ? 1.2 : 1)
      for (const e of Object.values(run.entries)) e.metrics['heap'] = { unit: 'bytes', better: 'lower', kind: 'memory', rounds: [{ value: 1_000_000 + (i % 7) * 1000 }] }
      const cmp = base ? compareBaselines(base, run) : undefined
      for (const store of stores) {
        const id = await store.saveRun(run)
        if (base && cmp) await store.saveComparison(id, base.run, cmp)
      }
      if (i % 50 === 0) base = run
    }
  } finally { for (const store of stores) await store.close() }
  const setupS = (performance.now() - t0) / 1000
  console.log(`history${reuse ? ' (SQLite reused)' : ''}: ${runs} runs × ${benchmarks} benchmarks × 3 figures in ${setupS.toFixed(1)} s (${(statSync(historyFile).size / 1e6).toFixed(1)} MB SQLite${pgUrl ? '; also into PostgreSQL' : ''})`)

  const out = join(dir, 'report.html')
  const generate: number[] = []
  let written = await writeHtmlReport(historyFile, out, { runs }) // warm-up (module loading, SQLite page cache)
  for (let i = 0; i < repeat; i++) {
    const s = performance.now()
    written = await writeHtmlReport(historyFile, out, { runs })
    generate.push(performance.now() - s)
  }
  console.log(`generate (SQLite): median ${median(generate).toFixed(0)} ms of ${repeat} (${generate.map(x => x.toFixed(0)).join(', ')}); ${written.series} trends, ${written.rows} diff rows`)
  console.log(`size: ${(written.bytes / 1e6).toFixed(2)} MB (${written.bytes.toLocaleString('en-US')} bytes)`)
  const generatePg: number[] = []
  if (pgUrl) {
    const outPg = join(dir, 'report-pg.html')
    let w = await writeHtmlReport(pgUrl, outPg, { runs })
    for (let i = 0; i < repeat; i++) {
      const s = performance.now()
      w = await writeHtmlReport(pgUrl, outPg, { runs })
      generatePg.push(performance.now() - s)
    }
    console.log(`generate (PostgreSQL ${displayLocation(pgUrl)}): median ${median(generatePg).toFixed(0)} ms of ${repeat} (${generatePg.map(x => x.toFixed(0)).join(', ')}); ${w.series} trends, ${w.rows} diff rows, ${w.bytes.toLocaleString('en-US')} bytes`)
  }

  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] })
  const fcp: number[] = [], dcl: number[] = [], load: number[] = []
  const errors: string[] = []
  for (let i = 0; i < repeat + 1; i++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()) })
    await page.goto(pathToFileURL(out).href, { waitUntil: 'load' })
    // In the page (as text: this project's TypeScript has no DOM types): the page's own performance timing.
    await page.waitForFunction("performance.getEntriesByName('first-contentful-paint').length > 0")
    const t = await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0]
      return { fcp: performance.getEntriesByName('first-contentful-paint')[0].startTime, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd }
    })()`) as { fcp: number; dcl: number; load: number }
    await page.close()
    if (i === 0) continue // the first page load warms the browser's own caches
    fcp.push(t.fcp); dcl.push(t.dcl); load.push(t.load)
  }
  await browser.close()
  console.log(`chromium: first contentful paint median ${median(fcp).toFixed(0)} ms, DOMContentLoaded ${median(dcl).toFixed(0)} ms, load ${median(load).toFixed(0)} ms (${repeat} loads; FCP ${fcp.map(x => x.toFixed(0)).join(', ')})`)
  if (errors.length) console.log(`console errors: ${errors.join(' | ')}`)

  if (a.screenshot) {
    const fixture = join(dir, 'fixture.sqlite')
    await writeFixtureHistory(fixture, 6)
    const page = join(dir, 'fixture.html')
    await writeHtmlReport(fixture, page, { now: new Date('2026-12-01T00:00:00Z') })
    const b = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] })
    const p = await b.newPage({ viewport: { width: 1000, height: 640 } })
    await p.goto(`${pathToFileURL(page).href}#trends`)
    await p.evaluate('window.scrollTo(0, 0)')
    mkdirSync(resolve('docs'), { recursive: true })
    await p.screenshot({ path: resolve(a.screenshot) })
    await b.close()
    console.log(`screenshot: ${a.screenshot} (${statSync(resolve(a.screenshot)).size.toLocaleString('en-US')} bytes)`)
  }

  if (a.json) {
    writeFileSync(a.json, JSON.stringify({ runs, benchmarks, figures: 3, bytes: written.bytes, generateMs: generate, generatePostgresMs: generatePg, firstContentfulPaintMs: fcp, domContentLoadedMs: dcl, loadMs: load }, null, 2))
  }
} finally {
  cluster?.stop()
  if (!a.keep) rmSync(dir, { recursive: true, force: true })
}
