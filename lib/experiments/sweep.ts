/**
 * `picard sweep`: one suite, one seed, many configurations run side by side. Each configuration is an ordinary
 * run (`startRun`/`resumeRun`) in the experiment folder, with its own concurrency and adaptive limit, so one
 * provider's 429s never slow another, and a run-fatal failure (refused key, unreachable endpoint) fails that
 * configuration alone. At the end `leaderboard.csv` and `pairwise.csv` are written from the run folders.
 */
import { join, resolve } from 'node:path';
import { applySamplesOverride, loadDefinitions } from '../definitions/parse';
import { assertInstancesValid } from '../generation/check-instances';
import { DEFAULT_ENTITY_POOL_FILE, loadEntityPool } from '../generation/entity-pool';
import type { ResultsIndex } from '../index/open';
import type { RunStatus } from '../results/types';
import { runFolderName } from '../results/label';
import { loadRunManifest } from '../results/read-run';
import { acquireRunLock, RunLockedError, type RunLock } from '../results/run-lock';
import { createRunDir } from '../results/run-writer';
import type { ItemExecutor } from '../runner/executor';
import { resumeRun } from '../runner/resume-run';
import { freshSeed, startRun } from '../runner/start-run';
import type { RunHandle, RunResult } from '../runner/types';
import { systemClock, type Clock } from '../util/clock';
import { loadExperimentFile, type ExperimentSpec } from './experiment-file';
import { readExperimentManifest, writeExperimentManifest, type ExperimentConfigurationRecord, type ExperimentManifest } from './experiment-folder';
import { writeStandings, type Standings } from './leaderboard';

export interface SweepOptions {
  /** The experiment file, or an experiment already resolved (e.g. built by the dashboard's form). */
  experiment: string | ExperimentSpec;
  /** The file an already-resolved experiment was read from (recorded in experiment.json). */
  experimentFile?: string;
  /** Parent folder of the experiment folder. */
  resultsDir: string;
  /** API keys by configuration label, held in memory only (dashboard form); otherwise each reads its env var. */
  apiKeys?: Readonly<Record<string, string>>;
  /** Results index every configuration's run updates as its items land. */
  index?: ResultsIndex;
  /**
   * Takes every configuration's items (`picard sweep --redis`: the queue executor, one queue per configuration's
   * run, so each keeps its own concurrency and 429 pauses); default in-process.
   */
  executor?: ItemExecutor;
  clock?: Clock;
}

export interface ResumeSweepOptions {
  apiKeys?: Readonly<Record<string, string>>;
  index?: ResultsIndex;
  /** As `SweepOptions.executor`: the resumed (and newly started) configurations' items go through it. */
  executor?: ItemExecutor;
  clock?: Clock;
  /** Re-run errored items too (as `picard run --resume --retry-errors`). */
  retryErrors?: boolean;
}

/** A configuration of a sweep in progress: its run (null when it could not be started, or was already complete). */
export interface SweepConfiguration {
  label: string;
  run: RunHandle | null;
  /** Why the run could not be started or resumed. */
  error?: string;
}

export type SweepEvent =
  | { type: 'configuration-finished'; label: string; result: RunResult }
  | { type: 'sweep-finished'; result: SweepResult };

export interface SweepResult {
  id: string;
  dir: string;
  status: RunStatus;
  /** Configurations that did not complete, with the reason. */
  failed: Array<{ label: string; status: RunStatus; error: string }>;
  standings: Standings;
  /** Set when the standings could not be written (the run folders are complete; `picard sweep --resume` writes them). */
  error?: string;
}

/** A sweep in progress. Subscribe to each configuration's `run.bus` for item events. `done` never rejects. */
export interface SweepHandle {
  id: string;
  dir: string;
  configurations: SweepConfiguration[];
  subscribe(listener: (e: SweepEvent) => void): () => void;
  done: Promise<SweepResult>;
  /** Cancels every configuration still running (resumable). */
  cancel(reason?: string): void;
  /** Like `cancel`, for Ctrl-C / shutdown. */
  interrupt(reason?: string): void;
}

export class SweepError extends Error {
  readonly code = 'SWEEP_NOT_RESUMABLE';
}

