import type { ItemState, RunState } from '@/lib/state';

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

const STATUS_RANK: Record<ItemState['status'], number> = { errored: 0, failed: 1, retrying: 2, running: 3, pending: 4, passed: 5 };

/** Failed or errored: what a researcher steps through with j/k. */
export function isFailing(it: ItemState): boolean {
  return it.status === 'failed' || it.status === 'errored';
}

function matchesStatus(it: ItemState, f: StatusFilter): boolean {
  switch (f) {
    case 'all': return true;
    case 'failing': return isFailing(it);
    case 'passed': return it.status === 'passed';
    case 'active': return it.status === 'running' || it.status === 'retrying';
    case 'pending': return it.status === 'pending';
  }
}

function compare(a: ItemState, b: ItemState, key: SortKey, pos: Map<string, number>): number {
  switch (key) {
    case 'order': return (pos.get(a.key) ?? 0) - (pos.get(b.key) ?? 0);
    case 'question': return String(a.question_id).localeCompare(String(b.question_id), undefined, { numeric: true }) || a.sample_number - b.sample_number;
    case 'status': return STATUS_RANK[a.status] - STATUS_RANK[b.status];
    case 'duration': return (a.durationMs ?? -1) - (b.durationMs ?? -1);
    case 'tokens': return (a.tokens ?? -1) - (b.tokens ?? -1);
  }
}

/** The rows to show, filtered and sorted (stable: ties keep run order). */
export function selectItems(state: RunState, q: ItemQuery): ItemState[] {
  const text = q.text.trim().toLowerCase();
  const rows = state.order
    .map((k) => state.items[k])
    .filter((it) => it && matchesStatus(it, q.status) && (!q.scoringType || it.scoring_type === q.scoringType))
    .filter((it) => !text || it.key.toLowerCase().includes(text) || it.question.toLowerCase().includes(text) || (it.verdictMessage ?? '').toLowerCase().includes(text));
  // Run order needs no sort (filtering keeps it): this is the live default, re-run on every batch of events.
  if (q.sort === 'order' && !q.desc) return rows;
  const pos = new Map(state.order.map((k, i) => [k, i]));
  const dir = q.desc ? -1 : 1;
  return rows.sort((a, b) => dir * compare(a, b, q.sort, pos) || (pos.get(a.key) ?? 0) - (pos.get(b.key) ?? 0));
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
