import type { RunEventBus } from '../events/bus';
import type { RunStatus } from '../results/types';
import type { AgentConfig } from '../agents/agent-kinds';
import type { Clock } from '../util/clock';
import type { IndexSource } from '../index/open';
import type { ItemExecutor } from './executor';

/** Everything needed to start a run. */
export interface RunOptions {
  /** YAML definitions file. */
  definitionsFile: string;
  label?: string;
  /** Parent folder of result folders (default ./results or PICARD_RESULTS_DIR). */
  resultsDir: string;
  /** Fresh seed drawn and recorded when omitted. */
  seed?: number;
  /** Overrides every test's `samples`. */
  samples?: number;
  agent: AgentConfig;
  /** API key held in memory only (dashboard form); never written anywhere. */
  apiKey?: string;
  concurrency?: number;
  /** Retries after the first attempt (reference default 5). */
  retries?: number;
  /** Base retry delay in seconds. */
  delayS?: number;
  /** Stop the run after this many errored items. */
  maxErrors?: number;
  /** Reference behaviour: abort the run on the first errored item. */
  failFast?: boolean;
  /** Entity pool file (default: the bundled pool). */
  entityPoolFile?: string;
  clock?: Clock;
  /** Results index to update as items land (after the files); the run works the same without it. */
  index?: IndexSource;
  /** The experiment (sweep) this run is a configuration of: recorded as `experiment_id` in the manifest. */
  experimentId?: string;
  /** Who runs the items (default: this process, concurrently); e.g. a queue of distributed workers. */
  executor?: ItemExecutor;
}

/** A run in progress. `done` settles when the run stops for any reason; it never rejects. */
export interface RunHandle {
  runId: string;
  dir: string;
  bus: RunEventBus;
  /**
   * Aborted when the run stops early (cancel, interrupt, a run-fatal failure, the error budget). It carries at
   * most two listeners of ours whatever the concurrency: items listen on their own child signals.
   */
  signal: AbortSignal;
  done: Promise<RunResult>;
  /** Stops the run cleanly: in-flight items are abandoned, the manifest says `cancelled`; it can be resumed. */
  cancel(reason?: string): void;
  /** Like `cancel`, for Ctrl-C / shutdown: the manifest says `interrupted`. */
  interrupt(reason?: string): void;
}

export interface RunResult {
  runId: string;
  dir: string;
  status: RunStatus;
  total: number;
  completed: number;
  correct: number;
  errored: number;
  durationMs: number;
  error?: string;
}
