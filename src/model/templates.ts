// Prometheus expands every alert label and annotation as a Go template. Text meant as prose must reach the
// reader exactly as written, so its "{{" (the only delimiter Go recognises) is written as an action that
// prints "{{". Text declared a template (an alert's description) is left alone.

const LEFT_DELIMITER = '{{';
const ESCAPED_LEFT_DELIMITER = '{{ "{{" }}';

export function goTemplateLiteral(text: string): string {
  return text.split(LEFT_DELIMITER).join(ESCAPED_LEFT_DELIMITER);
}
