'use client';
import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';
import { itemQueryParams } from '@/lib/index';
import type { ItemsQuery } from '@/lib/index';
import type { ItemState } from '@/lib/state';
import type { LiveOverlay } from './live-overlay';
import { PAGE_ROWS } from './item-filter';

/** While a run streams, the pages on screen are fetched again at most this often (new order and membership). */
const LIVE_REFRESH_MS = 1000;

/** A window of a run's item table as the server answers it (server/run-manager.ts `ItemWindow`). */
export interface ItemWindowPage {
  total: number;
  offset: number;
  rows: ItemState[];
  /** The run's last event already folded into these rows; live events with a higher seq are laid over them. */
  seq: number;
}

interface Loaded {
  /** The query these pages answer (`JSON.stringify` of it). */
  key: string;
  total: number | null;
  pages: ReadonlyMap<number, ItemWindowPage>;
}

export interface ItemWindow {
  /** Rows matching the query (null until the first answer). */
  total: number | null;
  /** The query the shown rows answer, and whether a page on screen is still on its way. */
  key: string;
  loading: boolean;
  /** Row `i` of the query, or undefined while its page is not loaded. */
  rowAt(i: number): ItemState | undefined;
  /** Loaded rows in table order with their positions (for j/k and finding the selected row). */
  loadedRows(): Array<{ index: number; row: ItemState }>;
  /** The loaded pages' rows as the server sent them (no live overlay): a new array only when pages load. */
  pageRows: readonly ItemState[];
  /** The table's visible range changed: load the pages it needs. */
  setRange(start: number, end: number): void;
  error: string | null;
}

/**
 * The run page's item table as server windows: pages of `PAGE_ROWS` rows fetched for the visible range of the
 * virtualized table, under the toolbar's query. `overlay` (live items from the socket, each with the seq of its
 * last event) is laid over the loaded rows, so live updates show at once; on a new snapshot (`version`) and at
 * most once a second while events flow (`tick`) the pages on screen are fetched again.
 */
export function useItemWindow(
  runId: string,
  query: ItemsQuery,
  live: { version: number; tick: number; streaming: boolean; overlay: LiveOverlay; runTotal: number },
  initial?: { key: string; page: ItemWindowPage },
): ItemWindow {
  const key = JSON.stringify(query);
  const [loaded, setLoaded] = useState<Loaded>(() =>
    initial && initial.key === key ? { key, total: initial.page.total, pages: new Map([[0, initial.page]]) } : { key, total: null, pages: new Map() });
  const range = useRef({ start: 0, end: 40 });
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  const keyRef = useRef(key);
  keyRef.current = key;
  const queryRef = useRef(query);
  queryRef.current = query;
  const { fetchPage, requests, inflight, error } = usePageFetch(runId, keyRef, queryRef, setLoaded);

  const wanted = useCallback((): number[] => pagesFor(range.current, loadedRef.current.total), []);

  const ensure = useCallback(() => {
    for (const p of wanted()) if (!loadedRef.current.pages.has(p) && !requests.current.has(p)) fetchPage(p);
  }, [wanted, fetchPage, requests]);

  /** Fetches the pages on screen again and forgets the others (their order may have moved). */
  const refresh = useCallback(() => {
    const keep = new Set(wanted());
    setLoaded((d) => ({ ...d, pages: new Map([...d.pages].filter(([p]) => keep.has(p))) }));
    for (const p of keep) fetchPage(p);
  }, [wanted, fetchPage]);

  // A new query: start from its first rows.
  useEffect(() => {
    if (loadedRef.current.key === key && loadedRef.current.pages.size > 0) return;
    requests.current.clear();
    loadedRef.current = { key, total: null, pages: new Map() };
    setLoaded(loadedRef.current);
    range.current = { start: 0, end: 40 };
    ensure();
  }, [key, ensure, requests]);

  // Live: membership and order under filters and sorts move. In run order without filters only the row count
  // can change (the overlay keeps the rows current): refresh just for that.
  const moving = query.sort !== 'seq' || !!query.status?.length || !!query.scoringType?.length || !!query.search || loaded.total !== live.runTotal;
  useLiveRefresh(live, moving, refresh);

  const setRange = useCallback((start: number, end: number) => {
    range.current = { start, end };
    ensure();
  }, [ensure]);

  const visible = loaded.key === key ? loaded : { key, total: null, pages: new Map<number, ItemWindowPage>() };
  const loadingNow = inflight > 0 && wanted().some((p) => !visible.pages.has(p));
  return useWindowView(visible, { loading: visible.total === null || loadingNow, error, setRange }, live.overlay);
}

