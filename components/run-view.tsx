'use client';
import { memo, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { cancelRunAction, resumeRunAction, retryErroredAction } from '@/app/actions/run-actions';
import type { ItemState, RunState } from '@/lib/state';
import { ConversationPanel } from './conversation-panel';
import { formatCount } from './format';
import { DEFAULT_QUERY, INITIAL_QUERY_KEY, stepFailing, toItemsQuery } from './item-filter';
import type { ItemQuery } from './item-filter';
import { ItemTable } from './item-table';
import { ItemToolbar } from './item-toolbar';
import { RunHeader } from './run-header';
import { TallyTable } from './tally-table';
import { useThrottled } from './throttle';
import { useItemWindow } from './use-item-window';
import type { ItemWindowPage } from './use-item-window';
import { useRunSocket } from './use-run-socket';

/** One item fetched by key (a deep link to an item outside the loaded rows). */
function useItemByKey(runId: string, key: string | null, known: boolean): ItemState | undefined {
  const [item, setItem] = useState<ItemState | undefined>(undefined);
  useEffect(() => {
    if (!key || known) return;
    const ctl = new AbortController();
    fetch(`/api/runs/${encodeURIComponent(runId)}/items?key=${encodeURIComponent(key)}`, { signal: ctl.signal, cache: 'no-store' })
      .then(async (r) => (r.ok ? ((await r.json()) as ItemWindowPage).rows[0] : undefined))
      .then((it) => setItem(it))
      .catch(() => undefined);
    return () => ctl.abort();
  }, [runId, key, known]);
  return item?.key === key ? item : undefined;
}

/**
 * Scoring types seen so far (verdict tallies and loaded rows), sorted, for the type filter; the list only grows.
 * `pageRows` changes only when pages load, not with every live batch.
 */
function useScoringTypes(byScoringType: RunState['byScoringType'], pageRows: readonly ItemState[]): string[] {
  const [types, setTypes] = useState<string[]>([]);
  const add = (names: Iterable<string>) => setTypes((old) => {
    const all = new Set(old);
    for (const n of names) if (n) all.add(n);
    return all.size === old.length ? old : [...all].sort();
  });
  useEffect(() => add(Object.keys(byScoringType)), [byScoringType]);
  useEffect(() => add(pageRows.map((r) => r.scoring_type)), [pageRows]);
  return types;
}

/**
 * Keys `j` / `k` select the next / previous failing item, `Escape` closes it (not while typing in a field). The
 * loaded rows are read at the key press, not at every render.
 */
function useFailingKeys(rowsNow: () => ItemState[], selected: string | null, setSelected: (key: string | null) => void): void {
  const latest = useRef({ rowsNow, selected });
  latest.current = { rowsNow, selected };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (e.key === 'j' || e.key === 'k') {
        const next = stepFailing(latest.current.rowsNow(), latest.current.selected, e.key === 'j' ? 1 : -1);
        if (next) setSelected(next);
      } else if (e.key === 'Escape') setSelected(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setSelected]);
}

/** The run's last log lines, folded. */
const RunLog = memo(function RunLog({ logs }: { logs: RunState['logs'] }) {
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="run-logs">
      <summary className="cursor-pointer text-slate-600">Run log ({formatCount(logs.length)})</summary>
      <ul className="mt-2 space-y-1 font-mono text-xs">
        {logs.map((l, i) => <li key={i} className={l.level === 'error' ? 'text-rose-700' : l.level === 'warn' ? 'text-amber-700' : ''}>{l.at} {l.level}: {l.message}</li>)}
      </ul>
    </details>
  );
});

const TALLY_MS = 500;

/** The live run page: header, tallies, filterable item table, conversation panel. Data flows down as props. */
export function RunView({ runId, initial, initialPage, sandboxLink, initialItem }: { runId: string; initial: RunState; initialPage?: ItemWindowPage; sandboxLink?: boolean; initialItem?: string }) {
  const { state, overlay, version, tick, connection, live, resync } = useRunSocket(runId, initial);
  const [query, setQuery] = useState<ItemQuery>(DEFAULT_QUERY);
  const [selected, setSelected] = useState<string | null>(initialItem ?? null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, startTransition] = useTransition();
  const itemsQuery = useMemo(() => toItemsQuery(query), [query]);
  const table = useItemWindow(runId, itemsQuery, { version, tick, streaming: live, overlay, runTotal: state.total },
    initialPage ? { key: INITIAL_QUERY_KEY, page: initialPage } : undefined);
  // The selected row among the loaded ones: looked for only while a row is selected (not at every live batch).
  const selectedRow = useMemo(() => (selected ? table.loadedRows().find((l) => l.row.key === selected) : undefined), [table, selected]);
  const selectedIndex = selectedRow?.index ?? -1;
  const types = useScoringTypes(state.byScoringType, table.pageRows);
  useFailingKeys(() => table.loadedRows().map((l) => l.row), selected, setSelected);

  const act = (fn: (id: string) => Promise<{ ok: boolean; message: string }>) => () =>
    startTransition(async () => {
      const r = await fn(runId);
      setMessage(r.message);
      if (r.ok) resync();
    });
  const loadedItem = selectedRow?.row;
  const fetched = useItemByKey(runId, selected, loadedItem !== undefined || (selected !== null && overlay.get(selected) !== undefined));
  const item = loadedItem ?? (selected ? overlay.get(selected)?.item ?? fetched : undefined);
  const stopped = state.status !== 'running' && state.status !== 'pending';
  // The per-type and per-question tallies (dozens of cells and bars) change with every batch: drawn at most
  // twice a second, the headline counters and the rows at every batch.
  const byScoringType = useThrottled(state.byScoringType, TALLY_MS);
  const byQuestion = useThrottled(state.byQuestion, TALLY_MS);
  return (
    <div className="space-y-4" data-testid="run-view" data-run-id={runId}>
      <RunHeader state={state} connection={connection} live={live} busy={busy} onCancel={act(cancelRunAction)} onResume={(apiKey) => act((id) => resumeRunAction(id, apiKey ? { apiKey } : {}))()} onRetryErrors={act(retryErroredAction)} />
      {message && <p className="text-sm text-slate-600" data-testid="action-message">{message}</p>}
      <div className="grid gap-4 md:grid-cols-2">
        <TallyTable title="Accuracy by scoring type" tallies={byScoringType} testId="by-scoring-type" />
        <TallyTable title="Accuracy by question" tallies={byQuestion} testId="by-question" limit={12} />
      </div>
      <ItemToolbar query={query} onChange={setQuery} scoringTypes={types} shown={table.total ?? 0} total={state.total} />
      <div className={`grid gap-4 ${item ? 'xl:grid-cols-[minmax(0,1fr)_34rem]' : ''}`}>
        <ItemTable total={table.total} runTotal={state.total} rowAt={table.rowAt} selectedIndex={selectedIndex} onRange={table.setRange}
          queryKey={table.key} selectedKey={selected} onSelect={setSelected} stopped={stopped} loading={table.loading} error={table.error} />
        {item && <ConversationPanel runId={runId} item={item} onClose={() => setSelected(null)} />}
      </div>
      {state.logs.length > 0 && <RunLog logs={state.logs} />}
      {sandboxLink && <a className="text-sm text-sky-700 hover:underline" href={`/runs/${encodeURIComponent(runId)}/files`} data-testid="sandbox-link">Browse sandbox files →</a>}
    </div>
  );
}
