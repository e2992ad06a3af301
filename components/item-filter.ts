import type { ItemStatus } from '@/lib/events';
import type { ItemSort, ItemsQuery } from '@/lib/index';
import type { ItemState } from '@/lib/state';

export type StatusFilter = 'all' | 'failing' | 'passed' | 'active' | 'pending';
export type SortKey = 'order' | 'question' | 'status' | 'duration' | 'tokens';

export interface ItemQuery {
  status: StatusFilter;
  scoringType: string;
  text: string;
  sort: SortKey;
  desc: boolean;
}

export const DEFAULT_QUERY: ItemQuery = { status: 'all', scoringType: '', text: '', sort: 'order', desc: false };

/** Rows per window request: a screen is ~13 rows, so a page covers a good scroll before the next request. */
export const PAGE_ROWS = 200;

/** Failed or errored: what a researcher steps through with j/k. */
export function isFailing(it: ItemState): boolean {
  return it.status === 'failed' || it.status === 'errored';
}

const STATUS: Record<StatusFilter, ItemStatus[] | undefined> = {
  all: undefined, failing: ['failed', 'errored'], passed: ['passed'], active: ['running', 'retrying'], pending: ['pending'],
};
const SORT: Record<SortKey, ItemSort> = { order: 'seq', question: 'question_id', status: 'status', duration: 'durationMs', tokens: 'tokens' };

/** The toolbar's query as the server's window query (filters and order; the table adds offset/limit). */
export function toItemsQuery(q: ItemQuery): ItemsQuery {
  const out: ItemsQuery = { sort: SORT[q.sort], dir: q.desc ? 'desc' : 'asc' };
  const status = STATUS[q.status];
  if (status) out.status = status;
  if (q.scoringType) out.scoringType = [q.scoringType];
  const text = q.text.trim();
  if (text) out.search = text;
  return out;
}

/** The next (step 1) or previous (step -1) failing item after `current` in `rows`, wrapping around. */
export function stepFailing(rows: ItemState[], current: string | null, step: 1 | -1): string | null {
  const failing = rows.filter(isFailing);
  if (failing.length === 0) return null;
  const idx = current === null ? -1 : rows.findIndex((r) => r.key === current);
  const n = rows.length;
  for (let i = 1; i <= n; i++) {
    const r = rows[(((idx + step * i) % n) + n) % n];
    if (r && isFailing(r)) return r.key;
  }
  return null;
}

/** The default query as the server's window query: the first page of it is rendered with the run page. */
export const INITIAL_QUERY_KEY = JSON.stringify(toItemsQuery(DEFAULT_QUERY));
