import { getEventListeners } from 'node:events';
import type { PrecheckEntry } from '../generation/precheck-entry';
import type { RunStatus } from '../results/types';
import { existingRealRoot } from '../sandbox/confine';
import { AbortFanout } from '../util/abort-fanout';
import type { ItemContext, ItemOutcome } from './run-item';
import { runItem } from './run-item';

export interface LoopLimits {
  concurrency: number;
  /** Stop after this many errored items (null = never). */
  maxErrors: number | null;
}

export interface LoopResult {
  status: RunStatus;
  completed: number;
  correct: number;
  errored: number;
  error?: string;
}

/**
 * Feeds instances to `concurrency` workers. One item's failure never stops the others; the error budget
 * (`maxErrors`), a run-fatal failure (a refused key: `stop` is called with the agent's reason) and the abort
 * signal do. Completion order does not matter: every item is written by key. Each worker's items get a child of
 * `ctx.signal` (a new one after an item that left a listener on it), so the run's signal carries one listener from
 * here however high the concurrency.
 */
export async function runLoop(
  entries: AsyncIterable<PrecheckEntry> | Iterable<PrecheckEntry>,
  ctx: Omit<ItemContext, 'onFatal' | 'sandboxRealRoot'>,
  limits: LoopLimits,
  stop: (reason: string) => void,
): Promise<LoopResult> {
  const source = Symbol.asyncIterator in entries ? entries[Symbol.asyncIterator]() : toAsync(entries[Symbol.iterator]());
  const tally = { completed: 0, correct: 0, errored: 0 };
  let budgetError: string | undefined;
  let fatalError: string | undefined;
  const onFatal = (reason: string) => {
    if (budgetError || fatalError) return;
    fatalError = reason;
    stop(reason);
  };

  const record = (o: ItemOutcome) => {
    if (o === 'abandoned') return;
    tally.completed += 1;
    if (o === 'passed') tally.correct += 1;
    if (o === 'errored') {
      tally.errored += 1;
      if (limits.maxErrors !== null && tally.errored >= limits.maxErrors && !budgetError) {
        budgetError = `Stopped: ${tally.errored} errored item(s) reached the error budget (--max-errors ${limits.maxErrors})`;
        stop(budgetError);
      }
    }
  };

  // The run's sandbox folder is the run's own and does not move while it runs: its realpath is resolved once (as soon
  // as it exists; the first item without generated files may create it).
  let realSandbox: string | undefined;
  const sandboxRealRoot = () => (realSandbox ??= existingRealRoot(ctx.sandboxRoot) ?? undefined);
  const fanout = new AbortFanout(ctx.signal);
  const worker = async () => {
    // A worker's items share one child signal (and one item context) while they leave no listener on it: an
    // AbortController per item cost more than the item's bookkeeping. An item that leaves a listener behind (a
    // client that does not remove its own) gets the next item a fresh child, so listeners never pile up.
    let child = fanout.child();
    let itemCtx: ItemContext = { ...ctx, signal: child.signal, onFatal, sandboxRealRoot };
    try {
      while (!ctx.signal.aborted) {
        const step = await source.next();
        if (step.done) return;
        record(await runItem(step.value, itemCtx));
        if (getEventListeners(child.signal, 'abort').length > 0) {
          child.release();
          child = fanout.child();
          itemCtx = { ...ctx, signal: child.signal, onFatal, sandboxRealRoot };
        }
        // An item that waits on nothing (the simulated agent with no think time: its tools are synchronous) runs in
        // microtasks only; without a turn of the event loop between items the queued result lines would not be
        // written (nor the index, timers or signals served) until the whole run had finished.
        await nextTurn();
      }
    } finally {
      child.release();
    }
  };

  const n = Math.max(1, limits.concurrency);
  try {
    await Promise.all(Array.from({ length: n }, worker));
  } finally {
    fanout.close();
  }
  const error = budgetError ?? fatalError;
  const status: RunStatus = error ? 'failed' : ctx.signal.aborted ? 'cancelled' : 'completed';
  return { status, ...tally, error };
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return { next: async () => it.next() };
}
