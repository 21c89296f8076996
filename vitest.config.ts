import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup/event-loop-watchdog.ts'],
    // promtool and prometheus runs take a few seconds each on a 2-core machine, and minutes when it is shared
    // (load 15 on two cores was seen): a timeout here guards against hangs, it measures no speed.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Why runs on vitest 3 failed with `Timeout calling "onTaskUpdate"` though every test passed: the worker's
    // RPC to the runner gave up after a fixed 60 s, and a worker answers only between synchronous stretches, so
    // a test that held its worker (or a runner starved by promtool processes on two busy cores) failed the run.
    // Vitest 4 removed that timeout from the worker RPC (vitest-dev/vitest#8297). The long loops still yield
    // between cases and run the tools asynchronously (test/property.test.ts, test/hostile.test.ts), the
    // watchdog in test/setup names any test that holds its worker for 20 s, and at most two workers run, in
    // child processes, so each gets a core's share and the tools they start are few.
    pool: 'forks',
    maxWorkers: 2,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
});
