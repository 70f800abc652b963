// What `swarmbench init` writes when the project has none: the example bench, the workflow, the .gitignore lines
// (as the README recommends: keep the baseline, ignore the rest of .swarmbench/).
export const GITIGNORE_LINES = ['.swarmbench/*', '!.swarmbench/baseline.json']

export const VITEST_CONFIG = `import { defineConfig } from 'vitest/config'
import { swarmbench } from 'swarmbench/plugin'

export default defineConfig({
  plugins: [swarmbench()],
})
`

export const VITEST_EXAMPLE = `// An example benchmark (swarmbench init). Run it with \`npx vitest bench --run\`: the first run becomes the
// baseline in .swarmbench/, later runs are diffed against it.
import { test } from 'vitest'

test('sorting', async ({ bench }) => {
  const data = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000)
  await bench('toSorted', () => data.toSorted((a, b) => a - b)).run({ time: 500 })
})
`

export const JEST_EXAMPLE = `// An example benchmark (swarmbench init). Run it with \`npx jest\`: the first run becomes the baseline in
// .swarmbench/, later runs are diffed against it.
const { bench } = require('swarmbench/jest')

test('sorting', async () => {
  const data = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000)
  await bench('toSorted', () => data.toSorted((a, b) => a - b), { time: 500 })
})
`

export const JEST_EXAMPLE_ESM = JEST_EXAMPLE.replace("const { bench } = require('swarmbench/jest')", "import { bench } from 'swarmbench/jest'")

/** The gate in CI: Vitest runs base and head interleaved on the runner; Jest compares with the committed baseline. */
export function workflow(runner: 'vitest' | 'jest'): string {
  const gate = runner === 'vitest'
    ? `      - run: npx swarmbench gate --base origin/\${{ github.base_ref }}
      - if: always()
        run: gh pr comment \${{ github.event.number }} --body-file .swarmbench/gate.md --edit-last || gh pr comment \${{ github.event.number }} --body-file .swarmbench/gate.md
        env: { GH_TOKEN: '\${{ github.token }}' }`
    : `      - run: npx jest
      # the run against the committed .swarmbench/baseline.json: exit 1 on a regression, 2 when nothing could be judged
      - run: npx swarmbench compare .swarmbench/baseline.json .swarmbench/last-run.json --gate --output .swarmbench/diff.md --format markdown
      - if: always()
        run: gh pr comment \${{ github.event.number }} --body-file .swarmbench/diff.md --edit-last || gh pr comment \${{ github.event.number }} --body-file .swarmbench/diff.md
        env: { GH_TOKEN: '\${{ github.token }}' }`
  return `# The swarmbench gate (swarmbench init): fails the pull request on a benchmark regression.
name: swarmbench
on: pull_request
permissions: { contents: read, pull-requests: write }
jobs:
  bench:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: { fetch-depth: 0 }
      - uses: actions/setup-node@v4
        with: { node-version: 24 }
      - run: npm ci
${gate}
`
}
