// The rolldown options of the `swarmbench/jest` bundle: shared by scripts/build.ts (the shipped CommonJS build)
// and the Jest integration test. Jest's default mode loads test dependencies as CommonJS through its own loader,
// which cannot load ES modules, so the ESM-only parts (tinybench…) go inside the bundle. zod has its own CommonJS
// build; vitest is only reached by the Vitest-side metric recorder, which Jest never calls.
export const JEST_BUNDLE = {
  input: 'src/jest/index.ts',
  cwd: new URL('..', import.meta.url).pathname,
  platform: 'node' as const,
  external: [/^node:/, 'zod', 'vitest'],
}
