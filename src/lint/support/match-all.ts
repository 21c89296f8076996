// Whether a label regex matches every value, the empty one included, as Prometheus reads it (RE2, anchored).
import { re2Matcher } from '../../promql/re2.js';

const MATCH_ALL_SHAPE = /^(\(\?[a-zA-Z]+\))?(\.\*|\(\.\*\)|\(\?:\.\*\))(\|.*)?$/;
const SAMPLES = ['', 'a', 'A-b_9', '\n', 'x y'];

/** `.*`, `(.*)`, `(?s).*`, `.*|x`: checked by shape, then confirmed on a spread of samples. */
export function matchesEverything(source: string): boolean {
  if (!MATCH_ALL_SHAPE.test(source)) return false;
  const re = re2Matcher(source);
  return re !== undefined && SAMPLES.every((s) => re.test(s));
}
