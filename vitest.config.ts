import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { swarmbench } from './src/plugin/index.ts'
import { SlowFirstSequencer } from './test/setup/sequencer.ts'

// Unit and integration tests live beside the code (src/**) and under test/; our own benchmark suite is
// benches/, run by `npm run bench` (vitest bench) with the swarmbench plugin storing and diffing each run.
// Node's compile cache for the processes the tests start (test/setup/child-compile-cache.ts), under `vitest run`
// only: `vitest bench` runs keep their figures as they were.
const childCompileCache = process.argv.slice(2).includes('bench') ? {} : { SWARMBENCH_TEST_CHILD_COMPILE_CACHE: fileURLToPath(new URL('./node_modules/.cache/node-compile-cache', import.meta.url)) }

export default defineConfig({
  plugins: [swarmbench()],
  test: {
    include: ['src/**/*.test.ts', 'reporters/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/fixtures/**', 'tmp/**'],
    setupFiles: ['test/setup/fast-check.ts', 'test/setup/child-compile-cache.ts'],
    env: childCompileCache,
    // the slow integration files start first, also on a clean clone without Vitest's cache (CI)
    sequence: { sequencer: SlowFirstSequencer },
    benchmark: { include: ['benches/**/*.bench.ts'], suppressExportGetterWarnings: true },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'reporters/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.d.ts', 'src/cli/bin.ts'],
      thresholds: { lines: 90 },
    },
  },
})
