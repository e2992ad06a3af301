/**
 * A run row's descriptive columns, from `run.json` (PICARD Live) or, for a reference folder without it, from
 * the folder name and which files exist. Counts and totals are summed from the item rows (run-summary.ts).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { RunStatus, RunManifest } from '../results/types';
import { readJsonFile } from '../results/read-run';
import { experimentFiles, runFiles } from '../results/run-files';
import { isRunLockHeld } from '../results/run-lock';
import { folderStatus } from '../results/list-runs';

export interface RunMeta {
  run_id: string;
  origin: 'picard-live' | 'reference';
  label: string;
  suite: string | null;
  definitions_file: string | null;
  definitions_sha256: string | null;
  agent: string | null;
  model: string | null;
  seed: number | null;
  experiment_id: string | null;
  /** The experiment folder the run folder is inside, or null for a run at the top of the results folder. */
  experiment_folder: string | null;
  manifest_status: string | null;
  status: RunStatus;
  pid: number | null;
  error: string | null;
  created_at: string;
  updated_at: string | null;
  /** From the manifest; null when only the precheck can say. */
  total_items: number | null;
}

/** Decides whether a manifest saying `running` is really running (default: its folder's writer lock is held). */
export type IsRunning = (manifest: RunManifest, dir: string) => boolean;

const FOLDER_STAMP = /_(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})$/;

export function runMeta(dir: string, isRunning: IsRunning = (_m, d) => isRunLockHeld(d)): RunMeta {
  const runId = basename(dir);
  const parent = dirname(dir);
  const experiment_folder = existsSync(join(parent, experimentFiles.manifest)) ? basename(parent) : null;
  const { value: m, error } = readJsonFile<RunManifest & { experiment_id?: unknown; experiment?: { id?: unknown } }>(join(dir, runFiles.manifest));
  if (error) throw new Error(`${error} (the run's manifest is unreadable; it is indexed again once it is whole)`);
  if (!m) {
    return {
      run_id: runId, origin: 'reference', label: runId.replace(/_\d{8}_\d{6}$/, ''), suite: null, definitions_file: null,
      definitions_sha256: null, agent: null, model: null, seed: null, experiment_id: null, experiment_folder, manifest_status: null,
      status: folderStatus(dir, null), pid: null, error: null, created_at: folderTime(dir, runId),
      updated_at: null, total_items: null,
    };
  }
  const agent = (m.agent ?? {}) as Record<string, unknown>;
  const config = (agent.config ?? {}) as Record<string, unknown>;
  const model = typeof agent.model === 'string' ? agent.model : typeof config.model === 'string' ? config.model : null;
  const experiment = m.experiment_id ?? m.experiment?.id;
  const defsFile = typeof m.definitions?.file === 'string' ? m.definitions.file : null;
  return {
    run_id: runId,
    origin: 'picard-live',
    label: typeof m.label === 'string' ? m.label : runId.replace(/_\d{8}_\d{6}$/, ''),
    suite: defsFile ? basename(defsFile).replace(/\.ya?ml$/i, '') : null,
    definitions_file: defsFile,
    definitions_sha256: typeof m.definitions?.sha256 === 'string' ? m.definitions.sha256 : null,
    agent: typeof agent.kind === 'string' ? agent.kind : null,
    model,
    seed: typeof m.seed === 'number' ? m.seed : null,
    experiment_id: experiment === undefined || experiment === null ? null : String(experiment),
    experiment_folder,
    manifest_status: m.status,
    status: folderStatus(dir, m, (manifest) => isRunning(manifest, dir)),
    pid: typeof m.pid === 'number' ? m.pid : null,
    error: typeof m.error === 'string' ? m.error : null,
    created_at: typeof m.created_at === 'string' ? m.created_at : folderTime(dir, runId),
    updated_at: typeof m.updated_at === 'string' ? m.updated_at : null,
    total_items: typeof m.total_items === 'number' ? m.total_items : null,
  };
}

/** The time in a `<label>_YYYYmmdd_HHMMSS` folder name (local time, as the reference names folders), else the folder's mtime. */
function folderTime(dir: string, runId: string): string {
  const s = FOLDER_STAMP.exec(runId);
  if (s) {
    const [y, mo, d, h, mi, se] = s.slice(1).map(Number);
    const t = new Date(y, mo - 1, d, h, mi, se);
    if (!Number.isNaN(t.getTime())) return t.toISOString();
  }
  return statSync(dir).mtime.toISOString();
}
