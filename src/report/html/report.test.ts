import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { HOSTILE_NAMES, writeFixtureHistory } from '../../../test/helpers/report-history.ts'
import { withStore } from '../../store/open.ts'
import { loadReportData, renderHtmlReport, type ReportData } from './index.ts'
import { CLIENT_SCRIPT } from './client.ts'

let dir: string, file: string, data: ReportData, page: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'swarmbench-html-'))
  file = join(dir, 'history.sqlite')
  await writeFixtureHistory(file, 6)
  data = await withStore(file, { mode: 'read' }, store => loadReportData(store, { now: new Date('2026-12-01T00:00:00Z') }))
  page = renderHtmlReport(data)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const count = (re: RegExp) => page.match(re)?.length ?? 0

describe('the HTML report of a fixture history', () => {
  test('reads the newest run, its comparison, the base, the trends and the swarm matrix', () => {
    expect(data.latest?.runId).toBe(6)
    expect(data.base).toMatchObject({ runId: 4 })
    expect(data.comparison!.rows).toHaveLength(20)
    expect(data.trends.runs.map(r => r.id)).toEqual([1, 2, 3, 4, 5, 6])
    expect(data.trends.series).toHaveLength(20)
    expect(data.trends.boundaries.map(b => [b.kind, b.at])).toEqual([['environment', 2], ['baseline', 4]])
    expect(data.swarm).toHaveLength(1)
    expect(data.swarm[0]).toMatchObject({ colAxis: 'strategy', rowAxis: 'mode', cols: ['development', 'research'], rows: ['hierarchical', 'mesh'] })
    expect(data.distributions.size).toBe(20) // every row: both runs are in the history
  })

  test('one trend chart per figure, one diff row (and detail) per comparison row, one heatmap', () => {
    expect(count(/<svg class="chart trend"/g)).toBe(20)
    expect(count(/<tr id="row-[0-9a-f-]+" class="row /g)).toBe(20)
    expect(count(/<tr class="detail" hidden>/g)).toBe(20)
    expect(count(/<svg class="chart heatmap"/g)).toBe(1)
    expect(count(/<svg class="chart ecdf"/g)).toBe(data.distributions.size)
  })

  test('the overview has the gate counts and links to each gating regression', () => {
    expect(page).toContain('<strong>FAIL</strong> · gating: 2 regressions')
    const links = [...page.matchAll(/<a href="#(row-[0-9a-f-]+)" data-row="\1">([^<]*)<\/a>/g)]
    expect(links.map(l => l[2])).toEqual(['bench › a.bench.ts › sorting › quick · latency', 'bench › a.bench.ts › sorting › merge · tokens'])
    for (const [, id] of links) expect(page).toContain(`<tr id="${id}" class="row regressed gating significant"`)
  })

  test('regressions lead the diff; "~" marks changes that are not significant; provenance is labelled', () => {
    const verdicts = [...page.matchAll(/<tr id="row-[^"]+" class="row (\w+)/g)].map(m => m[1])
    expect(verdicts.slice(0, 2)).toEqual(['regressed', 'regressed'])
    expect(page).toMatch(/<td class="num change">~[+-−]?[\d.]+%<\/td>/)
    expect(page).toContain('<span class="prov prov-simulated" title="simulated: seed 7">simulated</span>')
    expect(page).toContain('<span class="prov prov-stand-in" title="stand-in: stand-in claude on PATH">stand-in</span>')
  })

  test('names from bench files and branches are text, never markup or code', () => {
    for (const name of HOSTILE_NAMES) expect(page).not.toContain(name)
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(page).toContain('feature/&lt;b&gt;x&lt;/b&gt;')
    expect(count(/<script/g)).toBe(2) // the data block and the page's own script
    expect(count(/<\/script>/g)).toBe(2)
    const json = page.match(/<script type="application\/json" id="swarmbench-data">(.*?)<\/script>/s)![1]!
    const back = JSON.parse(json) as { rows: Array<{ id: string }>; latest: { git: { branch: string } } }
    expect(back.rows.map(r => r.id)).toEqual(expect.arrayContaining(HOSTILE_NAMES.map(n => `bench › evil.bench.ts › ${n} › b`)))
    expect(back.latest.git.branch).toBe('feature/<b>x</b>')
  })

  test('self-contained: no URL to fetch, and a policy that allows only its own script', () => {
    expect(page).not.toMatch(/\b(src|href)="(?!#)/)
    expect(page).not.toMatch(/https?:\/\//)
    const hash = createHash('sha256').update(CLIENT_SCRIPT).digest('base64')
    expect(page).toContain(`script-src &#39;sha256-${hash}&#39;`)
    expect(page).toContain("default-src &#39;none&#39;")
  })

  test('an empty history, a first run and a run without swarm cells still render', () => {
    const empty: ReportData = { ...data, latest: undefined, base: undefined, comparison: undefined, distributions: new Map(), trends: { runs: [], series: [], boundaries: [] }, swarm: [] } as unknown as ReportData
    const p = renderHtmlReport(empty)
    expect(p).toContain('The history holds no runs yet.')
    expect(p).toContain('No comparison to show')
    expect(p).toContain('No figures in the selected runs.')
    expect(p).not.toContain('id="swarm"')
    const first = renderHtmlReport({ ...data, base: undefined, comparison: undefined })
    expect(first).toContain('was not compared with a baseline when it ran')
  })
})
