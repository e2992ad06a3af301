'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { ItemState } from '@/lib/state';
import { formatCount, formatDuration } from './format';
import { Countdown } from './countdown';
import { StatusBadge } from './status-badge';

interface Props {
  /** Rows under the query (the virtual list's length); null until the server answered. */
  total: number | null;
  /** Items in the whole run (for `data-total-run`). */
  runTotal: number;
  /** Row `i`, or undefined while its page is on its way (a placeholder row is drawn). */
  rowAt: (i: number) => ItemState | undefined;
  /** Position of the selected row among the loaded ones, -1 when not loaded. */
  selectedIndex: number;
  /** The visible range changed. */
  onRange: (start: number, end: number) => void;
  /** The query the rows answer: a new one scrolls back to the top. */
  queryKey: string;
  selectedKey: string | null;
  onSelect: (key: string) => void;
  /** True when the run has stopped: unfinished items are shown as "unscored"/"not run" rather than running. */
  stopped: boolean;
  /** A page on screen has not arrived yet. */
  loading?: boolean;
  error?: string | null;
}

const ROW_PX = 36;
const GRID = 'grid grid-cols-[6rem_4rem_9rem_6.5rem_3rem_3.5rem_5rem_5.5rem_minmax(0,1fr)] items-center gap-2 px-3';

/** What to display for an item: a stopped run's leftovers are not "running". */
function shownStatus(it: ItemState, stopped: boolean): string {
  if (!stopped || it.status === 'passed' || it.status === 'failed' || it.status === 'errored') return it.status;
  return it.responded ? 'unscored' : 'not run';
}

/**
 * One row per instance of the query, virtualized over `total` rows (only visible rows are in the DOM; their
 * pages are fetched as the list scrolls), click to open the conversation.
 */
export function ItemTable({ total, runTotal, rowAt, selectedIndex, onRange, queryKey, selectedKey, onSelect, stopped, loading, error }: Props) {
  const parentRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
  });
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  useEffect(() => {
    virtualizer.scrollToOffset(0);
  }, [queryKey, virtualizer]);
  const virtual = virtualizer.getVirtualItems();
  const first = virtual[0]?.index ?? 0;
  const last = virtual.at(-1)?.index ?? 0;
  useEffect(() => onRange(first, last), [first, last, onRange]);

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="min-w-[58rem]">
      <div className={`${GRID} border-b border-slate-200 py-2 text-xs font-medium uppercase tracking-wide text-slate-500`}>
        <span>Item</span><span>Sample</span><span>Scoring</span><span>Status</span><span>Try</span><span>Rnds</span><span>Tokens</span><span>Time</span><span>Question / verdict</span>
      </div>
      <div ref={parentRef} data-testid="item-table" data-rows={count} data-total-run={runTotal} data-query={queryKey} data-loading={loading ? 'true' : 'false'} className="h-[28rem] overflow-auto contain-strict" role="grid">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtual.map((v) => {
            const it = rowAt(v.index);
            if (!it) {
              return <div key={v.key} role="row" data-testid="item-row-loading" className={`${GRID} absolute left-0 top-0 w-full border-b border-slate-100 text-sm text-slate-300`}
                style={{ height: ROW_PX, transform: `translateY(${v.start}px)` }}><span>…</span></div>;
            }
            return <ItemRow key={v.key} it={it} top={v.start} selected={it.key === selectedKey} stopped={stopped} onSelect={onSelect} />;
          })}
        </div>
        {count === 0 && <p className="p-4 text-sm text-slate-500" data-testid={loading ? 'rows-loading' : undefined}>{loading ? 'Loading rows…' : 'No items match.'}</p>}
        {error && <p className="p-2 text-sm text-rose-700" role="alert" data-testid="rows-error">{error}</p>}
      </div>
      </div>
    </div>
  );
}

/** One instance's row, at `top` px in the virtual list; a click opens its conversation. Re-rendered only when its item changed. */
const ItemRow = memo(function ItemRow({ it, top, selected, stopped, onSelect }: { it: ItemState; top: number; selected: boolean; stopped: boolean; onSelect: (key: string) => void }) {
  return (
    <div
      role="row"
      tabIndex={-1}
      aria-selected={selected}
      data-testid="item-row"
      data-key={it.key}
      data-question-id={String(it.question_id)}
      data-sample={String(it.sample_number)}
      data-status={it.status}
      onClick={() => onSelect(it.key)}
      className={`${GRID} absolute left-0 top-0 w-full cursor-pointer border-b border-slate-100 text-sm hover:bg-slate-50 ${selected ? 'bg-sky-50 ring-1 ring-inset ring-sky-300' : ''}`}
      style={{ height: ROW_PX, transform: `translateY(${top}px)` }}
    >
      <span className="font-mono text-xs">{`q${it.question_id}`}</span>
      <span className="tabular-nums">{it.sample_number}</span>
      <span className="truncate text-xs text-slate-600" title={it.scoring_type}>{it.scoring_type}</span>
      <span><StatusBadge status={shownStatus(it, stopped)} /></span>
      <span className="tabular-nums text-slate-600">{it.attempt ? formatCount(it.attempt) : ''}</span>
      <span className="tabular-nums text-slate-600">{it.rounds !== undefined ? formatCount(it.rounds) : ''}</span>
      <span className="tabular-nums text-slate-600">{it.tokens !== undefined ? formatCount(it.tokens) : ''}</span>
      <span className="tabular-nums text-slate-600">{it.durationMs !== undefined ? formatDuration(it.durationMs) : ''}</span>
      <span className="truncate text-slate-700" title={it.question}>
        {it.status === 'failed' || it.status === 'errored'
          ? <span className="text-rose-700">{it.error ?? it.verdictMessage ?? 'wrong'}</span>
          : it.status === 'retrying' ? <span className="text-amber-700">{it.retryAt && <><Countdown at={it.retryAt} /> · </>}{it.retryReason}</span>
            : <>{it.worker && (it.status === 'running' || it.status === 'pending') && <span className="text-sky-700" data-testid="item-worker">on {it.worker} · </span>}{it.question}</>}
      </span>
    </div>
  );
});
