// Putting user text into Markdown so it stays text: a summary with a newline and `#` must not add a heading,
// a `|` must not add a table cell, three backticks must not close a code block. The runbook template calls
// these as Handlebars helpers: {{md x}} for prose, {{code x}} for an inline code span, {{fence x 'promql'}}
// for a code block.

// CommonMark lets a backslash escape any ASCII punctuation. Escaped everywhere: what opens or closes inline
// structure (code, emphasis, links, HTML, GFM tables and strikethrough). `_` only where it could open or close
// emphasis (`process_rss_bytes` stays readable), `&` only where it would read as an entity.
const INLINE = /[\\`*[\]<>|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)/g;
// At the start of the text (which templates put at the start of a line): headings, lists, quotes, setext
// underlines, numbered lists and indented code.
const BLOCK_START = /^(\s*)([#+\-=>]|\d+[.)])/;

/** Prose as Markdown text: structure escaped, each line break a <br> so no line starts a block. */
export function markdownText(text: string): string {
  const escaped = text.replace(/\r\n?/g, '\n').replace(INLINE, (c) => `\\${c}`);
  return escaped
    .replace(BLOCK_START, (_m, space: string, mark: string) => `${space.replace(/[ \t]/g, '&#32;')}${mark.replace(/^(\d+)?(.)$/, (_x, digits: string | undefined, c: string) => `${digits ?? ''}\\${c}`)}`)
    .split('\n')
    .join('<br>');
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** An inline code span holding `text` exactly (line breaks as spaces, which a code span shows anyway). */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ');
  const ticks = '`'.repeat(longestRun(flat, '`') + 1);
  // A space inside the ticks when the text starts or ends with a backtick (or is all spaces); Markdown strips one.
  const pad = /^`|`$/.test(flat) || (flat.trim() === '' && flat !== '') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run inside, so the text cannot close it. */
export function markdownFence(text: string, info = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}${info}\n${text.replace(/\r\n?/g, '\n')}\n${fence}`;
}
