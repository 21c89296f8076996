// Vitest's worker RPC gives up after a fixed 60 s (`Timeout calling "onTaskUpdate"`), and a worker answers it
// only between synchronous stretches. This watchdog names the test that held its worker's event loop for long
// enough to risk that, so a failed run says which loop to make asynchronous instead of leaving a bare timeout.
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
