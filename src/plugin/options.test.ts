import { describe, expect, test } from 'vitest'
import { outputPaths, parseOptions } from './options.ts'
import { swarmbench } from './index.ts'

describe('plugin options', () => {
  test('defaults put everything under .swarmbench, relative to the root', () => {
    expect(outputPaths('/p', parseOptions({}))).toEqual({
      baseline: '/p/.swarmbench/baseline.json', history: '/p/.swarmbench/history.sqlite', markdown: '/p/.swarmbench/diff.md', lastRun: '/p/.swarmbench/last-run.json',
      report: '/p/.swarmbench/report.html',
    })
    expect(outputPaths('/p', parseOptions({ outDir: 'perf', baselineFile: 'base.json' })).baseline).toBe('/p/base.json')
  })
  test('history: a PostgreSQL URL without a password; SWARMBENCH_HISTORY_URL (which may hold one) wins', () => {
    const url = 'postgres://ci@db:5432/bench?schema=team'
    expect(outputPaths('/p', parseOptions({ history: url }), undefined, {}).history).toBe(url)
    expect(outputPaths('/p', parseOptions({ history: url }), undefined, { SWARMBENCH_HISTORY_URL: 'postgres://ci:pw@db2/x' }).history).toBe('postgres://ci:pw@db2/x')
    expect(outputPaths('/p', parseOptions({}), undefined, { SWARMBENCH_HISTORY_URL: 'postgres://ci:pw@db2/x' }).history).toBe('postgres://ci:pw@db2/x')
    expect(() => parseOptions({ history: 'postgres://ci:secret@db/bench' })).toThrow(/field history: a valid URL without a password \(set PGPASSWORD, or put the whole URL in SWARMBENCH_HISTORY_URL\)/)
    expect(() => parseOptions({ history: 'mysql://db/bench' })).toThrow(/field history: .*postgres:\/\//)
  })
  test('a wrong option names its field and the fix', () => {
    expect(() => parseOptions({ updateBaseline: 'sometimes' })).toThrow(/swarmbench\(options\), field updateBaseline: .*Fix: see the options table in the README/)
    expect(() => parseOptions({ sampleCap: 1 })).toThrow(/field sampleCap/)
    expect(() => parseOptions({ compare: { alpha: 2 } })).toThrow(/field compare\.alpha/)
    expect(() => parseOptions({ colour: true })).toThrow(/colour/)
    expect(() => parseOptions({ pricing: { models: { 'my-model': { input: -1 } } } })).toThrow(/field pricing\.models\["my-model"\]/)
    // the plugin reports a wrong option from its config hook, once Vite has loaded the config file
    const bad = swarmbench({ gate: 'yes' as never }) as unknown as { config: (c: object) => unknown }
    expect(() => bad.config({})).toThrow(/field gate/)
  })
  test('the plugin asks for retained samples and --expose-gc, without overriding the user', () => {
    const plugin = swarmbench() as unknown as { config: (c: object) => { test: Record<string, any> } }
    expect(plugin.config({})).toEqual({ test: { benchmark: { retainSamples: true }, execArgv: ['--expose-gc'] } })
    expect(plugin.config({ test: { benchmark: { retainSamples: false }, execArgv: ['--expose-gc'] } })).toEqual({ test: { benchmark: { retainSamples: false } } })
    expect((swarmbench({ exposeGc: false, retainSamples: false }) as any).config({})).toEqual({ test: { benchmark: { retainSamples: false } } })
  })
})