/** The window as the table reads it: the loaded rows, each with the live overlay laid over it when its events are newer. */
function useWindowView(
  visible: Loaded,
  status: Pick<ItemWindow, 'loading' | 'error' | 'setRange'>,
  overlay: LiveOverlay,
): ItemWindow {
  const merged = useRef(new WeakMap<ItemState, { over: ItemState; row: ItemState }>());
  const merge = useCallback((row: ItemState, seq: number): ItemState => {
    const entry = overlay.get(row.key);
    if (!entry || entry.seq <= seq) return row;
    // The same row under the same live item is the same object from render to render (rows can skip re-rendering).
    const known = merged.current.get(row);
    if (known?.over === entry.item) return known.row;
    const next = { ...row, ...entry.item, question: row.question || entry.item.question };
    merged.current.set(row, { over: entry.item, row: next });
    return next;
  }, [overlay]);
  const { loading, error, setRange } = status;
  const pageRows = useMemo(() => [...visible.pages.values()].flatMap((p) => p.rows), [visible]);
  return useMemo(() => ({
    total: visible.total,
    key: visible.key,
    loading,
    error,
    setRange,
    pageRows,
    rowAt: (i: number) => {
      const page = visible.pages.get(Math.floor(i / PAGE_ROWS));
      const row = page?.rows[i - page.offset];
      return row && page ? merge(row, page.seq) : undefined;
    },
    loadedRows: () => [...visible.pages.entries()].sort(([a], [b]) => a - b)
      .flatMap(([, page]) => page.rows.map((row, j) => ({ index: page.offset + j, row: merge(row, page.seq) }))),
  }), [visible, loading, error, setRange, merge, pageRows]);
}

/** The pages a visible range of rows needs, with a quarter page to spare either side (none past the last row). */
function pagesFor({ start, end }: { start: number; end: number }, total: number | null): number[] {
  const first = Math.max(0, Math.floor((start - PAGE_ROWS / 4) / PAGE_ROWS));
  const lastRow = total === null ? end : Math.min(total - 1, end + PAGE_ROWS / 4);
  const last = Math.max(first, Math.floor(Math.max(0, lastRow) / PAGE_ROWS));
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/**
 * Fetches pages of the current query into `setLoaded`. `requests` holds the latest request per page of the
 * current query: an answer to an older request, or for another query, is dropped.
 */
function usePageFetch(
  runId: string,
  keyRef: RefObject<string>,
  queryRef: RefObject<ItemsQuery>,
  setLoaded: Dispatch<SetStateAction<Loaded>>,
): { fetchPage: (page: number) => void; requests: RefObject<Map<number, number>>; inflight: number; error: string | null } {
  const [inflight, setInflight] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const requests = useRef(new Map<number, number>());
  const counter = useRef(0);
  const fetchPage = useCallback((page: number) => {
    const id = ++counter.current;
    const forKey = keyRef.current;
    requests.current.set(page, id);
    setInflight((n) => n + 1);
    const params = itemQueryParams({ ...queryRef.current, offset: page * PAGE_ROWS, limit: PAGE_ROWS });
    fetch(`/api/runs/${encodeURIComponent(runId)}/items?${params}`, { cache: 'no-store' })
      .then(async (r) => {
        if (!r.ok) throw new Error(`${r.status} ${((await r.json().catch(() => ({}))) as { error?: string }).error ?? r.statusText}`);
        return (await r.json()) as ItemWindowPage;
      })
      .then((w) => {
        if (keyRef.current !== forKey || requests.current.get(page) !== id) return;
        requests.current.delete(page);
        setError(null);
        setLoaded((d) => (d.key !== forKey ? d : { key: forKey, total: w.total, pages: new Map(d.pages).set(page, w) }));
      })
      .catch((e: Error) => {
        if (keyRef.current === forKey && requests.current.get(page) === id) {
          requests.current.delete(page);
          setError(e.message);
        }
      })
      .finally(() => setInflight((n) => n - 1));
  }, [runId, keyRef, queryRef, setLoaded]);
  return { fetchPage, requests, inflight, error };
}

/**
 * When the pages on screen are fetched again: on a new snapshot (join, reconnect, resume, a foreign run's files
 * changed); while events flow and the rows are `moving`, at most once a second; and once when the stream ends
 * (run-finished: the server answers once the index holds every item).
 */
function useLiveRefresh(live: { version: number; tick: number; streaming: boolean }, moving: boolean, refresh: () => void): void {
  const firstVersion = useRef(live.version);
  useEffect(() => {
    if (live.version === firstVersion.current) return;
    refresh();
  }, [live.version, refresh]);

  const lastRefresh = useRef(0);
  useEffect(() => {
    if (!live.streaming || live.tick === 0 || !moving) return;
    const wait = Math.max(0, LIVE_REFRESH_MS - (Date.now() - lastRefresh.current));
    const t = setTimeout(() => { lastRefresh.current = Date.now(); refresh(); }, wait);
    return () => clearTimeout(t);
  }, [live.tick, live.streaming, moving, refresh]);

  const wasStreaming = useRef(live.streaming);
  useEffect(() => {
    if (wasStreaming.current && !live.streaming) refresh();
    wasStreaming.current = live.streaming;
  }, [live.streaming, refresh]);
}
