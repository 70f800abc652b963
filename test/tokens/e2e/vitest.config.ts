// A tiny project for the end-to-end test: the real plugin, its reporter and store, in a temp directory.
import { defineConfig } from 'vitest/config'
import { swarmbench } from '../../../src/plugin/index.ts'

export default defineConfig({
  plugins: [swarmbench({ outDir: process.env.TOKENS_E2E_OUT ?? '.swarmbench', print: true })],
  test: { benchmark: { include: ['*.bench.ts'] } },
})
