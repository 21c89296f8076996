// A worker answers the runner only between synchronous stretches. Vitest 3 gave up on it after a fixed 60 s
// (`Timeout calling "onTaskUpdate"`); vitest 4 waits, but a worker held that long still stalls the run's
// reports and its share of the two cores. This watchdog names the test that held its worker's event loop, so
// a slow run says which loop to make asynchronous.
import { appendFileSync } from 'node:fs';
import { afterAll, beforeEach, expect } from 'vitest';

const WARN_AFTER_MS = 20_000;
const TICK_MS = 1_000;
let current = '(between tests)';
let last = Date.now();

beforeEach(() => {
  current = expect.getState().currentTestName ?? current;
});

const timer = setInterval(() => {
  const now = Date.now();
  const blocked = now - last - TICK_MS;
  if (blocked > WARN_AFTER_MS) {
    const line = `memgen-watchdog: ${expect.getState().testPath ?? '?'} > ${current}: the worker's event loop was blocked for ${Math.round(blocked / 1000)} s\n`;
    process.stderr.write(line);
    if (process.env.MEMGEN_WATCHDOG_LOG) appendFileSync(process.env.MEMGEN_WATCHDOG_LOG, line);
  }
  last = now;
}, TICK_MS);
timer.unref();

afterAll(() => clearInterval(timer));
