// Warm-up for benches that set their own warm-up iterations. tinybench 6 warms up until BOTH its warm-up
// iterations AND `warmupTime` (default 250 ms) are reached, so a bench asking for "1 warm-up call" of a
// 5 ms simulation still spent 250 ms warming up: ~28 such warm-ups were ~6 s of `npm run bench` (issue 20).
// 50 ms still runs thousands of calls of a µs function and several of a ms one, which is what the JIT needs;
// the measured iterations and time of every bench are unchanged.
export const WARMUP_MS = 50
