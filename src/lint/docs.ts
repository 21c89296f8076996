// The docs page of each check (docs/checks/<category>/<name>.md), rendered from the check's own metadata so
// page and code cannot drift apart; `npm run docs:checks` writes them and a test fails when they are stale.
import type { Check } from './types.js';

export function checkDocPath(check: Check): string {
  return `docs/checks/${check.id}.md`;
}

function silencing(check: Check): string {
  if (check.dashboard) {
    return `- One panel of a memgen config: \`lint: { disable: ['${check.id}'] }\` on the panel (\`dashboard.panels[]\`).
- A whole dashboard of a memgen config: \`lint: { disable: ['${check.id}'] }\` under \`dashboard\`.
- Everywhere: \`memgen lint --check ${check.id}=off\` (or \`=info\`, \`=warning\`, \`=error\` to change its severity).
`;
  }
  return `- One finding in a rule file: put \`# memgen-disable-next-line ${check.id}\` on the line above it (or above
  the rule). Inside a block-scalar expression the comment is a PromQL comment, so it works there too.
- One alert of a memgen config: \`lint: { disable: ['${check.id}'] }\` on the alert.
- Everywhere: \`memgen lint --check ${check.id}=off\` (or \`=info\`, \`=warning\`, \`=error\` to change its severity).
`;
}

export function renderCheckDoc(check: Check): string {
  const fence = check.dashboard ? 'json' : 'yaml';
  const applies = check.dashboard ? ' Applies to Grafana dashboards (a panel, or the templating list, is shown).' : check.alertsOnly ? ' Applies to alerting rules.' : '';
  return `# ${check.id}

${check.summary}

Default severity: **${check.severity}**.${applies}

## Why

${check.docs.why}

## Bad

\`\`\`${fence}
${check.docs.bad}
\`\`\`

## Good

\`\`\`${fence}
${check.docs.good}
\`\`\`

${check.docs.accepts?.length ? `## Accepted idioms\n\n${check.docs.accepts.map((a) => `- ${a}`).join('\n')}\n\n` : ''}## How to silence

${silencing(check)}`;
}

export function renderDocsIndex(checks: readonly Check[]): string {
  const rows = checks.map((c) => `| [${c.id}](${c.id}.md) | ${c.severity} | ${c.summary.replace(/\|/g, '\\|')} |`);
  return `# memgen lint checks

Every check memgen runs, in \`memgen lint\` and in \`memgen build\`: on rule files, and (the \`dashboard/\` checks,
plus every expression check on panel queries) on Grafana dashboards. Each page says what the check flags, why,
a bad and a good example, the idioms it accepts, and how to silence it.

| check | default severity | flags |
|---|---|---|
${rows.join('\n')}
`;
}
