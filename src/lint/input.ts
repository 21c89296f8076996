// Lint input: rule files as Prometheus reads them, whether memgen's model produced them or a user wrote them.
// Kept apart from types.ts (the shape of a check) so the context and the loaders read it without the checks.
export interface LintRule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  keep_firing_for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** memgen's per-alert option (DSL `lint: { disable }`): check ids not to run on this rule. */
  lintDisable?: readonly string[];
  /** Keys Prometheus does not know (rule files only). */
  extraFields?: readonly string[];
}

export interface LintGroup {
  name: string;
  interval?: string;
  rules: LintRule[];
  extraFields?: readonly string[];
}

/** Maps a finding inside a file to line and column; absent for the model, which has no file. */
export interface FileLocator {
  /** 1-based line/column range of a field (an expression span inside it, if given). */
  locate(groupIndex: number, ruleIndex: number | undefined, field: string | undefined, span?: [number, number]): Range | undefined;
  /** Check ids silenced on a line by `# memgen-disable-next-line` ('*' = all). */
  disabledOn(line: number): ReadonlySet<string> | undefined;
}

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface LintFile {
  /** Path as given on the command line, or the model's name ('preset fastapi'). */
  path: string;
  groups: LintGroup[];
  locator?: FileLocator;
}

/** A rule as read, before its expression is analysed: what whole-input checks see. */
export interface RuleRef {
  file: LintFile;
  group: LintGroup;
  groupIndex: number;
  ruleIndex: number;
  rule: LintRule;
  name: string | undefined;
  kind: 'alert' | 'record' | undefined;
  /** The expression's text ('' when the rule has none). */
  expr: string;
}
