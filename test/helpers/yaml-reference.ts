// The yaml library under the options memgen's writer reproduces (src/write/yaml.ts): the reference its bytes
// are compared with. No line folding, no block scalars, sequences indented under their key, and the characters
// Go's YAML 1.1 parser reads as line breaks double-quoted and escaped.
import { Document, Scalar, visit } from 'yaml';

const OPTIONS = {
  lineWidth: 0,
  minContentWidth: 0,
  indentSeq: true,
  blockQuote: false,
  doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
} as const;

const GO_YAML_UNSAFE = /[\u0085\u2028\u2029\ufeff]/;
const GO_YAML_ESCAPES: Record<string, string> = { '\u0085': '\\N', '\u2028': '\\L', '\u2029': '\\P', '\ufeff': '\\uFEFF' };

export function referenceYaml(data: unknown): string {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && GO_YAML_UNSAFE.test(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString(OPTIONS).replace(new RegExp(GO_YAML_UNSAFE.source, 'g'), (c) => GO_YAML_ESCAPES[c] as string);
}
