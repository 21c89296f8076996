// Compiles configs in a worker thread, from the built JavaScript in dist/ (test/global-setup.ts builds it).
// Property tests compile hundreds of random configs, some with day-long windows whose simulation takes tens of
// seconds on a busy machine; done in the test's own thread, that holds the worker's event loop for minutes (see
// vitest.config.ts). Here the test only awaits messages, so its event loop stays free.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ConfigProblem } from '../../src/config/errors.js';
import type { Problem } from '../../src/problem.js';
import type { OutputFile } from '../../src/write/serialise.js';
import { ROOT } from './memgen.js';

export type CompileOutcome = { refused: { problems: ConfigProblem[] } } | { built: { files: OutputFile[]; problems: Problem[] } };

const dist = (file: string) => pathToFileURL(path.join(ROOT, 'dist/src', file)).href;

// Positions name the given file, and the line is the path's depth: enough to tell that a refusal was located.
const WORKER = `
const { parentPort } = require('node:worker_threads');
const modules = Promise.all([import(${JSON.stringify(dist('config/validate.js'))}), import(${JSON.stringify(dist('pipeline.js'))}), import(${JSON.stringify(dist('config/errors.js'))})]);
parentPort.on('message', async ({ id, config, file }) => {
  const [{ validateConfig }, { compile }, { ConfigError }] = await modules;
  const locate = (segments) => ({ file, line: segments.length + 1 });
  try {
    const { files, problems } = compile({ ...validateConfig(config, locate), source: file, locate });
    parentPort.postMessage({ id, outcome: { built: { files, problems } } });
  } catch (err) {
    if (err instanceof ConfigError) parentPort.postMessage({ id, outcome: { refused: { problems: err.problems } } });
    else parentPort.postMessage({ id, crash: String(err && err.stack || err) });
  }
});
`;

/** A compiler thread; `close()` it when done. One call at a time keeps the thread's memo of shape runs warm. */
export function compilerThread(file: string): { compile(config: unknown): Promise<CompileOutcome>; close(): Promise<number> } {
  const worker = new Worker(WORKER, { eval: true });
  const pending = new Map<number, { resolve: (o: CompileOutcome) => void; reject: (e: Error) => void }>();
  let next = 0;
  worker.on('message', (m: { id: number; outcome?: CompileOutcome; crash?: string }) => {
    const p = pending.get(m.id)!;
    pending.delete(m.id);
    if (m.outcome) p.resolve(m.outcome);
    else p.reject(new Error(`not a config error: ${m.crash}`));
  });
  worker.on('error', (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  return {
    compile(config) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, config, file });
      });
    },
    close: () => worker.terminate(),
  };
}