/** Fails fast (nothing written) on a bad experiment file, bad definitions or an instance that cannot be generated. */
function validateDesign(spec: ExperimentSpec, seed: number, clock: Clock): { sha256: string } {
  const defs = loadDefinitions(spec.definitionsFile);
  const tests = spec.samples !== undefined ? applySamplesOverride(defs, spec.samples).tests : defs.tests;
  assertInstancesValid(tests, { seed, pools: loadEntityPool(resolve(spec.entityPoolFile ?? DEFAULT_ENTITY_POOL_FILE)), clock });
  return { sha256: defs.sha256 };
}

/**
 * Validates the experiment and its definitions (throwing before anything is written), creates the experiment
 * folder `<resultsDir>/<name>_<YYYYMMDD_HHMMSS>/` with `experiment.json`, and starts every configuration.
 */
export async function startSweep(opts: SweepOptions): Promise<SweepHandle> {
  const clock = opts.clock ?? systemClock;
  const spec = typeof opts.experiment === 'string' ? loadExperimentFile(opts.experiment) : opts.experiment;
  const seed = spec.seed ?? freshSeed();
  const { sha256 } = validateDesign(spec, seed, clock);
  const { dir, runId: id } = createRunDir(resolve(opts.resultsDir), (at) => runFolderName(spec.name, at), clock.now());
  const lock = acquireRunLock(dir);
  const now = clock.now().toISOString();
  const manifest: ExperimentManifest = {
    format: 'picard-live-experiment/1',
    id,
    name: spec.name,
    file: typeof opts.experiment === 'string' ? spec.file : (opts.experimentFile ?? null),
    definitions: { file: spec.definitionsFile, as_written: spec.definitions, sha256, samples_override: spec.samples ?? null },
    seed,
    entity_pool: spec.entityPoolFile ?? null,
    status: 'running',
    created_at: now,
    updated_at: now,
    resumes: 0,
    configurations: spec.configurations.map((c) => ({ label: c.label, agent: c.agent, options: c.options, price_per_mtok: c.price ?? null, run: null, status: 'running', duration_ms: 0 })),
  };
  writeExperimentManifest(dir, manifest);
  const configurations: SweepConfiguration[] = [];
  const design: SweepDesign = { definitionsFile: spec.definitionsFile, seed, samples: spec.samples, entityPoolFile: spec.entityPoolFile, experimentId: id };
  for (const c of manifest.configurations) {
    try {
      const run = await startConfiguration(dir, c, design, { apiKeys: opts.apiKeys, index: opts.index, executor: opts.executor, clock });
      c.run = run.runId;
      configurations.push({ label: c.label, run });
    } catch (err) {
      failRecord(c, err);
      configurations.push({ label: c.label, run: null, error: c.error });
    }
  }
  writeExperimentManifest(dir, manifest);
  return follow(dir, manifest, configurations, lock, clock);
}

function failRecord(c: ExperimentConfigurationRecord, err: unknown): void {
  c.status = 'failed';
  c.error = (err as Error).message ?? String(err);
}

/** What every configuration of an experiment shares: its suite, seed, samples and entity pool. */
interface SweepDesign {
  definitionsFile: string;
  seed: number;
  samples: number | undefined;
  entityPoolFile: string | undefined;
  experimentId: string;
}

/** Starts one configuration's run in the experiment folder `dir`, with the experiment's design and its own options. */
function startConfiguration(dir: string, c: ExperimentConfigurationRecord, design: SweepDesign, opts: { apiKeys?: Readonly<Record<string, string>>; index?: ResultsIndex; executor?: ItemExecutor; clock: Clock }): Promise<RunHandle> {
  return startRun({
    definitionsFile: design.definitionsFile,
    label: c.label,
    resultsDir: dir,
    seed: design.seed,
    samples: design.samples,
    agent: c.agent,
    apiKey: opts.apiKeys?.[c.label],
    concurrency: c.options.concurrency,
    retries: c.options.retries,
    delayS: c.options.delayS,
    maxErrors: c.options.maxErrors,
    failFast: c.options.failFast,
    entityPoolFile: design.entityPoolFile,
    clock: opts.clock,
    index: opts.index,
    executor: opts.executor,
    experimentId: design.experimentId,
  });
}

/**
 * Continues every unfinished configuration of an experiment folder: runs that are not `completed` are resumed
 * in place (`resumeRun`), configurations whose run never started are started with the experiment's seed.
 * Refused while the sweep (or any of its runs) is still being written.
 */
