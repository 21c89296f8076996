// The docs page of each check (docs/rules/<category>/<name>.md), rendered from the check's own metadata so
// page and code cannot drift apart; `npm run docs:rules` writes them and a test fails when they are stale.
import type { Check } from './types.js';

export function checkDocPath(check: Check): string {
  return `docs/rules/${check.id}.md`;
}

export function renderCheckDoc(check: Check): string {
  return `# ${check.id}

${check.summary}

Default severity: **${check.severity}**.${check.alertsOnly ? ' Applies to alerting rules.' : ''}

## Why

${check.docs.why}

## Bad

\`\`\`yaml
${check.docs.bad}
\`\`\`

## Good

\`\`\`yaml
${check.docs.good}
\`\`\`

${check.docs.accepts?.length ? `## Accepted idioms

${check.docs.accepts.map((a) => `- ${a}`).join('\n')}

` : ''}## How to silence

- One finding in a rule file: put \`# memgen-disable-next-line ${check.id}\` on the line above it (or above
  the rule). Inside a block-scalar expression the comment is a PromQL comment, so it works there too.
- One alert of a memgen config: \`lint: { disable: ['${check.id}'] }\` on the alert.
- Everywhere: \`memgen lint --rule ${check.id}=off\` (or \`=info\`, \`=warning\`, \`=error\` to change its severity).
`;
}

export function renderDocsIndex(checks: readonly Check[]): string {
  const rows = checks.map((c) => `| [${c.id}](${c.id}.md) | ${c.severity} | ${c.summary.replace(/\|/g, '\\|')} |`);
  return `# memgen lint checks

Every check memgen runs, in \`memgen lint\` and in \`memgen build\`. Each page says what the check flags, why,
a bad and a good example, and how to silence it.

| check | default severity | flags |
|---|---|---|
${rows.join('\n')}
`;
}
