/**
 * A run's counts and accuracy from SQL aggregates over its item rows: by status, overall, per scoring type and
 * per question, each with its Wilson 95 % interval. Accuracy is `correct / scored` (scored = passed + failed +
 * errored), as in scores.json and the live view.
 */
import type { ItemStatus } from '../events/types';
import { wilson, type Interval } from '../reports/stats';
import type { ResultsIndex } from './open';
import { itemWhere, type ItemFilters } from './query-items';
import { runNoOf } from './run-rows';

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

interface GroupRow {
  question_id: number | string;
  scoring_type: string;
  n: number;
  pending: number;
  running: number;
  passed: number;
  failed: number;
  errored: number;
  answered: number;
  tokens: number;
  rounds: number;
  tool_calls: number;
  duration_ms: number;
}

const SUMS_OVER_ITEMS = `count(*) AS n, ${['pending', 'running', 'passed', 'failed', 'errored'].map((s) => `sum(i.status = '${s}') AS ${s}`).join(', ')},
  sum(i.responded) AS answered, ${['tokens', 'rounds', 'tool_calls', 'duration_ms'].map((c) => `coalesce(sum(i.${c}), 0) AS ${c}`).join(', ')}`;

/** Filters the maintained groups can answer alone (the others need the item rows). */
function groupsSuffice(f: ItemFilters): boolean {
  return !f.status?.length && !f.verdict?.length && !f.errorClass?.length && !f.search;
}

/**
 * The run's counts and sums per (question, scoring type): without filters, or filtered by scoring type or
 * question only, straight from `item_groups` (kept as items land, a few rows per question); otherwise summed
 * from the matching item rows.
 */
function groupRows(index: ResultsIndex, runNo: number, filters: ItemFilters): GroupRow[] {
  if (!groupsSuffice(filters)) {
    const { sql, params } = itemWhere(runNo, filters);
    return index.db.prepare(`SELECT i.question_id AS question_id, i.scoring_type AS scoring_type, ${SUMS_OVER_ITEMS}
      FROM items i WHERE ${sql} GROUP BY i.question_id, i.scoring_type ORDER BY i.question_id, i.scoring_type`).all(params) as GroupRow[];
  }
  const where = ['run_no = @run_no', 'n > 0'];
  const params: Record<string, unknown> = { run_no: runNo };
  const inList = (col: string, name: string, values: readonly unknown[] | undefined) => {
    if (!values?.length) return;
    where.push(`${col} IN (${values.map((_, i) => `@${name}${i}`).join(', ')})`);
    values.forEach((v, i) => (params[`${name}${i}`] = v));
  };
  inList('scoring_type', 'ty', filters.scoringType);
  inList('question_id', 'qi', filters.questionId);
  return index.db.prepare(`SELECT * FROM item_groups WHERE ${where.join(' AND ')} ORDER BY question_id, scoring_type`).all(params) as GroupRow[];
}

export function runAggregates(index: ResultsIndex, runId: string, filters: ItemFilters = {}): RunAggregates {
  const counts: Record<ItemStatus, number> = { pending: 0, running: 0, retrying: 0, passed: 0, failed: 0, errored: 0 };
  const sums = { items: 0, answered: 0, tokens: 0, rounds: 0, toolCalls: 0, durationMs: 0 };
  const byType = new Map<string, { correct: number; total: number; errored: number }>();
  const byQuestion = new Map<string, { correct: number; total: number; errored: number }>();
  const add = (m: Map<string, { correct: number; total: number; errored: number }>, k: string, g: GroupRow) => {
    const t = m.get(k) ?? { correct: 0, total: 0, errored: 0 };
    t.correct += g.passed;
    t.total += g.passed + g.failed + g.errored;
    t.errored += g.errored;
    m.set(k, t);
  };
  const runNo = runNoOf(index.db, runId);
  for (const g of runNo === undefined ? [] : groupRows(index, runNo, filters)) {
    for (const s of ['pending', 'running', 'passed', 'failed', 'errored'] as const) counts[s] += g[s];
    sums.items += g.n;
    sums.answered += g.answered;
    sums.tokens += g.tokens;
    sums.rounds += g.rounds;
    sums.toolCalls += g.tool_calls;
    sums.durationMs += g.duration_ms;
    add(byType, g.scoring_type, g);
    add(byQuestion, String(g.question_id), g);
  }
  const tallies = (m: Map<string, { correct: number; total: number; errored: number }>) =>
    Object.fromEntries([...m].filter(([, t]) => t.total > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, t]) => [k, tally(t.correct, t.total, t.errored)]));
  const scored = counts.passed + counts.failed + counts.errored;
  return {
    items: sums.items, counts, answered: sums.answered, scored, correct: counts.passed,
    accuracy: scored > 0 ? counts.passed / scored : null, interval: wilson(counts.passed, scored),
    tokens: sums.tokens, rounds: sums.rounds, toolCalls: sums.toolCalls, durationMs: sums.durationMs,
    byScoringType: tallies(byType), byQuestion: Object.fromEntries([...byQuestion].filter(([, t]) => t.total > 0).map(([k, t]) => [k, tally(t.correct, t.total, t.errored)])),
  };
}
