/**
 * A run's counts and accuracy from SQL aggregates over its item rows: by status, overall, per scoring type and
 * per question, each with its Wilson 95 % interval. Accuracy is `correct / scored` (scored = passed + failed +
 * errored), as in scores.json and the live view.
 */
import type { ItemStatus } from '../events/types';
import { wilson, type Interval } from '../stats';
import type { ResultsIndex } from './open';
import { itemWhere, type ItemFilters } from './query-items';

export interface GroupTally {
  correct: number;
  /** Items with a verdict. */
  total: number;
  errored: number;
  accuracy: number | null;
  interval: Interval | null;
}

export interface RunAggregates {
  /** Items matching the filters. */
  items: number;
  counts: Record<ItemStatus, number>;
  answered: number;
  scored: number;
  correct: number;
  accuracy: number | null;
  interval: Interval | null;
  tokens: number;
  rounds: number;
  toolCalls: number;
  durationMs: number;
  byScoringType: Record<string, GroupTally>;
  /** Keyed by `String(question_id)`, as in scores.json. */
  byQuestion: Record<string, GroupTally>;
}

function tally(correct: number, total: number, errored: number): GroupTally {
  return { correct, total, errored, accuracy: total > 0 ? correct / total : null, interval: wilson(correct, total) };
}

const SUMS = `count(*) AS n, coalesce(sum(status = 'passed'), 0) AS correct, coalesce(sum(correct IS NOT NULL), 0) AS scored,
  coalesce(sum(status = 'errored'), 0) AS errored`;

export function runAggregates(index: ResultsIndex, runId: string, filters: ItemFilters = {}): RunAggregates {
  const { db } = index;
  const { sql, params } = itemWhere(runId, filters);
  const counts: Record<ItemStatus, number> = { pending: 0, running: 0, retrying: 0, passed: 0, failed: 0, errored: 0 };
  let items = 0;
  for (const r of db.prepare(`SELECT status, count(*) AS n FROM items WHERE ${sql} GROUP BY status`).all(params) as Array<{ status: ItemStatus; n: number }>) {
    counts[r.status] = r.n;
    items += r.n;
  }
  const t = db.prepare(`SELECT coalesce(sum(responded), 0) AS answered, coalesce(sum(tokens), 0) AS tokens, coalesce(sum(rounds), 0) AS rounds,
    coalesce(sum(tool_calls), 0) AS tool_calls, coalesce(sum(duration_ms), 0) AS duration_ms FROM items WHERE ${sql}`).get(params) as
    { answered: number; tokens: number; rounds: number; tool_calls: number; duration_ms: number };
  const scored = counts.passed + counts.failed + counts.errored;
  const group = (col: string) => {
    const out: Record<string, GroupTally> = {};
    const rows = db.prepare(`SELECT ${col} AS g, ${SUMS} FROM items WHERE ${sql} GROUP BY ${col} HAVING scored > 0 ORDER BY ${col}`).all(params) as
      Array<{ g: string | number; correct: number; scored: number; errored: number }>;
    for (const r of rows) out[String(r.g)] = tally(r.correct, r.scored, r.errored);
    return out;
  };
  return {
    items, counts, answered: t.answered, scored, correct: counts.passed,
    accuracy: scored > 0 ? counts.passed / scored : null, interval: wilson(counts.passed, scored),
    tokens: t.tokens, rounds: t.rounds, toolCalls: t.tool_calls, durationMs: t.duration_ms,
    byScoringType: group('scoring_type'), byQuestion: group('question_id'),
  };
}
