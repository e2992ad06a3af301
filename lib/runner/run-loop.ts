import type { PrecheckEntry } from '../generation/precheck-entry';
import type { RunStatus } from '../events/types';
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
 * (`maxErrors`) and the abort signal do. Completion order does not matter: every item is written by key.
 */
export async function runLoop(
  entries: AsyncIterable<PrecheckEntry> | Iterable<PrecheckEntry>,
  ctx: ItemContext,
  limits: LoopLimits,
  stop: (reason: string) => void,
): Promise<LoopResult> {
  const source = Symbol.asyncIterator in entries ? entries[Symbol.asyncIterator]() : toAsync(entries[Symbol.iterator]());
  const tally = { completed: 0, correct: 0, errored: 0 };
  let budgetError: string | undefined;

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

  const worker = async () => {
    while (!ctx.signal.aborted) {
      const step = await source.next();
      if (step.done) return;
      record(await runItem(step.value, ctx));
    }
  };

  const n = Math.max(1, limits.concurrency);
  await Promise.all(Array.from({ length: n }, worker));
  const status: RunStatus = budgetError ? 'failed' : ctx.signal.aborted ? 'cancelled' : 'completed';
  return { status, ...tally, error: budgetError };
}

function toAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return { next: async () => it.next() };
}
