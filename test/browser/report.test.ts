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
import { HOSTILE_NAMES, writeFixtureHistory } from '../helpers/report-history.ts'

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

  test('no console error and no request beyond the file itself', () => {
    expect(consoleErrors).toEqual([])
    expect(requests).toEqual([url])
  })
})
