// memgen's own templates, precompiled: scripts/bundle.mjs replaces this module in the shipped CLI with the
// Handlebars specs of templates/*.hbs and their text, so a build renders them with the small Handlebars runtime
// and never loads the compiler. From source (the tests) it is empty and templates compile when first used.

export interface Precompiled {
  /** The template text the spec was compiled from; a template is rendered from the spec only if it matches. */
  text: string;
  spec: Parameters<typeof import('handlebars').template>[0];
}

export const PRECOMPILED: Readonly<Record<string, Precompiled>> = {};
