// Handlebars, used safely for generated text: no HTML escaping (runbooks quote PromQL and Go templates, where
// `<`, `&` and quotes must stay as written), strict lookups (a misspelt variable fails the build instead of
// rendering as nothing), and every template error reported as a ConfigError naming the template file and line.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import HandlebarsRuntime from 'handlebars/runtime.js';
import { ConfigError } from '../config/errors.js';
import { markdownCode, markdownFence, markdownText } from './markdown.js';
import { PRECOMPILED } from './precompiled.js';

// The runtime is the part of Handlebars that renders precompiled templates (its own typings declare nothing).
const Runtime = HandlebarsRuntime as unknown as Pick<typeof import('handlebars'), 'create'>;

/** memgen's helpers (the Markdown escapes of markdown.ts), on a private instance. */
function withHelpers<H extends Pick<typeof import('handlebars'), 'registerHelper'>>(hb: H): H {
  // The last argument Handlebars passes a helper is its options object.
  hb.registerHelper('md', (v: unknown) => markdownText(String(v ?? '')));
  // {{code 'severity="' tier.severity '"'}}: the parts joined into one code span.
  hb.registerHelper('code', (...args: unknown[]) => markdownCode(args.slice(0, -1).map((v) => String(v ?? '')).join('')));
  hb.registerHelper('fence', (v: unknown, info: unknown) => markdownFence(String(v ?? ''), typeof info === 'string' ? info : ''));
  return hb;
}

export interface Template {
  /** Shown in error messages: the path as the user gave it, or memgen's own templates/ file. */
  file: string;
  text: string;
}

/** memgen's own templates/ folder (the package root's, from dist/src/emit or src/emit). */
export function builtinTemplateDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const twoUp = path.resolve(here, '../..');
  return path.join(path.basename(twoUp) === 'dist' ? path.dirname(twoUp) : twoUp, 'templates');
}

/** Reads one template; the only file read of the emit stage, done by the pipeline before emitting. */
export function loadTemplate(name: string, dir?: string): Template {
  const file = dir ? path.join(dir, name) : path.join(builtinTemplateDir(), name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([
      { path: 'runbooks.templates', message: `cannot read template ${file}`, hint: `the folder must hold ${name}; copy memgen's templates/${name} to start from` },
    ]);
  }
  return { file: dir ? file : `templates/${name}`, text };
}

// Handlebars appends ' - line:column' to lookup errors and prints '[object Object]' for the context; its parse
// errors span four lines ending in "Expecting <token list>, got 'EOF'", of which the last token is what matters.
function cleanMessage(message: string): string {
  if (message.startsWith('Parse error')) {
    const got = /got '([^']+)'\s*$/.exec(message)?.[1];
    return got === 'EOF' ? 'syntax error: the template ends inside a block or tag' : `syntax error${got ? `: unexpected ${got}` : ''}`;
  }
  return message.replace(/ - \d+:\d+$/, '').replace(/ in \[object Object\]$/, '').replace(/ in undefined$/, '').split('\n')[0] as string;
}

function lineOf(err: Error & { lineNumber?: number; column?: number }): { line?: number; column?: number } {
  if (typeof err.lineNumber === 'number') return { line: err.lineNumber, column: typeof err.column === 'number' ? err.column + 1 : undefined };
  const parse = /Parse error on line (\d+)/.exec(err.message);
  return parse ? { line: Number(parse[1]) } : {};
}

// Compiling is the expensive part (Handlebars generates JavaScript); one template renders every alert's page.
const compiled = new WeakMap<Template, HandlebarsTemplateDelegate>();
/** Shared by the bundle step, so a precompiled template behaves exactly as one compiled here. */
export const TEMPLATE_OPTIONS = { noEscape: true, strict: true } as const;

function compiledOf(template: Template): HandlebarsTemplateDelegate {
  let render = compiled.get(template);
  if (!render) {
    // Private instances: helpers or partials registered elsewhere cannot leak into generated files.
    const precompiled = Object.values(PRECOMPILED).find((p) => p.text === template.text);
    if (precompiled) render = withHelpers(Runtime.create()).template(precompiled.spec);
    else {
      // The compiler is loaded only for a template the bundle did not precompile (the user's own).
      const Handlebars = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');
      render = withHelpers(Handlebars.create()).compile(template.text, TEMPLATE_OPTIONS);
    }
    compiled.set(template, render);
  }
  return render;
}

/** Renders `template` with `data`; any Handlebars error becomes a ConfigError at the template's file:line. */
export function renderTemplate(template: Template, data: object): string {
  try {
    return compiledOf(template)(data);
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    const { line, column } = lineOf(err);
    throw new ConfigError([
      {
        path: '',
        message: `template error: ${cleanMessage(err.message)}`,
        hint: 'fix the template, or see the variables memgen passes in the README',
        position: { file: template.file, line, column },
      },
    ]);
  }
}
