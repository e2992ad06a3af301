/**
 * An experiment opened later (not followed live by this process), read from the results index (issue 14): its
 * `experiment.json` for the design and the configurations' records, and SQL over the configurations' run rows and
 * item rows for everything else (lib/index/experiment-figures.ts) — no item file is read. The view is assembled
 * by `experimentView`, the same function as the live view and the view rebuilt from the run folders. The caller
 * catches the configurations' runs up into the index first (server/experiment-manager.ts).
 */
import { basename, join } from 'node:path';
import { disagreementPage, pairFigures, questionItemPage, runFigures } from '../index/experiment-figures';
import type { ResultsIndex } from '../index/open';
import type { IndexedItem } from '../index/query-items';
import type { Page } from '../index/query-runs';
import { experimentStatus, readExperimentManifest, runModelOf, type ExperimentManifest } from './experiment-folder';
import { experimentView, type ConfigurationFigures, type Disagreement, type ExperimentView } from './experiment-view';

/** Paging of an experiment's item lists (disagreements, a heatmap cell): default the first 500, at most 5,000. */
export interface ItemPage {
  offset?: number;
  limit?: number;
}

/** `p` with its defaults and bounds applied. */
export function pageBounds(p: ItemPage): { offset: number; limit: number } {
  return { offset: Math.max(0, Math.floor(p.offset ?? 0)), limit: Math.min(Math.max(0, Math.floor(p.limit ?? 500)), 5000) };
}

/** A page of a list held in memory (a live experiment's), as the index pages its lists. */
export function pageOf<T>(items: readonly T[], p: ItemPage): T[] {
  const { offset, limit } = pageBounds(p);
  return items.slice(offset, offset + limit);
}

function runOf(manifest: ExperimentManifest, label: string): { known: boolean; runId: string | null } {
  const c = manifest.configurations.find((r) => r.label === label);
  return { known: c !== undefined, runId: c?.run ?? null };
}

/**
 * Each configuration's figures from its run's rows in the index (no run yet, or not indexed: none); the model its
 * agent reports from the run's `run.json`, as the folder view and leaderboard.csv take it.
 */
export function indexedFigures(index: ResultsIndex, dir: string, manifest: ExperimentManifest = readExperimentManifest(dir)): Map<string, ConfigurationFigures> {
  const folder = basename(dir);
  return new Map(manifest.configurations.map((c) => {
    const run = c.run === null ? null : runFigures(index, c.run, { experimentFolder: folder });
    return [c.label, { label: c.label, runId: c.run, model: c.run === null ? '' : runModelOf(join(dir, c.run)), run }];
  }));
}

/** The experiment's view from the results index. */
export function indexedExperimentView(index: ResultsIndex, dir: string): ExperimentView {
  const manifest = readExperimentManifest(dir);
  const figures = indexedFigures(index, dir, manifest);
  const runIdOf = (label: string) => (figures.get(label)?.run ? figures.get(label)!.runId : null);
  const count = (a: string, b: string) => {
    const ra = runIdOf(a);
    const rb = runIdOf(b);
    return ra && rb ? pairFigures(index, ra, rb) : { pairs: 0, bothCorrect: 0, aOnly: 0, bOnly: 0, bothWrong: 0 };
  };
  return experimentView(manifest, figures, experimentStatus(dir, manifest), count);
}

/** One page of the items where configurations `a` and `b` disagree (null when either label is unknown). */
export function indexedDisagreements(index: ResultsIndex, dir: string, a: string, b: string, page: ItemPage = {}):
  { runA: string | null; runB: string | null; total: number; items: Disagreement[] } | null {
  const manifest = readExperimentManifest(dir);
  const ca = runOf(manifest, a);
  const cb = runOf(manifest, b);
  if (!ca.known || !cb.known) return null;
  const p: Page<Disagreement> = ca.runId && cb.runId ? disagreementPage(index, ca.runId, cb.runId, pageBounds(page)) : { total: 0, rows: [] };
  return { runA: ca.runId, runB: cb.runId, total: p.total, items: p.rows };
}

/** One page of a configuration's items of one question, a heatmap cell (null for an unknown label). */
export function indexedQuestionItems(index: ResultsIndex, dir: string, label: string, question: string, page: ItemPage = {}):
  { runId: string | null; total: number; items: IndexedItem[] } | null {
  const c = runOf(readExperimentManifest(dir), label);
  if (!c.known) return null;
  const p = c.runId ? questionItemPage(index, c.runId, question, pageBounds(page)) : { total: 0, rows: [] };
  return { runId: c.runId, total: p.total, items: p.rows };
}
