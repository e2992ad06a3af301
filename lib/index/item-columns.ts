/**
 * The statistics columns of an index item row, named once: the SQL column and its type, the item field it fills
 * (`IndexedItem` / `ItemState`), the table's sort key for it, and what an item without a value shows. From this
 * table come the `CREATE TABLE items` lines, the catch-up statements and their arguments, `StatsFields`, the value
 * read from a score line's `picard_live`, the window's row type and mapping, and the `ITEM_SORTS` entries. A value
 * taken from the conversation instead is computed by `responseFields` (`item-fields.ts`), which does not compile
 * until it sets every column here; a `field` that `ItemView` (lib/events/item-view.ts) lacks does not compile.
 */
import type { ItemView } from '../events/item-view';

export const STATS_COLUMNS = [
  { column: 'attempts', type: 'INTEGER', field: 'attempt', sort: 'attempts', whenNull: 0 },
  { column: 'rounds', type: 'INTEGER', field: 'rounds', sort: 'rounds' },
  { column: 'tool_calls', type: 'INTEGER', field: 'toolCalls', sort: 'toolCalls' },
  { column: 'tokens', type: 'INTEGER', field: 'tokens', sort: 'tokens' },
  { column: 'duration_ms', type: 'INTEGER', field: 'durationMs', sort: 'durationMs' },
  { column: 'started_at', type: 'TEXT', field: 'startedAt', sort: 'startedAt' },
  { column: 'finished_at', type: 'TEXT', field: 'finishedAt', sort: 'finishedAt' },
  // The conversation's prompt / completion split of `tokens` (for an experiment's cost), when its agent recorded one.
  { column: 'prompt_tokens', type: 'INTEGER', field: 'promptTokens', sort: 'promptTokens' },
  { column: 'completion_tokens', type: 'INTEGER', field: 'completionTokens', sort: 'completionTokens' },
] as const;

type StatsColumn = (typeof STATS_COLUMNS)[number];

/** The statistics columns of an item row, from a response's conversation or a score line's `picard_live`. */
export type StatsFields = { [C in StatsColumn as C['column']]: C['type'] extends 'INTEGER' ? number | null : string | null };

/** The column names, in table (and statement argument) order. */
export const STATS_COLUMN_NAMES: ReadonlyArray<StatsColumn['column']> = STATS_COLUMNS.map((c) => c.column);

/** The sort keys the table uses for these columns, each to its column. */
export const STATS_SORTS = Object.fromEntries(STATS_COLUMNS.map((c) => [c.sort, c.column])) as { [C in StatsColumn as C['sort']]: C['column'] };

/** The `items` DDL lines of these columns. */
export const STATS_DDL = STATS_COLUMNS.map((c) => `${c.column} ${c.type},`).join('\n  ');

/** The statistics columns in statement order (all null for none). */
export function statsArgs(f: StatsFields | null): Array<number | string | null> {
  return STATS_COLUMN_NAMES.map((c) => (f ? f[c] : null));
}

/** `picard_live` of a score line as statistics columns: integers rounded, texts as they are, anything else null. */
export function statsFromRecord(p: Record<string, unknown>): StatsFields {
  const out: Record<string, number | string | null> = {};
  for (const c of STATS_COLUMNS) {
    const v = p[c.column];
    out[c.column] = c.type === 'INTEGER' ? (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : null) : typeof v === 'string' ? v : null;
  }
  return out as StatsFields;
}

/** Sets each statistics field of `item` from a row's columns: a null column leaves it absent (or its `whenNull`). */
export function setStatsFields(item: Partial<Pick<ItemView, StatsColumn['field']>>, row: StatsFields): void {
  const fields = item as Record<string, unknown>;
  for (const c of STATS_COLUMNS) {
    const v = row[c.column];
    if (v !== null) fields[c.field] = v;
    else if ('whenNull' in c) fields[c.field] = c.whenNull;
  }
}

/**
 * Where an item's latest line is in each JSONL file of its run: the byte offset of the line's start, written with
 * the line (null until the item has one; a `scores.json` verdict has none). One item's detail reads its lines there
 * instead of scanning the files (`itemLineHints`, item-line-hints.ts; checked against the file before use).
 */
export const LINE_OFFSET_COLUMNS = [
  { column: 'precheck_offset', file: 'precheck.jsonl' },
  { column: 'response_offset', file: 'responses.jsonl' },
  { column: 'score_offset', file: 'scores.progress.jsonl' },
] as const;

/** The `items` DDL lines of the line offsets. */
export const LINE_OFFSET_DDL = LINE_OFFSET_COLUMNS.map((c) => `${c.column} INTEGER,`).join('\n  ');
