// Exit codes: 0 ok, 1 problems found, 2 usage/config/environment, 3 internal error. A TS config runs inside
// memgen's process, so its own process.exit must not end memgen with a code memgen does not document.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memgen, tempDir } from './helpers/memgen.js';

function configFile(body: string): string {
  const file = path.join(tempDir('memgen-exit-'), 'memgen.config.ts');
  writeFileSync(file, `import { fastapi } from 'memgen';\n${body}\n`);
  return file;
}

describe('a config that calls process.exit', () => {
  const cases: Array<[string, string]> = [
    ['while loading', 'process.exit(7);\nexport default fastapi();'],
    ['with code 0 from its config function', 'export default () => { process.exit(0); };'],
    ['from a timer after loading', 'setTimeout(() => process.exit(7), 0);\nexport default fastapi();'],
  ];
  for (const [when, body] of cases) {
    it(`${when}: exit 2 with a config error, never its own code`, () => {
      const out = path.join(tempDir(), 'out');
      const r = memgen(['build', '-c', configFile(body), '--out', out]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^memgen: invalid config.*\n?.*the config called process\.exit\([07]\)/);
    });
  }

  it('while loading writes nothing', () => {
    const out = path.join(tempDir(), 'out');
    memgen(['build', '-c', configFile('process.exit(7);\nexport default fastapi();'), '--out', out]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('documented codes', () => {
  it('--help of memgen and of each command lists its codes, 2 and 3 included', () => {
    for (const args of [['--help'], ['build', '--help'], ['lint', '--help'], ['test', '--help'], ['diff', '--help']]) {
      const r = memgen(args);
      expect(r.status).toBe(0);
      const codes = r.stdout.slice(r.stdout.indexOf('Exit codes:')).replace(/\s+/g, ' ');
      expect(codes, args.join(' ')).toMatch(/^Exit codes: 0 .*, 2 usage.*, 3 internal error/);
    }
  });

  it('an unknown option is a usage error (2)', () => {
    expect(memgen(['build', '--no-such-option']).status).toBe(2);
  });
});
