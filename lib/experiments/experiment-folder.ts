/**
 * `experiment.json`: the resolved experiment (no secrets: agent settings name the env var of a key, never the
 * key) and where each configuration's run folder is. The run folders themselves are ordinary PICARD runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunStatus } from '../results/types';
import { writeFileAtomic } from '../results/atomic';
import { loadRunManifest } from '../results/read-run';
import { isRunLockHeld } from '../results/run-lock';
import { experimentFiles } from '../results/run-files';
import type { AgentConfig } from '../agents/agent-kinds';
import type { ConfigRunOptions, PricePerMTok } from './experiment-file';

export { experimentFiles };

export interface ExperimentConfigurationRecord {
  label: string;
  agent: AgentConfig;
  options: ConfigRunOptions;
  price_per_mtok: PricePerMTok | null;
  /** The configuration's run folder name inside the experiment folder; null when its run could not be started. */
  run: string | null;
  status: RunStatus;
  error?: string;
  /** Wall time the configuration has run, summed over the sweep and its resumes. */
  duration_ms: number;
}

export interface ExperimentManifest {
  format: 'picard-live-experiment/1';
  /** The experiment folder's name; the runs' `experiment_id`. */
  id: string;
  name: string;
  /** The experiment file it was started from (null when started from the dashboard). */
  file: string | null;
  definitions: { file: string; as_written: string; sha256: string; samples_override: number | null };
  seed: number;
  entity_pool: string | null;
  status: RunStatus;
  created_at: string;
  updated_at: string;
  /** How many times the sweep has been resumed. */
  resumes: number;
  configurations: ExperimentConfigurationRecord[];
}

export function isExperimentFolder(dir: string): boolean {
  return existsSync(join(dir, experimentFiles.manifest));
}

/**
 * The folder of run `runId` inside one of the experiment folders of `resultsDir` (a configuration's run lives at
 * `<resultsDir>/<experiment id>/<run id>/`), or null. Run ids are folder names, unique per experiment folder.
 */
export function findExperimentRunDir(resultsDir: string, runId: string): string | null {
  if (!existsSync(resultsDir)) return null;
  for (const d of readdirSync(resultsDir, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name.startsWith('.')) continue;
    const dir = join(resultsDir, d.name);
    if (isExperimentFolder(dir) && existsSync(join(dir, runId))) return join(dir, runId);
  }
  return null;
}

export class ExperimentFolderError extends Error {
  readonly code = 'EXPERIMENT_NOT_FOUND';
}

export function readExperimentManifest(dir: string): ExperimentManifest {
  const file = join(dir, experimentFiles.manifest);
  if (!existsSync(file)) throw new ExperimentFolderError(`${dir} has no ${experimentFiles.manifest}: it is not an experiment folder made by picard sweep`);
  let m: ExperimentManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as ExperimentManifest;
  } catch (err) {
    throw new ExperimentFolderError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (m.format !== 'picard-live-experiment/1') throw new ExperimentFolderError(`${file} has format ${JSON.stringify(m.format)}, expected picard-live-experiment/1`);
  return m;
}

export function writeExperimentManifest(dir: string, m: ExperimentManifest): void {
  writeFileAtomic(join(dir, experimentFiles.manifest), `${JSON.stringify(m, null, 2)}\n`);
}

/** An experiment's status as its folder says: a `running` manifest whose writer is gone (crash, kill) reads `interrupted`. */
export function experimentStatus(dir: string, m: ExperimentManifest): RunStatus {
  if (m.status !== 'running') return m.status;
  return isRunLockHeld(dir) ? 'running' : 'interrupted';
}

/** The model a run folder's agent reports (run.json `agent.model`), or ''. */
export function runModelOf(runDir: string): string {
  const m = loadRunManifest(runDir)?.agent?.model;
  return typeof m === 'string' ? m : '';
}
