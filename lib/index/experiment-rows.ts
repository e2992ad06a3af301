/**
 * An experiment folder's row in the results index, from its `experiment.json` (`picard sweep`, the dashboard's
 * sweep form, or a folder copied in): read again only when the file's size or mtime changed, or while it says
 * `running` (is its writer still alive?). Its configurations' runs are indexed as runs (catch-up-results.ts).
 */
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';
import { readJsonFile } from '../results/read-run';
import { experimentFiles } from '../results/run-files';
import { isRunLockHeld } from '../results/run-lock';

/** What the row needs of `experiment.json` (lib/experiments/experiment-folder.ts; lib/index sits below it). */
interface ExperimentJson {
  format?: unknown;
  name?: unknown;
  definitions?: { file?: unknown; as_written?: unknown; samples_override?: unknown };
  seed?: unknown;
  status?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  configurations?: Array<{ label?: unknown }>;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** The manifest, or throws naming the file and what is wrong with it. */
function readManifest(file: string): ExperimentJson & { status: string; configurations: Array<{ label?: unknown }> } {
  const { value, error } = readJsonFile<ExperimentJson>(file);
  if (error) throw new Error(`${error} (experiment.json is not valid JSON)`);
  if (!value || typeof value !== 'object') throw new Error(`${file}: not an experiment manifest`);
  if (value.format !== 'picard-live-experiment/1') throw new Error(`${file} has format ${JSON.stringify(value.format)}, expected picard-live-experiment/1`);
  if (typeof value.status !== 'string' || !Array.isArray(value.configurations)) throw new Error(`${file}: status or configurations missing`);
  return value as ExperimentJson & { status: string; configurations: Array<{ label?: unknown }> };
}

interface Known {
  manifest_size: number | null;
  manifest_mtime_ms: number | null;
  manifest_status: string | null;
}

/** Experiment ids (folder names) the index has a row for. */
export function knownExperiments(db: Database.Database): Set<string> {
  return new Set(db.prepare('SELECT experiment_id FROM experiments').pluck().all() as string[]);
}

/**
 * Brings one experiment folder's row up to date. An unreadable `experiment.json` gives a `failed` row naming the
 * file and the problem (the folder stays listed); returns that message, else null.
 */
export function catchUpExperiment(db: Database.Database, dir: string, isRunning: (dir: string) => boolean = isRunLockHeld): string | null {
  const id = basename(dir);
  const file = join(dir, experimentFiles.manifest);
  const st = statSync(file);
  const known = db.prepare('SELECT manifest_size, manifest_mtime_ms, manifest_status FROM experiments WHERE experiment_id = ?').get(id) as Known | undefined;
  if (known && known.manifest_size === st.size && known.manifest_mtime_ms === st.mtimeMs) {
    if (known.manifest_status === 'running') {
      db.prepare('UPDATE experiments SET status = ? WHERE experiment_id = ?').run(isRunning(dir) ? 'running' : 'interrupted', id);
    }
    return null;
  }
  const stamp = { manifest_size: st.size, manifest_mtime_ms: st.mtimeMs };
  let row: Record<string, unknown>;
  let problem: string | null = null;
  try {
    const m = readManifest(file);
    row = {
      experiment_id: id, name: str(m.name) ?? id, suite: str(m.definitions?.as_written), definitions_file: str(m.definitions?.file),
      seed: num(m.seed), samples: num(m.definitions?.samples_override),
      manifest_status: m.status,
      // A `running` manifest whose writer is gone (crash, kill) is `interrupted`, as for runs.
      status: m.status === 'running' && !isRunning(dir) ? 'interrupted' : m.status,
      error: null, created_at: str(m.created_at) ?? st.mtime.toISOString(), updated_at: str(m.updated_at),
      configurations: m.configurations.length, labels: JSON.stringify(m.configurations.map((c) => String(c.label ?? ''))),
    };
  } catch (err) {
    problem = (err as Error).message;
    row = {
      experiment_id: id, name: id, suite: null, definitions_file: null, seed: null, samples: null, manifest_status: null,
      status: 'failed', error: problem, created_at: st.mtime.toISOString(), updated_at: null, configurations: 0, labels: '[]',
    };
  }
  db.prepare(`INSERT INTO experiments (experiment_id, name, suite, definitions_file, seed, samples, manifest_status, status, error,
      created_at, updated_at, configurations, labels, manifest_size, manifest_mtime_ms)
    VALUES (@experiment_id, @name, @suite, @definitions_file, @seed, @samples, @manifest_status, @status, @error, @created_at,
      @updated_at, @configurations, @labels, @manifest_size, @manifest_mtime_ms)
    ON CONFLICT(experiment_id) DO UPDATE SET name = excluded.name, suite = excluded.suite,
      definitions_file = excluded.definitions_file, seed = excluded.seed, samples = excluded.samples,
      manifest_status = excluded.manifest_status, status = excluded.status, error = excluded.error,
      created_at = excluded.created_at, updated_at = excluded.updated_at, configurations = excluded.configurations,
      labels = excluded.labels, manifest_size = excluded.manifest_size, manifest_mtime_ms = excluded.manifest_mtime_ms`).run({ ...row, ...stamp });
  return problem;
}

/** Drops the rows of experiments whose folders are gone (their runs' rows go with the run catch-up). */
export function deleteExperimentRows(db: Database.Database, ids: Iterable<string>): void {
  const del = db.prepare('DELETE FROM experiments WHERE experiment_id = ?');
  for (const id of ids) del.run(id);
}
