/**
 * A window of one run's items from the index (offset/limit, sort by any column, filters, text search), so a
 * table of 200,000 items asks for the rows it shows instead of receiving the whole run.
 */
import type { ItemStatus } from '../events/types';
import type { ResultsIndex } from './open';
import { likePattern, type Page } from './query-runs';

/** One item as the run's table shows it (the same names as the live view's `ItemState`). */
export interface IndexedItem {
  key: string;
  /** Position in the run (the precheck's line number). */
  seq: number;
  question_id: number | string;
  sample_number: number;
  scoring_type: string;
  /** The question, cut to 200 characters. */
  question: string;
  status: ItemStatus;
  responded: boolean;
  /** The verdict once scored. */
  correct?: boolean;
  verdictMessage: string | null;
  /** Errored items only: the response's error and its class. */
  error?: string;
  errorClass?: string;
  attempt: number;
  rounds?: number;
  toolCalls?: number;
  tokens?: number;
  durationMs?: number;
  startedAt?: string;
  finishedAt?: string;
}

/** Sortable columns, by the name the table uses. */
export const ITEM_SORTS = {
  seq: 'seq', key: 'key', question_id: 'question_id', sample_number: 'sample_number', scoring_type: 'scoring_type',
  status: 'status', correct: 'correct', verdict: 'verdict_message', attempts: 'attempts', rounds: 'rounds',
  toolCalls: 'tool_calls', tokens: 'tokens', durationMs: 'duration_ms', startedAt: 'started_at',
  finishedAt: 'finished_at', errorClass: 'error_class', question: 'question',
} as const;
export type ItemSort = keyof typeof ITEM_SORTS;

/** Filters shared by the window and the aggregates. */
export interface ItemFilters {
  status?: ItemStatus[];
  /** `correct` / `incorrect` (scored, not correct) / `unscored`. */
  verdict?: Array<'correct' | 'incorrect' | 'unscored'>;
  scoringType?: string[];
  questionId?: Array<number | string>;
  errorClass?: string[];
  /** Case-insensitive substring of the item key, question, verdict message or error. */
  search?: string;
}

export interface ItemsQuery extends ItemFilters {
  offset?: number;
  /** Default 100, at most 5,000. */
  limit?: number;
  /** Default `seq` (run order). Ties are broken by run order. */
  sort?: ItemSort;
  dir?: 'asc' | 'desc';
}

/** SQL `WHERE` (without the keyword) and parameters for a run's items under `f`. */
export function itemWhere(runId: string, f: ItemFilters): { sql: string; params: Record<string, unknown> } {
  const where = ['run_id = @run'];
  const params: Record<string, unknown> = { run: runId };
  const inList = (col: string, name: string, values: readonly unknown[] | undefined) => {
    if (!values?.length) return;
    where.push(`${col} IN (${values.map((_, i) => `@${name}${i}`).join(', ')})`);
    values.forEach((v, i) => (params[`${name}${i}`] = v));
  };
  inList('status', 'st', f.status);
  inList('scoring_type', 'ty', f.scoringType);
  inList('question_id', 'qi', f.questionId);
  inList('error_class', 'ec', f.errorClass);
  if (f.verdict?.length) {
    const parts = f.verdict.map((v) => (v === 'correct' ? 'correct = 1' : v === 'incorrect' ? 'correct = 0' : 'correct IS NULL'));
    where.push(`(${parts.join(' OR ')})`);
  }
  if (f.search) {
    where.push(`(key LIKE @s ESCAPE '\\' OR question LIKE @s ESCAPE '\\' OR verdict_message LIKE @s ESCAPE '\\' OR error_message LIKE @s ESCAPE '\\')`);
    params.s = likePattern(f.search);
  }
  return { sql: where.join(' AND '), params };
}

export function queryItems(index: ResultsIndex, runId: string, q: ItemsQuery = {}): Page<IndexedItem> {
  const col = ITEM_SORTS[q.sort ?? 'seq'];
  if (!col) throw new Error(`Unknown item sort '${q.sort}' (one of ${Object.keys(ITEM_SORTS).join(', ')})`);
  const dir = (q.dir ?? 'asc') === 'asc' ? 'ASC' : 'DESC';
  const { sql, params } = itemWhere(runId, q);
  const total = index.db.prepare(`SELECT count(*) FROM items WHERE ${sql}`).pluck().get(params) as number;
  const limit = Math.min(Math.max(0, q.limit ?? 100), 5000);
  // Items without a value (not answered yet) come last either way.
  const order = col === 'seq' ? `seq ${dir}` : `${col} IS NULL, ${col} ${dir}, seq ${dir}`;
  const rows = index.db
    .prepare(`SELECT * FROM items WHERE ${sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit, offset: Math.max(0, q.offset ?? 0) }) as ItemRow[];
  return { total, rows: rows.map(toItem) };
}

/** One item, or null. */
export function getItem(index: ResultsIndex, runId: string, key: string): IndexedItem | null {
  const r = index.db.prepare('SELECT * FROM items WHERE run_id = ? AND key = ?').get(runId, key) as ItemRow | undefined;
  return r ? toItem(r) : null;
}

interface ItemRow {
  key: string; seq: number; question_id: number | string; sample_number: number; scoring_type: string; question: string;
  status: ItemStatus; responded: number; correct: number | null; exec_ok: number | null; verdict_message: string | null;
  error_message: string | null; error_class: string | null; attempts: number | null; rounds: number | null;
  tool_calls: number | null; tokens: number | null; duration_ms: number | null; started_at: string | null;
  finished_at: string | null;
}

function toItem(r: ItemRow): IndexedItem {
  const it: IndexedItem = {
    key: r.key, seq: r.seq, question_id: r.question_id, sample_number: r.sample_number, scoring_type: r.scoring_type,
    question: r.question, status: r.status, responded: r.responded === 1, verdictMessage: r.verdict_message,
    attempt: r.attempts ?? 0,
  };
  if (r.correct !== null) it.correct = r.correct === 1;
  if (r.exec_ok === 0) {
    it.error = r.error_message ?? 'execution failed';
    if (r.error_class) it.errorClass = r.error_class;
  }
  if (r.rounds !== null) it.rounds = r.rounds;
  if (r.tool_calls !== null) it.toolCalls = r.tool_calls;
  if (r.tokens !== null) it.tokens = r.tokens;
  if (r.duration_ms !== null) it.durationMs = r.duration_ms;
  if (r.started_at !== null) it.startedAt = r.started_at;
  if (r.finished_at !== null) it.finishedAt = r.finished_at;
  return it;
}
