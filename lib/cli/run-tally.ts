import type { RunEvent } from '../events/types';

/** What a run's terminal progress counts: its items, and how many are done, correct and errored. */
export interface RunTally {
  total: number;
  done: number;
  correct: number;
  errored: number;
}

export function newRunTally(): RunTally {
  return { total: 0, done: 0, correct: 0, errored: 0 };
}

/** Counts one run event: `run-started` sets the total and what was already done, `item-scored` adds its item. */
export function countRunEvent(t: RunTally, e: RunEvent): void {
  if (e.type === 'run-started') {
    t.total = e.items.length;
    t.done = e.alreadyDone;
  } else if (e.type === 'item-scored') {
    t.done += 1;
    if (e.score.correct) t.correct += 1;
    if (e.errored) t.errored += 1;
  }
}

/** The share of the items done that are correct, `'75.0'` (`'0.0'` before any is done). */
export function percentCorrect(t: RunTally): string {
  return t.done ? ((t.correct / t.done) * 100).toFixed(1) : '0.0';
}
