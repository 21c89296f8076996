// `memgen diff`: what a change to the config means for the on-call. Compares the config (or preset) at a git
// ref with the working tree, or two output folders, and prints alerts added/removed/renamed/changed with
// thresholds in their own units and time to fire under standard leak profiles.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../config/errors.js';
import { findDefaultConfig, loadConfigFile, DEFAULT_CONFIG_FILES } from '../source/config-file.js';
import { repositoryRoot, withRepositoryAt } from '../diff/base.js';
import { compareSnapshots } from '../diff/compare.js';
import { DIFF_FORMATS, renderReport, type DiffFormat } from '../diff/render.js';
import { EMPTY_SNAPSHOT, snapshotOfFolder, snapshotOfModel, type BuildSnapshot } from '../diff/snapshot.js';
import type { Model } from '../model/types.js';
import { buildCheckedModel, loadSource } from '../source/source.js';
import { EXIT_OK } from './exit.js';
import { clientFrom, type PrometheusOptions, type WindowOptions } from './prometheus-options.js';

export interface DiffOptions extends Partial<PrometheusOptions>, Partial<WindowOptions> {
  base?: string;
  preset?: string;
  /** The preset's options (--options): JSON or a .json file. */
  options?: string;
  config?: string;
  format: string;
}

/** A model's snapshot with what its build would emit (the emitters load only here, not at start). */
async function snapshotOf(model: Model): Promise<BuildSnapshot> {
  const { emittedFacts } = await import('../diff/emitted.js');
  return snapshotOfModel(model, emittedFacts(model));
}

async function snapshotOfSource(opts: { preset?: string; options?: string; config?: string }, cwd: string): Promise<BuildSnapshot> {
  return snapshotOf(buildCheckedModel(await loadSource(opts, cwd)));
}

/**
 * The config at the base ref: the same path, relative to the repository root, inside the extracted tree. A
 * config that does not exist there yet (the pull request that adopts memgen) builds nothing: all is added.
 */
async function snapshotAtBase(ref: string, opts: { preset?: string; options?: string; config?: string }): Promise<BuildSnapshot> {
  const cwd = process.cwd();
  const root = repositoryRoot(cwd);
  const file = opts.preset ? undefined : opts.config ? path.resolve(cwd, opts.config) : findDefaultConfig(cwd);
  if (!opts.preset && !file) throw new UsageError(`no config: pass --preset NAME or -c FILE, or create one of ${DEFAULT_CONFIG_FILES.join(', ')}`);
  const inRepo = file && path.relative(root, file);
  if (inRepo !== undefined && (inRepo.startsWith('..') || path.isAbsolute(inRepo))) throw new UsageError(`${opts.config} is outside the git repository, so it has no version at ${ref}`);
  return withRepositoryAt(ref, cwd, async (tree) => {
    const baseCwd = path.join(tree, path.relative(root, cwd));
    if (!inRepo) return snapshotOfSource({ preset: opts.preset, options: opts.options }, baseCwd);
    const atBase = path.join(tree, inRepo);
    if (!existsSync(atBase)) return EMPTY_SNAPSHOT;
    return snapshotOf(buildCheckedModel(await loadConfigFile(atBase, baseCwd)));
  });
}

export async function runDiff(folders: string[], opts: DiffOptions): Promise<number> {
  if (!DIFF_FORMATS.includes(opts.format as DiffFormat)) throw new UsageError(`unknown --format '${opts.format}' (formats: ${DIFF_FORMATS.join(', ')})`);
  let before: BuildSnapshot;
  let after: BuildSnapshot;
  if (folders.length > 0) {
    if (folders.length !== 2) throw new UsageError('give two output folders (memgen diff OLD_DIR NEW_DIR) or --base REF');
    if (opts.base || opts.preset || opts.config) throw new UsageError('compare either two output folders or a config against --base, not both');
    before = snapshotOfFolder(folders[0] as string);
    after = snapshotOfFolder(folders[1] as string);
  } else {
    if (!opts.base) throw new UsageError('give --base REF (e.g. --base origin/main) or two output folders');
    if (opts.preset && opts.config) throw new UsageError('give either --preset or --config, not both');
    before = await snapshotAtBase(opts.base, opts);
    after = await snapshotOfSource(opts, process.cwd());
  }
  const client = await clientFrom({ header: [], timeout: '30s', retries: '2', ...opts });
  const report = compareSnapshots(before, after);
  if (!client) {
    process.stdout.write(renderReport(report, opts.format as DiffFormat));
    return EXIT_OK;
  }
  // With --prometheus: the old and new version of each alert that behaves differently, replayed on history.
  const { historyOfChanges } = await import('./diff-history.js');
  process.stdout.write(await historyOfChanges(report, before, after, client, { range: '7d', maxPoints: '11000', ...opts }, opts.format as DiffFormat));
  return EXIT_OK;
}
