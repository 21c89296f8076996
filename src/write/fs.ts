// The file-system calls the write step makes, as one object, so tests can fail or "kill" the write at any
// chosen call (test/atomic-write.test.ts) while builds use node:fs itself.
import * as nodeFs from 'node:fs';

export interface WriteFs {
  existsSync(p: string): boolean;
  lstatSync(p: string): nodeFs.Stats;
  readdirSync(p: string): string[];
  readFileSync(p: string, encoding: 'utf8'): string;
  mkdirSync(p: string, opts: { recursive: true }): unknown;
  writeFileSync(p: string, data: string, opts?: { flag?: string }): void;
  renameSync(from: string, to: string): void;
  rmSync(p: string, opts: { recursive?: boolean; force?: boolean }): void;
  unlinkSync(p: string): void;
  accessSync(p: string, mode: number): void;
  fsyncDir?(p: string): void;
}

/** node:fs, plus a directory fsync so a rename survives a power cut as well as a kill. */
export const realFs: WriteFs = {
  existsSync: (p) => nodeFs.existsSync(p),
  lstatSync: (p) => nodeFs.lstatSync(p),
  readdirSync: (p) => nodeFs.readdirSync(p),
  readFileSync: (p, e) => nodeFs.readFileSync(p, e),
  mkdirSync: (p, o) => nodeFs.mkdirSync(p, o),
  writeFileSync: (p, d, o) => nodeFs.writeFileSync(p, d, o),
  renameSync: (a, b) => nodeFs.renameSync(a, b),
  rmSync: (p, o) => nodeFs.rmSync(p, o),
  unlinkSync: (p) => nodeFs.unlinkSync(p),
  accessSync: (p, m) => nodeFs.accessSync(p, m),
  fsyncDir: (p) => {
    const fd = nodeFs.openSync(p, 'r');
    try {
      nodeFs.fsyncSync(fd);
    } finally {
      nodeFs.closeSync(fd);
    }
  },
};
