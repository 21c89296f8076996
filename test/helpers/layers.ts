// The layer order of memgen's sources, and a check of the import graph against it: a module may import its
// own layer or a lower one, never a higher one, and no modules may import each other in a cycle (type-only
// imports included: a type in the wrong file is the first step to a value cycle).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Lowest first. A path is a folder (every module under it) or one file; CONTRIBUTING.md shows this order. */
export const LAYERS: ReadonlyArray<{ name: string; paths: readonly string[] }> = [
  { name: 'foundation', paths: ['src/problem.ts', 'src/dsl', 'src/promql'] },
  { name: 'config', paths: ['src/config'] },
  { name: 'presets', paths: ['presets'] },
  // What a memgen.config.ts imports as 'memgen': the DSL and the presets, nothing that runs a build.
  { name: 'package entry', paths: ['src/index.ts'] },
  { name: 'model', paths: ['src/model'] },
  { name: 'shapes and scenarios', paths: ['src/shapes', 'src/alert-tests'] },
  { name: 'emit', paths: ['src/emit'] },
  { name: 'lint', paths: ['src/lint'] },
  { name: 'write', paths: ['src/write'] },
  { name: 'source and pipeline', paths: ['src/source', 'src/pipeline.ts'] },
  { name: 'commands', paths: ['src/diff', 'src/live', 'src/init'] },
  { name: 'cli', paths: ['src/cli'] },
];

/** Module (repo-relative, forward slashes) -> the modules it imports. */
export type ImportGraph = Map<string, string[]>;

function sourcesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourcesUnder(root, rel);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [rel] : [];
  });
}

/** Every relative import, export-from and dynamic import() of the modules under `dirs`. */
export function importGraph(root: string, dirs: readonly string[] = ['src', 'presets']): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of dirs.flatMap((d) => sourcesUnder(root, d))) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((f) => f.fileName)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => path.posix.join(path.posix.dirname(file), spec).replace(/\.js$/, '.ts'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

export function layerOf(file: string): number {
  return LAYERS.findIndex((l) => l.paths.some((p) => file === p || file.startsWith(`${p}/`)));
}

/** Imports that go up the layer order, and modules no layer holds. */
export function layerViolations(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [from, targets] of graph) {
    const own = layerOf(from);
    if (own < 0) {
      out.push(`${from} is in no layer: add its folder to LAYERS (test/helpers/layers.ts) and CONTRIBUTING.md`);
      continue;
    }
    for (const to of targets) {
      const theirs = layerOf(to);
      if (theirs > own) out.push(`${from} (${LAYERS[own].name}) imports ${to} (${LAYERS[theirs].name}), a higher layer`);
    }
  }
  return out;
}

/** Groups of modules that import each other, directly or through others (Tarjan's strongly connected components). */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  // Iterative, so a deep chain of imports cannot exhaust the call stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      const targets = (graph.get(top.node) ?? []).filter((t) => graph.has(t));
      if (top.edge < targets.length) {
        const t = targets[top.edge++];
        if (!index.has(t)) {
          index.set(t, next);
          low.set(t, next++);
          stack.push(t);
          onStack.add(t);
          work.push({ node: t, edge: 0 });
        } else if (onStack.has(t)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(t)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        const selfImport = component.length === 1 && (graph.get(top.node) ?? []).includes(top.node);
        if (component.length > 1 || selfImport) cycles.push(component.sort());
      }
    }
  }
  return cycles;
}
