/**
 * A run's counts and accuracy from SQL aggregates: by status, overall, per scoring type and per question, each
 * with its Wilson 95 % interval; from the run's maintained `item_groups` unless a filter needs the item rows. Accuracy is `correct / scored` (scored = passed + failed +
 * errored), as in scores.json and the live view.
 */
import type { ItemStatus } from '../events/types';
import { wilson, type Interval } from '../stats';
import type { ResultsIndex } from './open';
import { groupWhere, itemWhere, type ItemFilters } from './query-items';
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

const STATUSES = ['pending', 'running', 'passed', 'failed', 'errored'] as const;
const SUMMED = ['n', 'answered', ...STATUSES, 'tokens', 'rounds', 'tool_calls', 'duration_ms'] as const;
type Summed = (typeof SUMMED)[number];

/** Where the sums come from: the maintained groups, or the matching item rows. */
interface Source {
  from: string;
  where: string;
  params: Record<string, unknown>;
  sum: (col: Summed) => string;
  col: (name: 'scoring_type' | 'question_id') => string;
}

/**
 * Without filters, or filtered by scoring type or question only, the run's `item_groups` rows (kept as items
 * land: a few per question) answer; other filters need the matching item rows (a scan of their narrow rows).
 */
function sourceFor(runNo: number, f: ItemFilters): Source {
  if (!f.status?.length && !f.verdict?.length && !f.errorClass?.length && !f.search) {
    const { sql: where, params } = groupWhere(runNo, f);
    return { from: 'item_groups', where, params, sum: (c) => `coalesce(sum(${c}), 0)`, col: (c) => c };
  }
  const { sql, params } = itemWhere(runNo, f, { range: true });
  return {
    from: 'items i', where: sql, params, col: (c) => `i.${c}`,
    sum: (c) => (c === 'n' ? 'count(*)' : c === 'answered' ? 'coalesce(sum(i.responded), 0)'
      : (STATUSES as readonly string[]).includes(c) ? `coalesce(sum(i.status = '${c}'), 0)` : `coalesce(sum(i.${c}), 0)`),
  };
}

/**
 * Three queries over the run's groups (or matching items): the totals, then per scoring type and per question
 * (correct, scored, errored only: a run has as many questions as rows to hand back).
 */
export function runAggregates(index: ResultsIndex, runId: string, filters: ItemFilters = {}): RunAggregates {
  const src = sourceFor(runNoOf(index.db, runId) ?? -1, filters);
  const t = index.db.prepare(`SELECT ${SUMMED.map((c) => `${src.sum(c)} AS ${c}`).join(', ')} FROM ${src.from} WHERE ${src.where}`).get(src.params) as Record<Summed, number>;
  const group = (name: 'scoring_type' | 'question_id') => {
    const out: Record<string, GroupTally> = {};
    const col = src.col(name);
    const rows = index.db.prepare(`SELECT ${col}, ${src.sum('passed')} AS c, ${src.sum('failed')} AS f, ${src.sum('errored')} AS e
      FROM ${src.from} WHERE ${src.where} GROUP BY ${col} HAVING c + f + e > 0 ORDER BY ${col}`).raw().all(src.params) as Array<[string | number, number, number, number]>;
    for (const [g, c, f, e] of rows) out[String(g)] = tally(c, c + f + e, e);
    return out;
  };
  const counts: Record<ItemStatus, number> = { pending: t.pending, running: t.running, retrying: 0, passed: t.passed, failed: t.failed, errored: t.errored };
  const scored = t.passed + t.failed + t.errored;
  return {
    items: t.n, counts, answered: t.answered, scored, correct: t.passed,
    accuracy: scored > 0 ? t.passed / scored : null, interval: wilson(t.passed, scored),
    tokens: t.tokens, rounds: t.rounds, toolCalls: t.tool_calls, durationMs: t.duration_ms,
    byScoringType: group('scoring_type'), byQuestion: group('question_id'),
  };
}
