/**
 * A run's id is its folder's name (paths are not stored, so a results folder can be moved with its index): two run
 * folders of the same name (an experiment folder copied beside its original, a run copied into an experiment folder)
 * would take turns overwriting each other's rows. The index keeps one and names the other as refused.
 */
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ResultsIndex } from './open';

export interface RunFolder {
  /** The folder's name: the run's id. */
  name: string;
  dir: string;
  /** The experiment folder it is inside, or null at the top level. */
  experiment: string | null;
}

const refusal = (where: string, runId: string, holder: string) =>
  `${where}: not indexed: its run id '${runId}' (a run's id is its folder's name) is already the run folder ${holder}; rename one of them`;

/**
 * One folder per run id: the one the index already holds keeps it, else the first met (the results folder's entries
 * in name order, an experiment folder's runs in its place); each other one is reported in `failed`, named by its path
 * in the results folder, and left out.
 */
export function oneFolderPerRunId(folders: RunFolder[], indexedIn: Map<string, string | null>, resultsDir: string, failed: string[]): RunFolder[] {
  const kept = new Map<string, RunFolder>();
  for (const f of folders) {
    const first = kept.get(f.name);
    const holds = indexedIn.has(f.name) && indexedIn.get(f.name) === f.experiment;
    if (first === undefined || (holds && indexedIn.get(f.name) !== first.experiment)) kept.set(f.name, f);
  }
  for (const f of folders) {
    const k = kept.get(f.name)!;
    if (k !== f) failed.push(refusal(relative(resultsDir, f.dir), f.name, relative(resultsDir, k.dir)));
  }
  return folders.filter((f) => kept.get(f.name) === f);
}

/**
 * Null when `dir` may be caught up as `runId`; else why not: the index holds `runId` for another run folder that is
 * still there (`dir` is `<results>/<runId>` or `<results>/<experiment>/<runId>`).
 */
export function runIdClash(index: ResultsIndex, runId: string, dir: string): string | null {
  const row = index.db.prepare('SELECT experiment_folder FROM runs WHERE run_id = ?').get(runId) as { experiment_folder: string | null } | undefined;
  if (row === undefined) return null;
  const parts = relative(index.resultsDir, dir).split(sep);
  const experiment = parts.length > 1 ? parts[0] : null;
  if (row.experiment_folder === experiment) return null;
  const holder = row.experiment_folder === null ? join(index.resultsDir, runId) : join(index.resultsDir, row.experiment_folder, runId);
  return existsSync(holder) ? refusal(relative(index.resultsDir, dir), runId, relative(index.resultsDir, holder)) : null;
}
