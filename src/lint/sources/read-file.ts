// Reading one lint argument the way Prometheus would, with the checks Go's yaml reader makes on the bytes:
// regular files only (a FIFO or /dev/zero would block or never end), a size limit, valid UTF-8, no control
// characters. Line breaks are normalised to LF (Go's yaml takes CR and CRLF as line breaks too), and the
// normalised text is what every later step, positions and carets included, reads.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from '../../config/errors.js';

/** Far beyond any real rule file (a 50,000-rule file is about 12 MiB); keeps a mistaken argument cheap. */
export const MAX_LINT_FILE_BYTES = 128 * 1024 * 1024;

/** The text, or where and why its bytes are refused (1-based line and column). */
export type ReadResult = { text: string } | { text?: undefined; line: number; column: number; message: string };

function refuseSpecial(shown: string, stat: import('node:fs').Stats): void {
  if (stat.isDirectory()) throw new UsageError(`${shown} is a directory; give the rule files in it (e.g. ${shown}/*.yaml)`);
  if (!stat.isFile()) throw new UsageError(`${shown} is not a regular file (a FIFO, device or socket); memgen lint reads regular files only`);
  if (stat.size > MAX_LINT_FILE_BYTES) throw new UsageError(`${shown} is ${stat.size} bytes, more than the limit of ${MAX_LINT_FILE_BYTES} bytes (128 MiB) for a rule file`);
}

function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (err as Error).message;
}

/** The file's text, or why Prometheus's yaml reader would refuse its bytes. Special files are refused unread. */
export function readLintFile(shown: string, full: string): ReadResult {
  let fd: number;
  try {
    // stat before open: opening a FIFO for reading blocks until a writer appears.
    refuseSpecial(shown, statSync(full));
    fd = openSync(full, 'r');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`cannot read ${shown}: ${errnoText(err)}`);
  }
  let bytes: Buffer;
  try {
    const stat = fstatSync(fd);
    refuseSpecial(shown, stat); // the path may have been replaced between stat and open
    bytes = Buffer.allocUnsafe(stat.size);
    let got = 0;
    while (got < stat.size) {
      const n = readSync(fd, bytes, got, stat.size - got, got);
      if (n === 0) break;
      got += n;
    }
    bytes = bytes.subarray(0, got);
  } finally {
    closeSync(fd);
  }
  return decodeLintBytes(bytes);
}

/** Validates and decodes a file's bytes (exported for tests). */
export function decodeLintBytes(bytes: Buffer): ReadResult {
  if (!isUtf8(bytes)) {
    const bad = firstInvalidUtf8(bytes);
    const lineStart = bad === 0 ? 0 : bytes.lastIndexOf(10, bad - 1) + 1;
    const line = bytes.subarray(0, bad).reduce((n, b) => (b === 10 ? n + 1 : n), 1);
    return { line, column: bytes.subarray(lineStart, bad).toString('utf8').length + 1, message: `invalid UTF-8 (byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at byte ${bad}); Prometheus reads rule files as UTF-8 and refuses this one` };
  }
  let text = bytes.toString('utf8');
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const control = CONTROL.exec(text);
  if (control) {
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    const before = text.slice(0, control.index);
    const line = before.split('\n').length;
    return { line, column: control.index - before.lastIndexOf('\n'), message: `control character U+${code} is not allowed in YAML (Prometheus refuses the file); write it as an escape in a double-quoted string` };
  }
  return { text };
}

// What YAML (and Go's yaml) refuses in a stream: C0 controls but tab and line breaks, DEL, C1 controls but NEL,
// and the non-characters U+FFFE/U+FFFF. (Lone surrogates cannot come out of valid UTF-8.)
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i] as number;
    const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    if (n > 1 && !isUtf8(b.subarray(i, i + n))) return i;
    i += n;
  }
  return b.length;
}
