import { defineConfig } from 'vitest/config'

// Unit and integration tests live beside the code (src/**) and under test/; our own benchmark suite is benches/.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'reporters/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/fixtures/**', 'tmp/**'],
    benchmark: { include: ['benches/**/*.bench.ts'] },
    testTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'reporters/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.d.ts'],
      thresholds: { lines: 90 },
    },
  },
})
