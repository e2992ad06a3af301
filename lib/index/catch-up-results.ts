/**
 * Brings a whole results folder's index up to date: every run folder whose files changed since they were last
 * read is caught up (only its new bytes), runs whose folder is gone are dropped, and `running` runs whose
 * process died are marked `interrupted`. Unchanged runs cost a few `stat` calls, never a read.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { experimentFiles, runFiles } from '../results/run-files';
import type { CatchUpResult } from './catch-up-context';
import { catchUpRun, type CatchUpOptions } from './catch-up-run';
import { isStale, loadAllFileStates, stampsOf } from './file-stamps';
import type { ResultsIndex } from './open';
import { runMeta } from './run-meta';
import { catchUpExperiment, deleteExperimentRows, knownExperiments } from './experiment-rows';
import { deleteRunRows } from './run-rows';
import { writeRunStatus } from './run-summary';
import { oneFolderPerRunId, type RunFolder } from './run-id-clash';

export interface CatchUpResultsOptions extends Omit<CatchUpOptions, 'stats'> {
  /** Called after each run that was read (not for up-to-date ones). */
  onRun?: (r: CatchUpResult) => void;
}

export interface CatchUpResultsSummary {
  runs: number;
  /** Experiment folders seen (their configurations' runs count in `runs`). */
  experiments: number;
  /** Runs that had something new (or all of them on a rebuild). */
  updated: CatchUpResult[];
  removed: string[];
  /** Folders that could not be read (e.g. a manifest half-written by another tool): `run: message`. */
  failed: string[];
}

/** True for a folder that looks like a run: it has a precheck or a manifest. */
export function isRunFolder(dir: string): boolean {
  return existsSync(join(dir, runFiles.precheck)) || existsSync(join(dir, runFiles.manifest));
}

export async function catchUpResults(index: ResultsIndex, opts: CatchUpResultsOptions = {}): Promise<CatchUpResultsSummary> {
  const { db, resultsDir } = index;
  const out: CatchUpResultsSummary = { runs: 0, experiments: 0, updated: [], removed: [], failed: [] };
  if (opts.rebuild) {
    db.transaction(() => {
      for (const t of ['problems', 'file_state', 'bulk_runs', 'item_groups', 'item_text', 'items', 'runs', 'experiments']) db.prepare(`DELETE FROM ${t}`).run();
    }).immediate();
  }
  const subfolders = (dir: string) =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name).sort() : [];
  // Run folders, and the configurations' run folders inside experiment folders (`picard sweep`), by run id.
  const folders: RunFolder[] = [];
  const experiments = new Set<string>();
  const knownExps = knownExperiments(db);
  for (const name of subfolders(resultsDir)) {
    const dir = join(resultsDir, name);
    if (existsSync(join(dir, experimentFiles.manifest))) {
      experiments.add(name);
      try {
        const problem = catchUpExperiment(db, dir);
        if (problem) out.failed.push(`${name}: ${problem}`);
      } catch (err) {
        out.failed.push(`${name}: ${(err as Error).message}`);
      }
      for (const run of subfolders(dir)) folders.push({ name: run, dir: join(dir, run), experiment: name });
    } else folders.push({ name, dir, experiment: null });
  }
  out.experiments = experiments.size;
  const goneExps = [...knownExps].filter((id) => !experiments.has(id));
  if (goneExps.length > 0) db.transaction(() => deleteExperimentRows(db, goneExps)).immediate();
  const present = new Set<string>();
  const states = loadAllFileStates(db);
  const rows = db.prepare('SELECT run_id, manifest_status, experiment_folder FROM runs').all() as Array<{ run_id: string; manifest_status: string | null; experiment_folder: string | null }>;
  const known = new Map(rows.map((r) => [r.run_id, r.manifest_status]));
  const indexedIn = new Map(rows.map((r) => [r.run_id, r.experiment_folder]));
  for (const { name, dir } of oneFolderPerRunId(folders.filter((f) => isRunFolder(f.dir)), indexedIn, resultsDir, out.failed)) {
    present.add(name);
    out.runs++;
    try {
      if (known.has(name) && !isStale(states.get(name), stampsOf(dir))) {
        if (known.get(name) === 'running') writeRunStatus(db, runMeta(dir, opts.isRunning));
        continue;
      }
      const r = await catchUpRun(index, dir, { ...opts, rebuild: false });
      out.updated.push(r);
      opts.onRun?.(r);
    } catch (err) {
      out.failed.push(`${name}: ${(err as Error).message}`);
    }
  }
  const gone = [...known.keys()].filter((id) => !present.has(id));
  if (gone.length > 0) {
    db.transaction(() => {
      for (const id of gone) deleteRunRows(db, id, { run: true });
    }).immediate();
    out.removed = gone;
  }
  return out;
}
