// YAML configs keep their parsed document so any config path can be traced back to file:line:column.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError } from './errors.js';
import type { Locator, PathSegment } from './validate.js';

// Aliases expand into copies; a small limit stops billion-laughs documents from blowing up memory.
const MAX_ALIAS_COUNT = 100;

export function parseYamlSource(file: string, text: string): { data: unknown; locate: Locator } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: '', message: e.message.split('\n')[0] as string, position: { file, line: pos.line, column: pos.col } };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    // The yaml library stops alias bombs ("billion laughs") with an error of its own; say it plainly.
    const message = err instanceof Error ? err.message : String(err);
    if (!/alias/i.test(message)) throw err;
    throw new ConfigError([{ path: '', message: `too many YAML alias expansions (at most ${MAX_ALIAS_COUNT}); expand the anchors by hand`, position: { file } }]);
  }

  const locate: Locator = (segments: readonly PathSegment[], target = 'value') => {
    let node: unknown = doc.contents;
    let best: Node | undefined = doc.contents ?? undefined;
    for (const [index, segment] of segments.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) break;
        const last = index === segments.length - 1;
        best = (last && target === 'key') || !pair.value ? (pair.key as Node) : (pair.value as Node);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (!item) break;
        best = item;
        node = item;
      } else break;
    }
    if (!best?.range) return { file };
    const pos = lineCounter.linePos(best.range[0]);
    return { file, line: pos.line, column: pos.col };
  };
  return { data, locate };
}
