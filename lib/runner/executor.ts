import type { RunEventBus } from '../events/bus';
import type { ItemSummary } from '../events/types';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { RunWriter } from '../results/run-writer';
import type { Clock } from '../util/clock';
import type { LoopResult } from './run-loop';
import type { RunManifest } from '../results/types';

/** What a run gives the executor that takes its items and reports their results. */
export interface ExecutorContext {
  runId: string;
  dir: string;
  sandboxRoot: string;
  manifest: RunManifest;
  /** Every item of the run (done or not), in precheck order. */
  items: ItemSummary[];
  /** The run's bus: the executor announces items on it exactly as the in-process loop does (the files follow). */
  bus: RunEventBus;
  /** Writes conversation files (the bus's progressive writer appends the JSONL lines). */
  writer: RunWriter;
  clock: Clock;
  /** Aborted on cancel, interrupt, a run-fatal failure or the error budget. */
  signal: AbortSignal;
  concurrency: number;
  maxErrors: number | null;
  /** Stops the run as failed with `reason` (a run-fatal failure, the error budget). */
  stop: (reason: string) => void;
}

/**
 * The runner's "take the next item, report its result" step. The default is in-process (`runLoop`, in
 * `launchRun`); `lib/distributed/queue-executor.ts` hands the items to workers through a queue. Either way the
 * run's bus sees `item-started`, `item-finished` (conversation file already on disk) and `item-scored`.
 */
export interface ItemExecutor {
  /** Short id for messages (`queue`). */
  readonly kind: string;
  /** Which kind of process coordinates (`cli`, `dashboard`), recorded in the manifest's `executor`. Default `cli`. */
  readonly coordinator?: string;
  /** Runs `entries` (the items still to do) to the end or until `ctx.signal` aborts. */
  run(entries: AsyncIterable<PrecheckEntry> | Iterable<PrecheckEntry>, ctx: ExecutorContext): Promise<LoopResult>;
}

/** The manifest's `executor` field for runs handed to `executor` (undefined: in-process). */
export function manifestExecutor(executor: ItemExecutor | undefined): { kind: string; coordinator: string } | undefined {
  return executor ? { kind: executor.kind, coordinator: executor.coordinator ?? 'cli' } : undefined;
}
