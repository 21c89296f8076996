// Every relative link in the README, CONTRIBUTING.md and docs/ resolves to a file of the repository, and to a
// heading of it when it names one; every page of docs/ is reachable from the README; the README stays short.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/memgen.js';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The text outside fenced code blocks and inline code, where a `[x](y)` is a link. */
function prose(md: string): string {
  return md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

function anchors(md: string): Set<string> {
  return new Set([...prose(md).matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

/** Broken links of one page: `target` as written, and why. */
function brokenLinks(file: string, md: string, read = (f: string) => readFileSync(f, 'utf8')): string[] {
  const broken: string[] = [];
  for (const [, target] of prose(md).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^(https?:|mailto:)/.test(target!)) continue;
    const [ref, anchor] = target!.split('#') as [string, string | undefined];
    const resolved = ref === '' ? file : path.resolve(path.dirname(file), ref);
    if (!existsSync(resolved)) {
      broken.push(`${target}: no such file`);
      continue;
    }
    if (anchor !== undefined && resolved.endsWith('.md') && !anchors(read(resolved)).has(anchor)) broken.push(`${target}: no heading '${anchor}'`);
  }
  return broken;
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return markdownFiles(p);
    return name.endsWith('.md') ? [p] : [];
  });
}

const PAGES = [path.join(ROOT, 'README.md'), path.join(ROOT, 'CONTRIBUTING.md'), ...markdownFiles(path.join(ROOT, 'docs')), ...markdownFiles(path.join(ROOT, 'integrations'))];

describe('documentation links', () => {
  it.each(PAGES.map((p) => [path.relative(ROOT, p), p]))('%s: every relative link resolves', (_, file) => {
    expect(brokenLinks(file, readFileSync(file, 'utf8'))).toEqual([]);
  });

  it('flags a missing file, a missing heading, and ignores links inside code', () => {
    const file = path.join(ROOT, 'README.md');
    const md = '[a](docs/nowhere.md) [b](docs/robustness.md#no-such-heading) [c](docs/robustness.md#limits) `[d](x.md)`\n```\n[e](y.md)\n```\n';
    expect(brokenLinks(file, md)).toEqual(['docs/nowhere.md: no such file', 'docs/robustness.md#no-such-heading: no heading \'no-such-heading\'']);
  });

  it('reaches every page of docs/ from the README, which stays about 5 KB', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const linked = new Set([...prose(readme).matchAll(/\]\((docs\/[^)#\s]+)/g)].map((m) => m[1]));
    const pages = readdirSync(path.join(ROOT, 'docs')).filter((n) => n.endsWith('.md')).map((n) => `docs/${n}`);
    expect(pages.filter((p) => !linked.has(p))).toEqual([]);
    expect(linked.has('docs/checks/README.md')).toBe(true);
    expect(Buffer.byteLength(readme)).toBeLessThan(6500);
  });
});