export async function resumeSweep(dirIn: string, opts: ResumeSweepOptions = {}): Promise<SweepHandle> {
  const dir = resolve(dirIn);
  const clock = opts.clock ?? systemClock;
  const manifest = readExperimentManifest(dir);
  let lock: RunLock;
  try {
    lock = acquireRunLock(dir);
  } catch (err) {
    if (err instanceof RunLockedError) throw new SweepError(`Experiment ${manifest.id} is still running (its lock ${join(dir, 'run.lock')} is held)`);
    throw err;
  }
  const configurations: SweepConfiguration[] = [];
  try {
    const current = readExperimentManifest(dir); // again, under the lock
    current.resumes += 1;
    current.status = 'running';
    current.updated_at = clock.now().toISOString();
    const design: SweepDesign = {
      definitionsFile: current.definitions.file,
      seed: current.seed,
      samples: current.definitions.samples_override ?? undefined,
      entityPoolFile: current.entity_pool ?? undefined,
      experimentId: current.id,
    };
    for (const c of current.configurations) configurations.push(await continueConfiguration(dir, c, design, opts, clock));
    writeExperimentManifest(dir, current);
    return follow(dir, current, configurations, lock, clock);
  } catch (err) {
    for (const c of configurations) c.run?.interrupt('Sweep resume failed');
    lock.release();
    throw err;
  }
}

/** One configuration on resume: left alone when its run is complete, else its run resumed (or started when it never was). */
async function continueConfiguration(dir: string, c: ExperimentConfigurationRecord, design: SweepDesign, opts: ResumeSweepOptions, clock: Clock): Promise<SweepConfiguration> {
  const runManifest = c.run ? loadRunManifest(join(dir, c.run)) : null;
  if (runManifest?.status === 'completed' && !opts.retryErrors) {
    c.status = 'completed';
    delete c.error;
    return { label: c.label, run: null };
  }
  try {
    const run = c.run
      ? await resumeRun(join(dir, c.run), { apiKey: opts.apiKeys?.[c.label], index: opts.index, executor: opts.executor, clock, retryErrors: opts.retryErrors })
      : await startConfiguration(dir, c, design, { apiKeys: opts.apiKeys, index: opts.index, executor: opts.executor, clock });
    c.run = run.runId;
    c.status = 'running';
    delete c.error;
    return { label: c.label, run };
  } catch (err) {
    failRecord(c, err);
    return { label: c.label, run: null, error: c.error };
  }
}

/** Waits for every configuration, recording each as it ends; then writes the standings and the final status. */
function follow(dir: string, manifest: ExperimentManifest, configurations: SweepConfiguration[], lock: RunLock, clock: Clock): SweepHandle {
  const listeners = new Set<(e: SweepEvent) => void>();
  const emit = (e: SweepEvent) => {
    for (const l of listeners) {
      try {
        l(e);
      } catch (err) {
        console.error('[picard] sweep listener failed:', err);
      }
    }
  };
  const record = (label: string) => manifest.configurations.find((c) => c.label === label)!;
  const done = (async (): Promise<SweepResult> => {
    try {
      await Promise.all(
        configurations.map(async (c) => {
          if (!c.run) return;
          const result = await c.run.done;
          const r = record(c.label);
          r.status = result.status;
          r.duration_ms += result.durationMs;
          if (result.error) r.error = result.error;
          else delete r.error;
          manifest.updated_at = clock.now().toISOString();
          writeExperimentManifest(dir, manifest);
          emit({ type: 'configuration-finished', label: c.label, result });
        }),
      );
      const failed = manifest.configurations.filter((c) => c.status !== 'completed').map((c) => ({ label: c.label, status: c.status, error: c.error ?? '' }));
      manifest.status = failed.length === 0 ? 'completed' : failed.some((f) => f.status === 'failed') ? 'failed' : failed[0].status;
      manifest.updated_at = clock.now().toISOString();
      writeExperimentManifest(dir, manifest);
      let standings: Standings = { leaderboard: [], pairwise: [] };
      let error: string | undefined;
      try {
        standings = await writeStandings(dir, manifest);
      } catch (err) {
        error = `Could not write the leaderboard: ${(err as Error).message}`; // the runs' files are all there
      }
      const result: SweepResult = { id: manifest.id, dir, status: manifest.status, failed, standings, ...(error ? { error } : {}) };
      emit({ type: 'sweep-finished', result });
      return result;
    } finally {
      lock.release();
    }
  })();
  return {
    id: manifest.id,
    dir,
    configurations,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    done,
    cancel: (reason) => configurations.forEach((c) => c.run?.cancel(reason)),
    interrupt: (reason) => configurations.forEach((c) => c.run?.interrupt(reason)),
  };
}
