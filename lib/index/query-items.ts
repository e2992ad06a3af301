/**
 * A window of one run's items from the index (offset/limit, sort by any column, filters, text search), so a
 * table of 200,000 items asks for the rows it shows instead of receiving the whole run.
 */
import type { ItemView } from '../events/item-view';
import type { ItemStatus } from '../events/types';
import { setStatsFields, STATS_SORTS, type StatsFields } from './item-columns';
import type { ResultsIndex } from './open';
import { likePattern, type Page } from './query-runs';
import { runNoOf } from './run-rows';
import { itemIdRange, RUN_SPAN, SORT_INDEXES } from './schema';

/** One item of a window of the index: the table's row (`ItemView`, the live state's shape) plus its position and error class. */
export interface IndexedItem extends ItemView {
  /** Position in the run (the precheck's line number). */
  seq: number;
  responded: boolean;
  verdictMessage: string | null;
  /** Errored items only: the class of the response's error. */
  errorClass?: string;
}

/** The table's row for an index item: the `ItemView` fields, without the index's position and error class. */
export function itemViewOf(item: IndexedItem): ItemView {
  const { seq: _seq, errorClass: _errorClass, ...view } = item;
  return view;
}

/** Sortable columns, by the name the table uses. */
export const ITEM_SORTS = {
  seq: 'seq', key: 'key', question_id: 'question_id', sample_number: 'sample_number', scoring_type: 'scoring_type',
  status: 'status', correct: 'correct', verdict: 'verdict_message', errorClass: 'error_class', question: 'question',
  ...STATS_SORTS,
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

/** Sortable columns kept in `item_text` rather than the narrow item rows. */
const TEXT_COLUMNS = new Set<string>(['verdict_message', 'question']);
const TEXT_SEARCH = ['question', 'verdict_message', 'error_message'].map((c) => `t.${c} LIKE @s ESCAPE '\\'`).join(' OR ');

/**
 * SQL `WHERE` (without the keyword) over the run's item rows, aliased `i`, and its parameters. Without a status
 * filter it is the run's rowid range; with one, `run_no` (the status index), unless `range` asks for a pass over
 * all the run's rows (sums: sequential reads beat the index's lookups).
 */
export function itemWhere(runNo: number, f: ItemFilters, opts: { range?: boolean } = {}): { sql: string; params: Record<string, unknown> } {
  const { lo, hi } = itemIdRange(runNo);
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const inList = (col: string, name: string, values: readonly unknown[] | undefined) => {
    if (!values?.length) return;
    where.push(`${col} IN (${values.map((_, i) => `@${name}${i}`).join(', ')})`);
    values.forEach((v, i) => (params[`${name}${i}`] = v));
  };
  if (f.status?.length && !opts.range) {
    where.push('i.run_no = @run_no');
    params.run_no = runNo;
  } else {
    where.push('i.id BETWEEN @lo AND @hi');
  }
  Object.assign(params, { lo, hi });
  inList('i.status', 'st', f.status);
  inList('i.scoring_type', 'ty', f.scoringType);
  inList('i.question_id', 'qi', f.questionId);
  inList('i.error_class', 'ec', f.errorClass);
  if (f.verdict?.length) {
    const parts = f.verdict.map((v) => (v === 'correct' ? 'i.correct = 1' : v === 'incorrect' ? 'i.correct = 0' : 'i.correct IS NULL'));
    where.push(`(${parts.join(' OR ')})`);
  }
  if (f.search) {
    // The texts are searched once (the run's rowid range of item_text), not once per item row.
    where.push(`(i.key LIKE @s ESCAPE '\\' OR i.id IN (SELECT t.id FROM item_text t WHERE t.id BETWEEN @lo AND @hi AND (${TEXT_SEARCH})))`);
    params.s = likePattern(f.search);
  }
  return { sql: where.join(' AND '), params };
}

/**
 * One page: the matching count, then the page's ids (off a sort index, or by a scan), then those rows with their
 * texts. A text search is one pass: every match's id, in order (the count is their number).
 */
export function queryItems(index: ResultsIndex, runId: string, q: ItemsQuery = {}): Page<IndexedItem> {
  const col = ITEM_SORTS[q.sort ?? 'seq'];
  if (!col) throw new Error(`Unknown item sort '${q.sort}' (one of ${Object.keys(ITEM_SORTS).join(', ')})`);
  const runNo = runNoOf(index.db, runId);
  if (runNo === undefined) return { total: 0, rows: [] };
  const dir = (q.dir ?? 'asc') === 'asc' ? 'ASC' : 'DESC';
  const { sql, params } = itemWhere(runNo, q);
  const limit = Math.min(Math.max(0, q.limit ?? 100), 5000);
  const offset = Math.max(0, q.offset ?? 0);
  if (q.search) {
    const all = scannedPage(index, col, dir, sql, params, { limit: -1, offset: 0 });
    return { total: all.length, rows: rowsById(index, all.slice(offset, offset + limit)) };
  }
  const total = countItems(index, runNo, q, sql, params);
  if (limit === 0 || total === 0) return { total, rows: [] };
  // A sort index serves the whole run; under a filter, the filter's rows are fewer to sort than the index to walk.
  const filtered = !!(q.status?.length || q.verdict?.length || q.scoringType?.length || q.questionId?.length || q.errorClass?.length);
  const ids = SORT_INDEXES.has(col) && !filtered ? indexedPage(index, col, dir, runNo, { total, limit, offset }) : scannedPage(index, col, dir, sql, params, { limit, offset });
  return { total, rows: rowsById(index, ids) };
}

/** SQL `WHERE` over the run's `item_groups` rows for the filters they can answer (scoring type, question). */
export function groupWhere(runNo: number, f: ItemFilters): { sql: string; params: Record<string, unknown> } {
  const where = ['run_no = @run_no'];
  const params: Record<string, unknown> = { run_no: runNo };
  const inList = (col: string, name: string, values: readonly unknown[] | undefined) => {
    if (!values?.length) return;
    where.push(`${col} IN (${values.map((_, i) => `@${name}${i}`).join(', ')})`);
    values.forEach((v, i) => (params[`${name}${i}`] = v));
  };
  inList('scoring_type', 'ty', f.scoringType);
  inList('question_id', 'qi', f.questionId);
  return { sql: where.join(' AND '), params };
}

/** Items matching: from the run's `item_groups` (per-status counts) when the filters allow, else counted. */
function countItems(index: ResultsIndex, runNo: number, f: ItemFilters, sql: string, params: Record<string, unknown>): number {
  if (f.verdict?.length || f.errorClass?.length || f.search) return index.db.prepare(`SELECT count(*) FROM items i WHERE ${sql}`).pluck().get(params) as number;
  const statuses = f.status?.length ? [...new Set(f.status)].filter((st) => ['pending', 'running', 'passed', 'failed', 'errored'].includes(st)) : null;
  const { sql: where, params: p } = groupWhere(runNo, f);
  const n = statuses ? (statuses.length ? statuses.join(' + ') : '0') : 'n';
  return index.db.prepare(`SELECT coalesce(sum(${n}), 0) FROM item_groups WHERE ${where}`).pluck().get(p) as number;
}

/** A page by a sort over the run's narrow rows: SQLite keeps only the top `offset + limit` while scanning. */
function scannedPage(index: ResultsIndex, col: string, dir: string, sql: string, params: Record<string, unknown>, p: { limit: number; offset: number }): number[] {
  const textSort = TEXT_COLUMNS.has(col);
  const c = col === 'seq' ? 'i.id' : textSort ? `t.${col}` : `i.${col}`;
  // Items without a value (not answered yet) come last either way; ties in run order.
  const order = col === 'seq' ? `i.id ${dir}` : `${c} IS NULL, ${c} ${dir}, i.id ${dir}`;
  const from = textSort ? 'items i JOIN item_text t ON t.id = i.id' : 'items i';
  return index.db.prepare(`SELECT i.id FROM ${from} WHERE ${sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`).pluck().all({ ...params, ...p }) as number[];
}

/**
 * A page of the whole run by an indexed column, in two stretches: the items with a value off its `(run, column)`
 * index (sorted by it, ties in run order), then those without one (in run order).
 */
function indexedPage(index: ResultsIndex, col: string, dir: string, runNo: number, p: { total: number; limit: number; offset: number }): number[] {
  const { lo, hi } = itemIdRange(runNo);
  const valued = index.db.prepare(`SELECT count(*) FROM items WHERE run_no = ? AND ${col} IS NOT NULL`).pluck().get(runNo) as number;
  const ids: number[] = [];
  if (p.offset < valued) {
    ids.push(...(index.db.prepare(`SELECT id FROM items WHERE run_no = ? AND ${col} IS NOT NULL ORDER BY ${col} ${dir}, id ${dir} LIMIT ? OFFSET ?`)
      .pluck().all(runNo, p.limit, p.offset) as number[]));
  }
  const rest = p.limit - ids.length;
  if (rest > 0 && valued < p.total) {
    // The run's rowid range: the partial index holds no entry for these.
    ids.push(...(index.db.prepare(`SELECT id FROM items WHERE id BETWEEN ? AND ? AND ${col} IS NULL ORDER BY id ${dir} LIMIT ? OFFSET ?`)
      .pluck().all(lo, hi, rest, Math.max(0, p.offset - valued)) as number[]));
  }
  return ids;
}

/** One item, or null. */
export function getItem(index: ResultsIndex, runId: string, key: string): IndexedItem | null {
  const id = index.db.prepare('SELECT i.id FROM items i JOIN runs r ON r.run_no = i.run_no WHERE r.run_id = ? AND i.key = ?').pluck().get(runId, key) as number | undefined;
  return id === undefined ? null : rowsById(index, [id])[0];
}

const ROW_SQL = `SELECT i.*, i.id - i.run_no * ${RUN_SPAN} AS seq, t.question, t.verdict_message, t.error_message
  FROM items i LEFT JOIN item_text t ON t.id = i.id WHERE i.id IN (SELECT value FROM json_each(?))`;

/** Full rows for `ids`, in that order. */
function rowsById(index: ResultsIndex, ids: number[]): IndexedItem[] {
  if (ids.length === 0) return [];
  const rows = index.db.prepare(ROW_SQL).all(JSON.stringify(ids)) as Array<ItemRow & { id: number }>;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [toItem(r)] : [];
  });
}

interface ItemRow extends StatsFields {
  key: string; seq: number; question_id: number | string; sample_number: number; scoring_type: string; question: string;
  status: ItemStatus; responded: number; correct: number | null; exec_ok: number | null; verdict_message: string | null;
  error_message: string | null; error_class: string | null;
}

function toItem(r: ItemRow): IndexedItem {
  const it: IndexedItem = {
    key: r.key, seq: r.seq, question_id: r.question_id, sample_number: r.sample_number, scoring_type: r.scoring_type,
    question: r.question, status: r.status, responded: r.responded === 1, verdictMessage: r.verdict_message, attempt: 0,
  };
  setStatsFields(it, r);
  if (r.correct !== null) it.correct = r.correct === 1;
  if (r.exec_ok === 0) {
    it.error = r.error_message ?? 'execution failed';
    if (r.error_class) it.errorClass = r.error_class;
  }
  return it;
}

