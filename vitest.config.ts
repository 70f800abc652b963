import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { swarmbench } from './src/plugin/index.ts'
import { SlowFirstSequencer } from './test/setup/sequencer.ts'

// Unit and integration tests live beside the code (src/**) and under test/; our own benchmark suite is
// benches/, run by `npm run bench` (vitest bench) with the swarmbench plugin storing and diffing each run.
// Tests only (not `vitest bench`, whose figures stay as they were): Node's compile cache (V8 bytecode of the
// modules Node itself loads, keyed by their content) for every process the run starts: the test workers and the
// real vitest, jest, swarmbench and stand-in processes the integration tests spawn, which inherit this
// environment. It only skips recompiling unchanged code (`node src/cli/bin.ts --help`: 1.2 → 0.7 s of CPU here).
// The code under test in the workers goes through Vitest's module runner, not this cache, so coverage is
// unaffected. A NODE_COMPILE_CACHE set by the caller wins.
if (!process.argv.slice(2).includes('bench')) {
  process.env.NODE_COMPILE_CACHE ??= fileURLToPath(new URL('./node_modules/.cache/node-compile-cache', import.meta.url))
}

export default defineConfig({
  plugins: [swarmbench()],
  test: {
    include: ['src/**/*.test.ts', 'reporters/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/fixtures/**', 'tmp/**'],
    setupFiles: ['test/setup/fast-check.ts'],
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
