import { describe, expect, it } from 'vitest';
import { checkGoTemplate } from '../src/lint/support/gotemplate.js';

describe('Go template checker', () => {
  it.each([
    '{{ $labels.instance }} is at {{ $value | humanize1024 }}B',
    '{{ printf "%.0f" $value }} ms',
    '{{ if gt $value 1.0 }}high{{ else }}ok{{ end }}',
    '{{- range $i, $l := $labels }}{{ $i }}={{ $l }} {{ end -}}',
    '{{ with query "up" }}{{ . | first | value }}{{ end }}',
    '{{/* a comment */}}plain text with a stray }} brace',
    'no template at all',
    '{{ $x := 5 }}{{ $x }}',
  ])('accepts %s', (text) => {
    expect(checkGoTemplate(text)).toEqual([]);
  });

  it.each([
    ['{{ $label.instance }}', 'undefined variable "$label"', 3],
    ['value {{ $value ', 'unclosed action', 6],
    ['{{ if $value }}x', '{{if}} has no {{end}}', 0],
    ['{{ end }}', 'unexpected {{end}}', 0],
    ['{{ humanise $value }}', 'function "humanise" not defined', 3],
    ['{{ $value | }}', 'missing command after "|"', 10],
    ['{{ "unterminated }}', 'unterminated quoted string', 3],
    ['{{ }}', 'missing value for command', 0],
  ])('rejects %s', (text, message, from) => {
    const problems = checkGoTemplate(text);
    expect(problems.map((p) => p.message).join('; ')).toContain(message);
    expect(problems[0]!.from).toBe(from);
  });
});
