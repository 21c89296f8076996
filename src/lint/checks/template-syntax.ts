import { checkGoTemplate } from '../gotemplate.js';
import { ruleName, type Check } from '../types.js';

export const templateSyntax: Check = {
  id: 'template/syntax',
  severity: 'error',
  summary: 'A label or annotation is not a valid Prometheus (Go) template.',
  run(groups) {
    return groups.flatMap((g) =>
      g.rules.flatMap((r) =>
        (['labels', 'annotations'] as const).flatMap((kind) =>
          Object.entries(r[kind] ?? {}).flatMap(([key, value]) =>
            checkGoTemplate(String(value)).map((p) => ({
              message: `template error in ${kind}.${key}: ${p.message}`,
              group: g.name,
              name: ruleName(r),
              field: `${kind}.${key}`,
              span: [p.from, p.to] as [number, number],
            })),
          ),
        ),
      ),
    );
  },
};
