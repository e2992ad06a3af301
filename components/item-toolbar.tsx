'use client';
import { memo } from 'react';
import { formatCount } from './format';
import type { ItemQuery, SortKey, StatusFilter } from './item-filter';

interface Props {
  query: ItemQuery;
  onChange: (q: ItemQuery) => void;
  scoringTypes: string[];
  shown: number;
  total: number;
}

const input = 'rounded border border-slate-300 bg-white px-2 py-1 text-sm';

/** Filters and sort for the item table, plus the keyboard hint. Re-rendered only when its props change (not per live batch). */
export const ItemToolbar = memo(function ItemToolbar({ query, onChange, scoringTypes, shown, total }: Props) {
  const set = (patch: Partial<ItemQuery>) => onChange({ ...query, ...patch });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select aria-label="Status filter" data-testid="filter-status" className={input} value={query.status} onChange={(e) => set({ status: e.target.value as StatusFilter })}>
        <option value="all">All statuses</option>
        <option value="failing">Failed + errored</option>
        <option value="passed">Passed</option>
        <option value="active">Running</option>
        <option value="pending">Pending</option>
      </select>
      <select aria-label="Scoring type filter" data-testid="filter-scoring" className={input} value={query.scoringType} onChange={(e) => set({ scoringType: e.target.value })}>
        <option value="">All scoring types</option>
        {scoringTypes.map((t) => <option key={t} value={t}>{t}</option>)}
      </select>
      <input aria-label="Search" data-testid="filter-text" placeholder="Search question / key / verdict" className={`${input} w-64`} value={query.text} onChange={(e) => set({ text: e.target.value })} />
      <select aria-label="Sort" data-testid="sort" className={input} value={query.sort} onChange={(e) => set({ sort: e.target.value as SortKey })}>
        <option value="order">Run order</option>
        <option value="question">Question</option>
        <option value="status">Status (worst first)</option>
        <option value="duration">Duration</option>
        <option value="tokens">Tokens</option>
      </select>
      <button type="button" className={input} onClick={() => set({ desc: !query.desc })} aria-label="Reverse sort">{query.desc ? '↓' : '↑'}</button>
      <span className="ml-auto text-xs text-slate-500" data-testid="items-shown">{formatCount(shown)} of {formatCount(total)} items · <kbd>j</kbd>/<kbd>k</kbd> next/previous failing · <kbd>Esc</kbd> close</span>
    </div>
  );
});
