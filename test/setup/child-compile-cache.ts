// Node's compile cache for the processes tests start (real vitest, jest, swarmbench and stand-in processes).
// Vitest turns it off in its workers and everything they spawn when v8 coverage runs (NODE_DISABLE_COMPILE_CACHE),
// because a compile-cached script loses the source positions precise coverage needs. Only the workers are
// measured here (coverage.autoAttachSubprocess is off, so no child's coverage is collected), so the children may
// use the cache: it only skips recompiling unchanged modules (`node src/cli/bin.ts --help` 1.2 → 0.7 s of CPU).
// The directory comes from vitest.config.ts (test.env), which sets it for `vitest run` only.
const dir = process.env.SWARMBENCH_TEST_CHILD_COMPILE_CACHE
if (dir) {
  delete process.env.NODE_DISABLE_COMPILE_CACHE
  process.env.NODE_COMPILE_CACHE = dir
}
