import { join } from 'node:path';
import type { Agent } from '../agents/types';
import { RunEventBus } from '../events/bus';
import type { ItemSummary } from '../events/types';
import type { RunStatus, RunManifest } from '../results/types';
import type { PrecheckEntry } from '../generation/precheck-entry';
import { runFiles } from '../results/run-files';
import type { RunLock } from '../results/run-lock';
import type { RunWriter } from '../results/run-writer';
import { scoreItem } from '../scoring/registry';
import type { Clock } from '../util/clock';
import { AdaptiveLimit } from './adaptive-limit';
import { attachProgressiveWriter } from './progressive-writer';
import { attachIndexWriter } from '../index/index-writer';
import type { IndexSource } from '../index/open';
import { runLoop } from './run-loop';
import { scoreRun } from '../scoring/score-run';
import { writeTestSummary } from './test-summary';
import type { RunHandle, RunResult } from './types';
import type { ItemExecutor } from './executor';

/** Everything a prepared run (new or resumed) needs to go. */
export interface LaunchSpec {
  runId: string;
  dir: string;
  sandboxRoot: string;
  writer: RunWriter;
  /** The folder's writer lock, taken by the caller; released once the end-of-run files are written. */
  lock: RunLock;
  manifest: RunManifest;
  agent: Agent;
  items: ItemSummary[];
  entries: AsyncIterable<PrecheckEntry> | Iterable<PrecheckEntry>;
  alreadyDone: number;
  /** Problems found while preparing (e.g. answer keys that failed), announced after `run-started`. */
  warnings: string[];
  entityPoolSize: number;
  clock: Clock;
  concurrency: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxErrors: number | null;
  /** Restores an instance's sandbox before a retry (absent when the definitions are not available). */
  resetSandbox?: (entry: PrecheckEntry) => void;
  resetBeforeFirstAttempt?: boolean;
  /** Results index to update as items land (after the files); a function is called once, here. */
  index?: IndexSource;
  /** Who runs the items; absent: this process (`runLoop`). */
  executor?: ItemExecutor;
  /**
   * The run's preparation still under way while its items run (the sandbox and `precheck.jsonl` being written,
   * see `startRun`): the end-of-run files wait for it. It never rejects (a failure reaches the loop through `entries`).
   */
  prepared?: Promise<void>;
  /** Called once the run loop takes no more items (any reason), before the end waits for `prepared`. */
  itemsOver?: () => void;
}

/**
 * Runs from this many items catch the index up on its own thread (`IndexThread`): below it, the thread's start (its
 * modules and SQLite, ≈ 0.1 s) would cost more than the catch-ups it takes over, and would delay a small run's end.
 */
const INDEX_THREAD_FROM_ITEMS = 1_000;

/**
 * Starts the loop on the next tick (so callers can subscribe to `bus` first) and returns the handle.
 * At the end: `test_summary.json`, `scores.json` and the manifest's final status.
 */
export function launchRun(spec: LaunchSpec): RunHandle {
  const bus = new RunEventBus(spec.runId, spec.clock);
  attachProgressiveWriter(bus, spec.writer);
  const index = typeof spec.index === 'function' ? spec.index() : spec.index;
  const indexWriter = index ? attachIndexWriter(bus, index, spec.dir, { thread: spec.items.length >= INDEX_THREAD_FROM_ITEMS }) : null;
  const controller = new AbortController();
  const end: RunEnd = { status: null };
  const stop = (status: RunStatus, reason: string) => {
    if (end.status === null) Object.assign(end, { status, reason });
    controller.abort(new Error(reason));
  };
  const limit = new AdaptiveLimit(spec.concurrency);
  const wake = () => limit.wakeAll();
  controller.signal.addEventListener('abort', wake, { once: true });

  const done = (async (): Promise<RunResult> => {
    await new Promise((r) => setImmediate(r));
    const started = performance.now();
    announceStart(spec, bus);
    const result = await runItems(spec, { bus, limit, signal: controller.signal, fail: (reason) => stop('failed', reason) }, end);
    controller.signal.removeEventListener('abort', wake);
    spec.itemsOver?.();
    result.durationMs = Math.round(performance.now() - started);
    let totals: Awaited<ReturnType<typeof finalizeRun>>;
    try {
      await spec.prepared;
      totals = await finalizeRun(spec, result);
    } finally {
      spec.lock.release();
    }
    bus.emit({ type: 'run-finished', status: result.status, correct: totals.correct, total: totals.total, errored: totals.errored, durationMs: result.durationMs, error: result.error });
    await indexWriter?.close();
    return result;
  })();

  return {
    runId: spec.runId,
    dir: spec.dir,
    bus,
    signal: controller.signal,
    done,
    cancel: (reason = 'Cancelled by user') => stop('cancelled', reason),
    interrupt: (reason = 'Interrupted') => stop('interrupted', reason),
  };
}

