// The HTML report in a real browser: Debian's chromium driven by playwright-core opens the file as a person
// would (file://) and checks what they see: no console error, no request beyond the file itself, the charts
// and rows drawn, a row's distributions on click, and hostile benchmark names that run nothing. A screenshot
// of each view goes to test/output/ for a person to look at.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { chromiumPath } from './chromium.ts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { writeHtmlReport } from '../../src/report/html/index.ts'
import { renderMarkdownFull } from '../../src/report/full.ts'
import { loadReportData } from '../../src/report/html/index.ts'
import { withStore } from '../../src/store/open.ts'
import { HOSTILE_NAMES, writeFixtureHistory, writeWordingHistory } from '../helpers/report-history.ts'

export const OUTPUT = join(import.meta.dirname, '../output')

let dir: string, url: string, browser: Browser, page: Page
const consoleErrors: string[] = []
const requests: string[] = []
const dialogs: string[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'swarmbench-browser-'))
  await writeFixtureHistory(join(dir, 'history.sqlite'), 6)
  const file = join(dir, 'report.html')
  await writeHtmlReport(join(dir, 'history.sqlite'), file, { now: new Date('2026-12-01T00:00:00Z') })
  url = pathToFileURL(file).href
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] })
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`) })
  page.on('pageerror', e => consoleErrors.push(`pageerror: ${e.message}`))
  page.on('request', r => requests.push(r.url()))
  page.on('dialog', d => { dialogs.push(d.message()); void d.dismiss() })
  await page.goto(url, { waitUntil: 'load' })
  mkdirSync(OUTPUT, { recursive: true })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  rmSync(dir, { recursive: true, force: true })
})

const visible = (selector: string) => page.locator(selector).evaluateAll(els => els.filter(e => {
  const r = e.getBoundingClientRect()
  return r.width > 0 || r.height > 0
}).length)

describe('the report in Chromium', () => {
  test('overview: the verdict, the counts and a link per gating regression', async () => {
    const verdict = await page.locator('#overview .verdict').innerText()
    expect(verdict).toMatch(/^FAIL · gating: 2 regressions/)
    expect(await visible('#overview a[data-row]')).toBe(2)
    expect(await visible('#trends')).toBe(0) // one view at a time
    await page.screenshot({ path: join(OUTPUT, 'report-overview.png'), fullPage: true })
  })

  test('trends: one chart per figure, drawn; search and filters narrow them', async () => {
    await page.click('nav button[data-view="trends"]')
    expect(await visible('#trends figure.trend svg.chart.trend')).toBe(20)
    expect(await visible('#trends svg.chart.trend polyline.line')).toBe(20)
    expect(await visible('#trends svg .rule.environment')).toBeGreaterThan(0)
    expect(await visible('#trends svg .dot.regressed')).toBe(2)
    await page.screenshot({ path: join(OUTPUT, 'report-trends.png') })
    await page.fill('#trend-search', 'quick')
    expect(await visible('figure.trend')).toBe(1)
    await page.fill('#trend-search', '')
    await page.selectOption('#trend-verdict', 'regressed')
    expect(await visible('figure.trend')).toBe(2)
    await page.selectOption('#trend-verdict', '')
    await page.selectOption('#trend-kind', 'timing')
    expect(await visible('figure.trend')).toBe(4) // the latency of the four benchmarks
    await page.selectOption('#trend-file', 'a.bench.ts')
    expect(await visible('figure.trend')).toBe(2)
    expect(await page.locator('#trend-count').innerText()).toBe('2 of 20 shown')
    await page.selectOption('#trend-kind', '')
    await page.selectOption('#trend-file', '')
  })

  test('diff: a row per comparison row, regressions first; a click shows the two distributions and the interval', async () => {
    await page.click('nav button[data-view="diff"]')
    expect(await visible('table.diff tr.row')).toBe(20)
    expect(await visible('table.diff tr.detail')).toBe(0)
    expect(await page.locator('table.diff tr.row td.verdict').first().innerText()).toBe('slower')
    const quick = page.locator('table.diff tr.row', { hasText: 'sorting › quick' })
    await quick.click()
    const detail = page.locator('table.diff tr.row:has-text("sorting › quick") + tr.detail')
    expect(await detail.isVisible()).toBe(true)
    expect(await detail.locator('svg.chart.ecdf polyline.ecdf').count()).toBe(2)
    const box = await detail.locator('svg.chart.ecdf').boundingBox()
    expect(box!.width).toBeGreaterThan(100)
    expect(await detail.locator('svg.chart.interval .ci').count()).toBe(1)
    await page.screenshot({ path: join(OUTPUT, 'report-diff.png') })
    await quick.click()
    expect(await detail.isVisible()).toBe(false)
    // sorting by name puts the ids in order, and back
    await page.click('table.diff th[data-sort="name"]')
    const names = await page.locator('table.diff tr.row td.name').allInnerTexts()
    expect(names).toEqual(names.toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(await page.locator('table.diff th[data-sort="name"]').getAttribute('aria-sort')).toBe('ascending')
  })

  test('a regression link in the overview opens its row in the diff', async () => {
    await page.click('nav button[data-view="overview"]')
    await page.locator('#overview a[data-row]').first().click()
    expect(await visible('#diff')).toBe(1)
    const row = page.locator('table.diff tr.row[aria-expanded="true"]')
    expect(await row.count()).toBe(1)
    expect(await row.locator('td.name').innerText()).toContain('sorting › quick')
  })

  test('swarm matrix: a heatmap of the four cells with the Pareto front starred', async () => {
    await page.click('nav button[data-view="swarm"]')
    expect(await visible('#swarm svg.chart.heatmap')).toBe(1)
    expect(await visible('#swarm svg .cell')).toBe(4)
    expect(await visible('#swarm svg .cell.front')).toBe(3)
    await page.screenshot({ path: join(OUTPUT, 'report-swarm.png') })
  })

  test('hostile names are shown as text and execute nothing', async () => {
    const texts = await page.locator('table.diff td.name').allTextContents()
    for (const name of HOSTILE_NAMES) expect(texts).toContain(`bench › evil.bench.ts › ${name} › b`)
    expect(await page.locator('img').count()).toBe(0)
    expect(await page.locator('script').count()).toBe(2)
    expect(dialogs).toEqual([])
  })

  test('wording as in the Markdown: "~" for what is not significant, gates yes/no, provenance badges (a second report)', async () => {
    const history = join(dir, 'wording.sqlite')
    await writeWordingHistory(history)
    const file = join(dir, 'wording.html')
    await writeHtmlReport(history, file, { now: new Date('2026-12-01T00:00:00Z') })
    // The Markdown of the same comparison, as diff-full.md holds it: benchmark, metric → change, verdict, gates.
    const cmp = (await withStore(history, { mode: 'read' }, s => loadReportData(s))).comparison!
    const unescape = (t: string) => t.replace(/\\(.)/g, '$1').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    const markdown = new Map(renderMarkdownFull(cmp).split('\n').filter(l => l.startsWith('| bench ›')).map(l => {
      const [name, metric, , , change, verdict, gates] = l.slice(2, -2).split(' | ').map(unescape)
      return [`${name} · ${metric}`, { change: change!, verdict: verdict!.replace(/^\S+ /, ''), gates: gates! }]
    }))
    expect(markdown.size).toBe(8)
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors: string[] = []
    p.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()) })
    p.on('pageerror', e => errors.push(e.message))
    try {
      await p.goto(pathToFileURL(file).href, { waitUntil: 'load' })
      // Overview: the gate's counts with the not-gated changes apart, every kind not measured here, the link's badge.
      expect(await p.locator('#overview .verdict').innerText()).toBe('FAIL · gating: 1 regression · 2 unchanged; not gated: 3 changes')
      expect(await p.locator('#overview .counts').innerText()).toContain('3 changes that do not gate')
      expect(await p.locator('#overview .note').innerText()).toBe('Not measured here: 1 simulated · 1 stand-in · 1 replayed · 1 estimate rows (labelled in every row and chart).')
      expect(await p.locator('#overview ul.regressions li').allInnerTexts()).toEqual(['bench › w.bench.ts › figures › agent · tokens +20% estimate'])
      // Diff: every row reads as its Markdown row; the change carries "~" exactly when the row is not significant.
      await p.click('nav button[data-view="diff"]')
      const rows = await p.locator('table.diff tr.row').evaluateAll(trs => trs.map(tr => {
        const cell = (c: string) => tr.querySelector(`td.${c}`)!.textContent!.trim()
        const tds = tr.querySelectorAll('td')
        return {
          key: `${cell('name')} · ${tds[1]!.childNodes[0]!.textContent!.trim()}`, change: cell('change'), verdict: cell('verdict'), gates: cell('gates'),
          badges: [...tr.querySelectorAll('td:nth-child(2) .prov')].map(b => b.textContent), color: tr.ownerDocument.defaultView!.getComputedStyle(tr.querySelector('td.change')!).color,
        }
      }))
      expect(rows).toHaveLength(8)
      for (const r of rows) {
        const md = markdown.get(r.key)!
        expect({ key: r.key, verdict: r.verdict, gates: r.gates }).toEqual({ key: r.key, verdict: md.verdict, gates: md.gates })
        const significant = /^(slower|faster|worse|better)$/.test(md.verdict)
        expect(r.change).toBe(significant || md.change === '—' ? md.change : `~${md.change}`)
      }
      const row = (key: string) => rows.find(r => r.key === `bench › w.bench.ts › ${key}`)!
      // observed from one process per side: not significant, not gated, not drawn as a regression
      expect(row('observed › slow · latency')).toMatchObject({ change: expect.stringMatching(/^~\+10\d%$/), verdict: '~ slower', gates: 'no' })
      expect(row('observed › slow · overhead')).toMatchObject({ change: '~+400 µs', verdict: '~ worse', gates: 'no' })
      expect(row('observed › slow · heap.peak')).toMatchObject({ change: '+100%', verdict: 'worse', gates: 'no' })
      expect(row('figures › agent · tokens')).toMatchObject({ change: '+20%', verdict: 'worse', gates: 'yes', badges: ['estimate'], color: 'rgb(207, 34, 46)' })
      for (const key of ['observed › slow · latency', 'observed › slow · overhead', 'observed › slow · heap.peak']) expect(row(key).color).not.toBe('rgb(207, 34, 46)')
      expect(Object.fromEntries(['replies', 'accuracy', 'cost.usd'].map(m => [m, row(`figures › agent · ${m}`).badges]))).toEqual({ replies: ['replayed'], accuracy: ['simulated'], 'cost.usd': ['stand-in'] })
      await p.screenshot({ path: join(OUTPUT, 'report-wording-diff.png') })
      // Trends: the gating regression red, the three changes that cannot gate hollow.
      await p.click('nav button[data-view="trends"]')
      expect(await p.locator('#trends svg .dot.regressed').count()).toBe(1)
      expect(await p.locator('#trends svg .dot.ungated').count()).toBe(3)
      expect(errors).toEqual([])
    } finally { await p.close() }
  })

  test('no console error and no request beyond the file itself', () => {
    expect(consoleErrors).toEqual([])
    expect(requests).toEqual([url])
  })
})
