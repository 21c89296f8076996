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
    // Why runs failed with `Timeout calling "onTaskUpdate"` though every test passed: a worker answers
    // vitest's RPC only between synchronous stretches, and the RPC gives up after a fixed 60 s. Tests that
    // compiled hundreds of configs or ran promtool in one synchronous loop blocked their worker longer than
    // that once other workers and their promtool processes shared two busy cores. Those loops now yield
    // between cases and run the tools asynchronously (test/property.test.ts, test/hostile.test.ts), and at
    // most two workers run, in child processes, so each gets a core's share and the tools they start are few.
    pool: 'forks',
    maxWorkers: 2,
    minWorkers: 1,
    teardownTimeout: 30_000,
    reporters: ['default'],
  },
});
