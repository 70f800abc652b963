// Where the browser tests and the report benchmark find Chromium: Debian's package (`apt-get install -y
// chromium`, which .ci/run does when it is missing), or SWARMBENCH_CHROMIUM.
import { existsSync } from 'node:fs'

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const path = env.SWARMBENCH_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(p => existsSync(p))
  if (!path || !existsSync(path)) throw new Error("no Chromium found: install Debian's (apt-get install -y chromium) or set SWARMBENCH_CHROMIUM to a Chromium executable")
  return path
}
