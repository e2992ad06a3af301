'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ItemState } from '@/lib/state';
import { formatCount, formatDuration } from './format';
import { Countdown } from './countdown';
import { StatusBadge } from './status-badge';

interface Props {
  rows: ItemState[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
  /** True when the run has stopped: unfinished items are shown as "unscored"/"not run" rather than running. */
  stopped: boolean;
  /** The rows have not arrived yet (big runs send them in the socket snapshot, not in the HTML). */
  loading?: boolean;
}

const ROW_PX = 36;
const GRID = 'grid grid-cols-[6rem_4rem_9rem_6.5rem_3rem_3.5rem_5rem_5.5rem_minmax(0,1fr)] items-center gap-2 px-3';

/** What to display for an item: a stopped run's leftovers are not "running". */
function shownStatus(it: ItemState, stopped: boolean): string {
  if (!stopped || it.status === 'passed' || it.status === 'failed' || it.status === 'errored') return it.status;
  return it.responded ? 'unscored' : 'not run';
}

/** One row per instance, virtualized (only visible rows are in the DOM), click to open the conversation. */
export function ItemTable({ rows, selectedKey, onSelect, stopped, loading }: Props) {
  const parentRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parentRef.current,
    estimateSize: () => ROW_PX,
    overscan: 20,
    getItemKey: (i) => rows[i].key,
  });
  const selectedIndex = selectedKey ? rows.findIndex((r) => r.key === selectedKey) : -1;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <div className="min-w-[58rem]">
      <div className={`${GRID} border-b border-slate-200 py-2 text-xs font-medium uppercase tracking-wide text-slate-500`}>
        <span>Item</span><span>Sample</span><span>Scoring</span><span>Status</span><span>Try</span><span>Rnds</span><span>Tokens</span><span>Time</span><span>Question / verdict</span>
      </div>
      <div ref={parentRef} data-testid="item-table" data-rows={rows.length} className="h-[28rem] overflow-auto" role="grid">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const it = rows[v.index];
            const selected = it.key === selectedKey;
            return (
              <div
                key={v.key}
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
                style={{ height: ROW_PX, transform: `translateY(${v.start}px)` }}
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
                    : it.status === 'retrying' ? <span className="text-amber-700">{it.retryAt && <><Countdown at={it.retryAt} /> · </>}{it.retryReason}</span> : it.question}
                </span>
              </div>
            );
          })}
        </div>
        {rows.length === 0 && <p className="p-4 text-sm text-slate-500" data-testid={loading ? 'rows-loading' : undefined}>{loading ? 'Loading rows…' : 'No items match.'}</p>}
      </div>
      </div>
    </div>
  );
}
