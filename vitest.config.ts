import { defineConfig } from 'vitest/config'
import { swarmbench } from './src/plugin/index.ts'

// Unit and integration tests live beside the code (src/**) and under test/; our own benchmark suite is
// benches/, run by `npm run bench` (vitest bench) with the swarmbench plugin storing and diffing each run.
export default defineConfig({
  plugins: [swarmbench()],
  test: {
    include: ['src/**/*.test.ts', 'reporters/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/fixtures/**', 'tmp/**'],
    setupFiles: ['test/setup/fast-check.ts'],
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
