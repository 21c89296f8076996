import { walk } from '../../../promql/ast.js';
import { outputLabels } from '../../../promql/labels.js';
import type { LintContext } from '../../context.js';
import type { Check, Finding, RuleRef } from '../../types.js';

/** The rule's labels in a canonical form: sorted names, quoted so no two label sets share a key. */
function labelsKey(r: RuleRef): string {
  const labels = r.rule.labels;
  if (!labels) return '';
  const names = Object.keys(labels);
  if (names.length > 1) names.sort();
  let key = '';
  for (const name of names) key += `${JSON.stringify(name)}:${JSON.stringify(labels[name])},`;
  return key;
}

/** The expression without layout, so `sum(x)` and `sum ( x )` compare equal. */
function normalised(expr: string): string {
  return expr.replace(/\s*([(){}[\],=~!<>+\-*/%^])\s*/g, '$1').replace(/\s+/g, ' ').trim();
}

/**
 * What series a rule writes, as far as the text tells: the selectors it reads (name and matchers) and the
 * labels its result keeps. Rules of one name that differ here write different series (`code=~"2.."` and
 * `code=~"5.."`, `by (job)` and `by (job, instance)`): a family, not a clash.
 */
function seriesKey(expr: string, ctx: LintContext): string | undefined {
  const ast = ctx.expressions.analyse(expr).parsed.ast;
  if (!ast) return undefined;
  const selectors: string[] = [];
  walk(ast, (e) => {
    if (e.kind === 'vector') selectors.push(`${e.name ?? ''}{${e.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).sort().join(',')}}`);
  });
  const labels = outputLabels(ast);
  const kept = labels.open ? `-${[...labels.removed].sort().join(',')}` : `=${[...labels.labels].sort().join(',')}`;
  return `${selectors.sort().join(' ')} ${kept}`;
}

/** An earlier rule of the same kind and name; its label key and normalised expression are worked out when needed. */
interface Seen {
  rule: RuleRef;
  labels?: string;
  normalised?: string;
}

function where(r: RuleRef): string {
  return `${r.file.path}, group '${r.group.name}'`;
}

export const duplicateRule: Check = {
  id: 'rules/duplicate',
  severity: 'warning',
  summary: 'The same alert or recording rule (name, expression, labels) defined twice, or two recording rules writing the same series, in any of the files linted.',
  docs: {
    why: 'A duplicated alert notifies twice; a duplicated recording rule writes the same series twice, which Prometheus reports as duplicate samples. A recording rule name recorded twice with the same labels but different expressions makes two rules fight over one series.',
    bad: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)\n- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)',
    good: '- record: job:process_rss_bytes:max\n  expr: max by (job) (process_rss_bytes)',
    accepts: [
      'One name recorded by several rules that select different series (`code=~"2.."` and `code=~"5.."`, as kubernetes-mixin\'s `code_verb:apiserver_request_total:increase1h`) or keep different labels (`by (job)` and `by (job, instance)`): they write different series.',
      'The same name with different `labels:` (`verb: read` and `verb: write`).',
    ],
  },
  all(rules, _files, ctx) {
    // Rules are grouped by kind and name; labels and expressions are compared only within a group, which is
    // almost always a single rule, so most rules cost one map lookup.
    const byName = { alert: new Map<string, Seen[]>(), record: new Map<string, Seen[]>() };
    const out: Finding[] = [];
    for (const r of rules) {
      if (!r.kind || !r.name) continue;
      const named = byName[r.kind];
      const earlier = named.get(r.name);
      if (!earlier) {
        named.set(r.name, [{ rule: r }]);
        continue;
      }
      const labels = labelsKey(r);
      const sameSeries = earlier.filter((e) => (e.labels ??= labelsKey(e.rule)) === labels);
      const expr = normalised(r.expr);
      const same = sameSeries.find((e) => e.rule.expr === r.expr || (e.normalised ??= normalised(e.rule.expr)) === expr);
      const at = { file: r.file, groupIndex: r.groupIndex, ruleIndex: r.ruleIndex };
      if (same) out.push({ at, field: r.kind, message: `${r.kind === 'alert' ? 'alert' : 'recording rule'} '${r.name}' duplicates the one in ${where(same.rule)}; remove one of them` });
      else {
        // Without a tree for both, nothing proves they write different series.
        const key = r.kind === 'record' && sameSeries.length > 0 ? seriesKey(r.expr, ctx) : undefined;
        const clash = r.kind !== 'record' ? undefined : sameSeries.find((e) => {
          const other = seriesKey(e.rule.expr, ctx);
          return key === undefined || other === undefined || other === key;
        });
        if (clash) out.push({ at, field: 'record', message: `'${r.name}' is also recorded in ${where(clash.rule)} with the same labels but another expression; both write the same series, so rename one or tell them apart with a label` });
        earlier.push({ rule: r, labels, normalised: expr });
      }
    }
    return out;
  },
};
