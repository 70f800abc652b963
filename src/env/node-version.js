// @ts-check
// The Node version check that every entry point (the CLI, the plugin, the reporter) runs first. Plain
// JavaScript on purpose: it has to load on any Node, including one too old to run TypeScript or to have
// node:sqlite, because it is what tells the user so, in one line.

/** The oldest Node swarmbench runs on: the first 22.x with `node:sqlite` available without a flag. */
export const MIN_NODE = '22.13.0'

/**
 * What is wrong with this Node, as one line without a prefix, or undefined when it is recent enough.
 * @param {string} version e.g. 'v20.20.2'
 * @returns {string | undefined}
 */
export function nodeVersionProblem(version) {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  if (major > 22 || (major === 22 && minor >= 13)) return undefined
  return `needs Node ≥ 22.13 (for node:sqlite), found ${version}. Fix: use Node 22.13+ or 24 (e.g. \`nvm install 24\`), `
    + 'or pin it in your project with `npm install -D node@24`: npm scripts and npx then run on that Node whatever the system has'
}

/**
 * Prints the problem on stderr and ends the process with exit code 2 when this Node is too old; for
 * command-line entry points, where nothing has run yet.
 * @param {string} [version]
 */
export function exitIfOldNode(version = process.version) {
  const problem = nodeVersionProblem(version)
  if (problem === undefined) return
  process.stderr.write(`swarmbench: ${problem}\n`)
  process.exit(2)
}