/** How a run was stopped from outside its loop (cancel, interrupt, a fatal error), if it was: the first stop wins. */
interface RunEnd {
  status: RunStatus | null;
  reason?: string;
}

/** `run-started` with the run's items, then the problems found while preparing. */
function announceStart(spec: LaunchSpec, bus: RunEventBus): void {
  bus.emit({
    type: 'run-started',
    label: spec.manifest.label,
    dir: spec.dir,
    seed: spec.manifest.seed,
    agent: spec.agent.kind,
    items: spec.items,
    alreadyDone: spec.alreadyDone,
  });
  for (const message of spec.warnings) bus.emit({ type: 'run-log', level: 'error', message });
}

/** Runs the items (by the executor, else in this process) and tells how that ended; a throw ends it `failed`. */
async function runItems(spec: LaunchSpec, run: { bus: RunEventBus; limit: AdaptiveLimit; signal: AbortSignal; fail: (reason: string) => void }, end: RunEnd): Promise<RunResult> {
  const { bus, limit, signal, fail } = run;
  try {
    const loop = spec.executor
      ? await spec.executor.run(spec.entries, {
          runId: spec.runId,
          dir: spec.dir,
          sandboxRoot: spec.sandboxRoot,
          manifest: spec.manifest,
          items: spec.items,
          bus,
          writer: spec.writer,
          clock: spec.clock,
          signal,
          concurrency: spec.concurrency,
          maxErrors: spec.maxErrors,
          stop: fail,
        })
      : await runLoop(
          spec.entries,
          {
            agent: spec.agent,
            bus,
            clock: spec.clock,
            limit,
            signal,
            sandboxRoot: spec.sandboxRoot,
            maxAttempts: spec.maxAttempts,
            baseDelayMs: spec.baseDelayMs,
            score: (entry, response, ctx) => scoreItem(entry, response, ctx, spec.clock),
            saveConversation: async (c) => spec.writer.writeConversation(c),
            resetSandbox: spec.resetSandbox,
            resetBeforeFirstAttempt: spec.resetBeforeFirstAttempt,
          },
          { concurrency: spec.concurrency, maxErrors: spec.maxErrors },
          fail,
        );
    const status = end.status ?? loop.status;
    return { runId: spec.runId, dir: spec.dir, status, total: spec.items.length, completed: loop.completed, correct: loop.correct, errored: loop.errored, durationMs: 0, error: end.reason ?? loop.error };
  } catch (err) {
    return { runId: spec.runId, dir: spec.dir, status: 'failed', total: spec.items.length, completed: 0, correct: 0, errored: 0, durationMs: 0, error: (err as Error).message };
  }
}

/**
 * Writes the end-of-run files from what is on disk, so resumed runs count earlier items too: `test_summary.json`,
 * then `scores.json` assembled by `picard score`'s own code from the verdicts the live scorer (the same scorer)
 * already wrote to `scores.progress.jsonl`, without scoring every item again; then the manifest.
 */
async function finalizeRun(spec: LaunchSpec, result: RunResult): Promise<{ correct: number; total: number; errored: number }> {
  spec.writer.close();
  writeTestSummary(join(spec.dir, runFiles.summary), { testId: spec.runId, dir: spec.dir, sandboxRoot: spec.sandboxRoot, items: spec.items, entityPoolSize: spec.entityPoolSize }, spec.clock);
  const scored = await scoreRun(spec.dir, { clock: spec.clock, artifactsDir: spec.sandboxRoot, recordedArtifactsDir: spec.sandboxRoot, fromProgress: true });
  spec.writer.writeManifest({ ...spec.manifest, status: result.status, updated_at: spec.clock.now().toISOString(), ...(result.error ? { error: result.error } : {}) });
  return { correct: scored.metadata.correct_answers, total: scored.metadata.total_questions, errored: scored.picardLive.errored_responses };
}
