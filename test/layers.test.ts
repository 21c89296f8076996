// One-way layers: config -> model -> emit -> lint -> write, with the CLI on top (order in test/helpers/layers.ts
// and CONTRIBUTING.md). The check runs on the real import graph, and on copies of it with one wrong import
// added, to show it would catch one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, layerOf, layerViolations, LAYERS, type ImportGraph } from './helpers/layers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const graph = importGraph(root);

function withImport(from: string, to: string): ImportGraph {
  const copy = new Map([...graph].map(([k, v]) => [k, [...v]]));
  copy.get(from)!.push(to);
  return copy;
}

describe('the import graph of src/ and presets/', () => {
  it('reads every module and its imports, type-only and dynamic ones included', () => {
    expect(graph.size).toBeGreaterThan(200);
    // A type-only import (lint checks import their shape as types) and a dynamic one (the CLI's commands).
    expect(graph.get('src/lint/dashboard/panel-units.ts')).toContain('src/lint/types.ts');
    expect(graph.get('src/cli/main.ts')).toEqual(expect.arrayContaining(['src/cli/build.ts', 'src/cli/lint.ts']));
  });

  it('places every module in a layer', () => {
    expect([...graph.keys()].filter((f) => layerOf(f) < 0)).toEqual([]);
  });

  it('has no import from a lower layer to a higher one', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });
});

describe('the check itself', () => {
  it('fails on an import up the layers: the DSL reading an emitter', () => {
    expect(layerViolations(withImport('src/dsl/units.ts', 'src/emit/rules.ts'))).toEqual([
      'src/dsl/units.ts (foundation) imports src/emit/rules.ts (emit), a higher layer',
    ]);
  });

  it('fails on the emitter reading the file-system layer (the dashboard mark once lived there)', () => {
    expect(layerViolations(withImport('src/emit/grafana.ts', 'src/write/output.ts'))).toEqual([
      'src/emit/grafana.ts (emit) imports src/write/output.ts (write), a higher layer',
    ]);
  });

  it('fails on a cycle inside one layer, which the order alone allows', () => {
    const cyclic = withImport('src/alert-tests/scenario.ts', 'src/alert-tests/scenarios.ts');
    expect(layerViolations(cyclic)).toEqual([]);
    expect(importCycles(cyclic)).toEqual([expect.arrayContaining(['src/alert-tests/scenario.ts', 'src/alert-tests/scenarios.ts'])]);
  });

  it('fails on a module outside every layer', () => {
    const stray = new Map(graph).set('src/misc/helpers.ts', []);
    expect(layerViolations(stray)).toEqual([expect.stringMatching(/^src\/misc\/helpers\.ts is in no layer/)]);
  });

  it('lists the layers lowest first, each folder once', () => {
    const paths = LAYERS.flatMap((l) => l.paths);
    expect(new Set(paths).size).toBe(paths.length);
    expect(LAYERS[0].name).toBe('foundation');
    expect(LAYERS.at(-1)!.paths).toEqual(['src/cli']);
  });
});
