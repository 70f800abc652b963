import { defineConfig } from 'vitest/config'

// `npm run test:bench-provenance`: runs our whole benchmark suite once and walks its metrics' provenance
// (test/bench-provenance). Apart from `npm test` because the suite takes minutes; CI runs both.
export default defineConfig({
  test: {
    include: ['test/bench-provenance/*.check.ts'],
    testTimeout: 3_600_000,
    hookTimeout: 3_600_000,
  },
})
