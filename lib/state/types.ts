import type { ItemView } from '../events/item-view';
import type { ItemStatus } from '../events/types';
import type { RunStatus } from '../results/types';

/** One item in the live state: the table's row (`ItemView`) plus what only a running run knows. */
export interface ItemState extends ItemView {
  /** Distributed runs: the worker that has (or last had) the item, from `item-started` (live state only). */
  worker?: string;
  /** Last retry reason while `retrying`. */
  retryReason?: string;
  /** ISO time the next attempt is due while `retrying` (event time + delay): the page counts down to it. */
  retryAt?: string;
}

/** Correct / scored / errored counts for one group (scoring type or question). */
export interface Tally {
  correct: number;
  total: number;
  errored: number;
}

/** A short log line kept for the run page (the last few `run-log` events). */
export interface RunLogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  at: string;
}

/**
 * Everything the live view shows about one run. Plain JSON (no Maps, no Dates) so the server can send it
 * as a Socket.IO snapshot and a server component can pass it to a client component as a prop.
 */
export interface RunState {
  runId: string;
  label: string;
  dir: string;
  seed: number | null;
  agent: string;
  /** `pending` until `run-started` arrives. */
  status: RunStatus | 'pending';
  items: Record<string, ItemState>;
  /** Item keys in run order (the order of `run-started`). */
  order: string[];
  counts: Record<ItemStatus, number>;
  total: number;
  /** Items with a final status (passed, failed or errored). */
  done: number;
  correct: number;
  /** Items that have a verdict (passed + failed + errored): the accuracy denominator, as in scores.json. */
  scored: number;
  /** `correct / scored`, or null before the first verdict. */
  accuracy: number | null;
  byScoringType: Record<string, Tally>;
  /** Keyed by `String(question_id)`, as in scores.json. */
  byQuestion: Record<string, Tally>;
  rounds: number;
  toolCalls: number;
  tokens: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** Time of the last applied event (for rate/ETA). */
  updatedAt: string | null;
  /** Items skipped because a resumed run had already done them. */
  alreadyDone: number;
  error?: string;
  logs: RunLogLine[];
  /** Sequence number of the last applied event; 0 for a state built from files only. */
  lastSeq: number;
}

/** A snapshot sent on `run:join`: the state and the seq it is current to. */
export interface RunSnapshot {
  runId: string;
  state: RunState;
  seq: number;
  /** True when a live run in this process will keep sending `run:event`s. */
  live: boolean;
}
